public import AssayCore
public import AssayProviders
public import AssayStore
import Foundation

/// The search loop of `assay evolve`.
///
/// Each step proposes up to ``EvolutionSettings/batchSize`` new items in order (first the seeds, then mutations of
/// parents chosen by the strategy), sends them to the target at once, judges the responses, and offers them to the
/// archive in proposal order. A failure that becomes an elite (or, for the random baseline, any new failure) is
/// validated at once: re-run ``EvolutionSettings/reruns`` times on the target, every re-run must fail too, and the
/// second judge must agree on the first response. The state is handed to `checkpoint` after every step.
///
/// Every random choice comes from the state's generator and results are applied in proposal order, so with a
/// deterministic target the same settings (batch size included) give the same search, however the requests interleave.
public struct EvolutionSearch: Sendable {
    /// The models the search talks to.
    public struct Models: Sendable {
        public var target: any ModelProvider
        public var attacker: (any ModelProvider)?
        /// The primary judge; nil for ``RuleJudge``.
        public var judge: (any ModelProvider)?
        public var contrast: (any ModelProvider)?

        public init(target: any ModelProvider, attacker: (any ModelProvider)? = nil, judge: (any ModelProvider)? = nil,
                    contrast: (any ModelProvider)? = nil) {
            self.target = target
            self.attacker = attacker
            self.judge = judge
            self.contrast = contrast
        }
    }

    public let id: String
    public let suite: Suite
    public let settings: EvolutionSettings
    let operators: [any MutationOperator]
    let mapper: DescriptorMapper
    let target: CachedModel
    let attacker: CachedModel?
    let judgeModel: CachedModel?
    let contrast: CachedModel?
    let primaryJudge: any FailureJudge
    let secondJudge: any FailureJudge
    let contrastJudge: any FailureJudge
    let budget: QueryBudget
    let responseLimit = 2_000

    /// - Parameters:
    ///   - id: the evolution's id (it keys the cached answers).
    ///   - scorers: the suite's scorers, for the rule-based judges of capability items.
    ///   - mapper: the archive's axes, resolved against the seeds (``initialState(seeds:mapper:)`` uses the same one).
    public init(id: String, suite: Suite, settings: EvolutionSettings, models: Models, scorers: [any Scorer], mapper: DescriptorMapper,
                store: any Store, retry: RetryPolicy = RetryPolicy()) throws {
        self.id = id
        self.suite = suite
        self.settings = settings
        var operators: [any MutationOperator] = []
        for name in settings.operators {
            guard let op = Operators.named(name) else { throw AssayError(.badInput, "unknown operator '\(name)'") }
            if op.needsAttacker && models.attacker == nil {
                throw AssayError(.badInput, "operator '\(name)' needs an attacker model (--attacker SPEC)")
            }
            operators.append(op)
        }
        guard !operators.isEmpty else { throw AssayError(.badInput, "no mutation operators selected") }
        self.operators = operators
        self.mapper = mapper
        let budget = QueryBudget(used: 0, limit: settings.budget)
        self.budget = budget
        target = CachedModel(provider: models.target, store: store, evolutionID: id, retry: retry, budget: budget)
        attacker = models.attacker.map { CachedModel(provider: $0, store: store, evolutionID: id, retry: retry, budget: nil) }
        judgeModel = models.judge.map { CachedModel(provider: $0, store: store, evolutionID: id, retry: retry, budget: nil) }
        contrast = models.contrast.map { CachedModel(provider: $0, store: store, evolutionID: id, retry: retry, budget: nil) }
        let rule = RuleJudge(scorers: scorers)
        let substance = SubstanceRule(scorers: scorers)
        if let judgeModel {
            // A model judges; the rules confirm.
            primaryJudge = ModelJudge(model: CachedProvider(model: judgeModel, purpose: "judge"))
            secondJudge = rule
        } else {
            primaryJudge = rule
            secondJudge = substance
        }
        contrastJudge = rule
    }

    /// A fresh state: seeds (filtered by tag, sampled down to ``EvolutionSettings/maxSeeds``) placed in their cells.
    public static func initialState(seeds: [Item], settings: EvolutionSettings, mapper: DescriptorMapper) -> EvolutionState {
        var random = SeededGenerator(seed: settings.seed)
        var pool = seeds
        // A seeded partial shuffle picks the seeds; the rest of the stream continues from here.
        var chosen: [Item] = []
        while !pool.isEmpty && chosen.count < settings.maxSeeds {
            chosen.append(pool.remove(at: Int(random.next() % UInt64(pool.count))))
        }
        let candidates = chosen.map { Candidate(item: $0, descriptor: mapper.descriptor(for: $0, operator: nil)) }
        return EvolutionState(archive: Archive(space: mapper.space), random: random, seeds: candidates)
    }

    /// Runs until the budget is spent, nothing new can be proposed, or the task is cancelled (the state of the last
    /// finished step has then been checkpointed). Returns the final state.
    public func run(from start: EvolutionState, checkpoint: (EvolutionState) async throws -> Void,
                    progress: (EvolutionState) -> Void = { _ in }) async throws -> EvolutionState {
        var state = start
        budget.reset(used: start.targetQueries)
        var failedSteps = 0
        while !Task.isCancelled {
            let remaining = settings.budget - budget.used
            guard remaining > 0 else { break }
            let proposals = try await propose(into: &state, count: min(settings.batchSize, remaining))
            if proposals.isEmpty {
                state.stopReason = "no new item could be proposed (every operator gave duplicates or nothing)"
                break
            }
            let answers = await ask(proposals, purpose: { "search:\($0.item.id)" })
            if Task.isCancelled { break }
            // A target that fails every request of several steps in a row is down: stop rather than spend the budget on
            // retries (the state of the last good step is kept, so a rerun resumes once it is back).
            if let error = answers.compactMap(\.error).first, answers.allSatisfy({ $0.error != nil }) {
                failedSteps += 1
                if failedSteps >= 3 {
                    throw AssayError(.runtime, "the target failed every request of the last 3 steps (\(error)); rerun to resume")
                }
            } else {
                failedSteps = 0
            }
            var toValidate: [(proposal: Proposal, response: String, verdict: JudgeVerdict)] = []
            var verdicts = await judgeAll(zip(proposals, answers).map { ($0.item, $1.text) })
            if contrast != nil { verdicts = await contrasted(verdicts, proposals: proposals) }
            for ((proposal, answer), verdict) in zip(zip(proposals, answers), verdicts) {
                let entry = EvolutionState.Evaluated(
                    item: proposal.item, descriptor: proposal.descriptor, fitness: answer.error == nil ? verdict.fitness : nil,
                    response: String(answer.text.prefix(responseLimit)), explanation: verdict.explanation, error: answer.error,
                    atQuery: budget.used)
                state.evaluated.append(entry)
                guard answer.error == nil, let fitness = verdict.fitness else { continue }
                let candidate = Candidate(item: proposal.item, descriptor: proposal.descriptor, fitness: fitness, generation: state.steps + 1)
                let parent = proposal.parent.flatMap { id in state.archive.eliteList.first { $0.item.id == id } ?? state.evaluatedCandidate(id) }
                let accepted: Bool
                switch settings.strategy {
                case .archive: accepted = state.archive.insert(candidate, parent: parent).isAccepted
                case .random: accepted = true
                }
                if accepted, fitness >= settings.threshold, !state.findings.contains(where: { $0.item.id == proposal.item.id }) {
                    toValidate.append((proposal, answer.text, verdict))
                }
            }
            state.steps += 1
            state.targetQueries = budget.used
            if !toValidate.isEmpty {
                let findings = await validate(toValidate, at: state.targetQueries)
                state.findings += findings
            }
            state.targetQueries = budget.used
            state.attackerQueries = start.attackerQueries + (attacker?.counter.count ?? 0)
            state.judgeQueries = start.judgeQueries + (judgeModel?.counter.count ?? 0)
            state.contrastQueries = start.contrastQueries + (contrast?.counter.count ?? 0)
            if Task.isCancelled { break }
            try await checkpoint(state)
            progress(state)
        }
        return state
    }

    // MARK: Proposals

    struct Proposal: Sendable {
        var item: Item
        var descriptor: Descriptor
        var parent: String?
        var operatorName: String?
    }

    /// Up to `count` new items: unevaluated seeds first, then children of selected parents. Each child must be new
    /// (not evaluated before, not a near-duplicate of its parent or its cell's elite).
    func propose(into state: inout EvolutionState, count: Int) async throws -> [Proposal] {
        var proposals: [Proposal] = []
        var seen = Set(state.evaluated.map(\.item.id))
        while proposals.count < count && state.nextSeed < state.seeds.count {
            let seed = state.seeds[state.nextSeed]
            state.nextSeed += 1
            if seen.insert(seed.item.id).inserted {
                proposals.append(Proposal(item: seed.item, descriptor: seed.descriptor, parent: nil, operatorName: nil))
            }
        }
        var misses = 0
        while proposals.count < count && misses < 40 {
            guard let parent = selectParent(&state) else { break }
            let op = operators[Int(state.random.next() % UInt64(operators.count))]
            var context = MutationContext(random: state.random, attacker: attacker.map { CachedProvider(model: $0, purpose: "attacker") },
                                          targetCell: state.archive.targetCell(near: parent.descriptor, using: &state.random),
                                          descriptorSpace: mapper.space, feedback: feedback(for: parent, in: state),
                                          createdAt: Date())
            context.random = state.random
            let children: [Item]
            do {
                children = try await op.mutate(parent.item, context: &context)
            } catch {
                children = []
            }
            state.random = context.random
            guard !children.isEmpty else {
                misses += 1
                continue
            }
            let child = children[Int(state.random.next() % UInt64(children.count))]
            // A small attacker model sometimes marks a scrap ("and") as its prompt: not a test worth a target query.
            if op.needsAttacker && SimilarityFilter.tokens(child.prompt).count < 4 {
                misses += 1
                continue
            }
            let descriptor = mapper.descriptor(for: child, operator: op.name)
            let filter = state.archive.configuration.filter
            let text = SimilarityFilter.text(of: child)
            let nearParent = filter.isNearDuplicate(text, of: [SimilarityFilter.text(of: parent.item)])
            let nearElite = state.archive.elite(at: descriptor).map { filter.isNearDuplicate(text, of: [SimilarityFilter.text(of: $0.item)]) } ?? false
            guard !nearParent, !(settings.strategy == .archive && nearElite), seen.insert(child.id).inserted else {
                misses += 1
                continue
            }
            proposals.append(Proposal(item: child, descriptor: descriptor, parent: parent.item.id, operatorName: op.name))
        }
        return proposals
    }

    /// The archive's choice, or for the random baseline (and an empty archive) a uniform draw over everything evaluated.
    func selectParent(_ state: inout EvolutionState) -> Candidate? {
        if settings.strategy == .archive, let parent = state.archive.selectParent(using: &state.random) { return parent }
        let pool = state.evaluated.filter { $0.error == nil }
        guard !pool.isEmpty else { return nil }
        let entry = pool[Int(state.random.next() % UInt64(pool.count))]
        return Candidate(item: entry.item, descriptor: entry.descriptor, fitness: entry.fitness)
    }

    /// What PAIR refinement learns from the parent's last answer.
    func feedback(for parent: Candidate, in state: EvolutionState) -> RefinementFeedback? {
        guard let entry = state.evaluatedEntry(parent.item.id), let fitness = entry.fitness else { return nil }
        return RefinementFeedback(response: entry.response, score: 1 + Int((fitness * 9).rounded()), explanation: entry.explanation,
                                  goal: state.ancestors(of: parent.item).first?.prompt)
    }

    // MARK: Target and judges

    struct Answer: Sendable {
        var text: String
        var error: String?
    }

    func request(for item: Item, seed: Int?) -> GenerationRequest {
        var parameters = suite.config.generation
        if let seed { parameters.seed = seed }
        return GenerationRequest(messages: PromptRenderer.messages(for: item, template: suite.config.prompt), parameters: parameters, logprobs: false)
    }

    /// The target's answers, in the order of `proposals`.
    func ask(_ proposals: [Proposal], purpose: @escaping @Sendable (Proposal) -> String, seed: Int? = nil) async -> [Answer] {
        await withTaskGroup(of: (Int, Answer).self) { group in
            for (index, proposal) in proposals.enumerated() {
                let request = self.request(for: proposal.item, seed: seed)
                group.addTask {
                    switch await target.ask(request, purpose: purpose(proposal)) {
                    case .success(let completion): (index, Answer(text: completion.text))
                    case .failure(let error): (index, Answer(text: "", error: error.description))
                    }
                }
            }
            var answers = [Answer](repeating: Answer(text: ""), count: proposals.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
    }

    func judgeAll(_ pairs: [(Item, String)], with judge: (any FailureJudge)? = nil) async -> [JudgeVerdict] {
        let judge = judge ?? primaryJudge
        return await withTaskGroup(of: (Int, JudgeVerdict).self) { group in
            for (index, (item, response)) in pairs.enumerated() {
                group.addTask { (index, await judge.judge(item: item, response: response)) }
            }
            var verdicts = [JudgeVerdict](repeating: JudgeVerdict(judge: judge.name, fitness: nil, explanation: ""), count: pairs.count)
            for await (index, verdict) in group { verdicts[index] = verdict }
            return verdicts
        }
    }

    /// With a contrast model, a response is a failure only to the extent that the contrast model does not fail the
    /// same item: fitness becomes `target fitness × (1 − contrast fitness)`, so the archive fills with the items on
    /// which the two model versions disagree, and the search works from there. An abstention on either side abstains.
    func contrasted(_ verdicts: [JudgeVerdict], proposals: [Proposal]) async -> [JudgeVerdict] {
        guard let contrast else { return verdicts }
        let answers = await withTaskGroup(of: (Int, String?).self) { group in
            for (index, proposal) in proposals.enumerated() where verdicts[index].fitness != nil {
                let request = self.request(for: proposal.item, seed: nil)
                group.addTask { (index, try? await contrast.ask(request, purpose: "contrast:\(proposal.item.id)").get().text) }
            }
            var answers = [String?](repeating: nil, count: proposals.count)
            for await (index, text) in group { answers[index] = text }
            return answers
        }
        var out = verdicts
        for index in proposals.indices {
            guard let fitness = verdicts[index].fitness else { continue }
            guard let text = answers[index] else {
                out[index] = JudgeVerdict(judge: verdicts[index].judge, fitness: nil, explanation: "the contrast model gave no answer")
                continue
            }
            let other = await contrastJudge.judge(item: proposals[index].item, response: text)
            guard let otherFitness = other.fitness else {
                out[index] = JudgeVerdict(judge: verdicts[index].judge, fitness: nil, explanation: "contrast: " + other.explanation)
                continue
            }
            out[index] = JudgeVerdict(judge: verdicts[index].judge, fitness: fitness * (1 - otherFitness),
                                      explanation: verdicts[index].explanation + "; contrast model: " + other.explanation)
        }
        return out
    }

    /// Re-runs each candidate failure and asks the second judge (and the contrast model, when set). Candidates the
    /// budget cannot re-run in full stay candidates.
    func validate(_ candidates: [(proposal: Proposal, response: String, verdict: JudgeVerdict)], at query: Int) async -> [EvolutionState.Finding] {
        var findings: [EvolutionState.Finding] = []
        for candidate in candidates {
            var finding = EvolutionState.Finding(
                item: candidate.proposal.item, descriptor: candidate.proposal.descriptor, fitness: candidate.verdict.fitness ?? 1,
                response: String(candidate.response.prefix(responseLimit)), verdicts: [candidate.verdict], status: .candidate,
                reruns: 0, rerunFailures: 0, foundAtQuery: query, foundAt: Date(), validatedAt: nil)
            guard budget.remaining >= settings.reruns else {
                findings.append(finding)
                continue
            }
            let proposal = candidate.proposal
            let reruns = (0..<settings.reruns).map { index in (index, request(for: proposal.item, seed: 1_000 + index)) }
            let answers = await withTaskGroup(of: (Int, Result<Completion, ProviderError>).self) { group in
                for (index, request) in reruns {
                    group.addTask { (index, await target.ask(request, purpose: "rerun-\(index):\(proposal.item.id)")) }
                }
                var results: [(Int, Result<Completion, ProviderError>)] = []
                for await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.map(\.1)
            }
            let texts = answers.compactMap { try? $0.get().text }
            let rerunVerdicts = await judgeAll(texts.map { (proposal.item, $0) })
            finding.reruns = answers.count
            finding.rerunFailures = rerunVerdicts.filter { $0.isFailure(threshold: settings.threshold) }.count
            let second = await secondJudge.judge(item: proposal.item, response: candidate.response)
            finding.verdicts.append(second)
            var confirmed = second.isFailure(threshold: settings.threshold)
            if let contrast {
                let contrastAnswer = await contrast.ask(request(for: proposal.item, seed: nil), purpose: "contrast:\(proposal.item.id)")
                if let text = try? contrastAnswer.get().text {
                    var verdict = await contrastJudge.judge(item: proposal.item, response: text)
                    verdict.judge = "contrast " + contrast.provider.identity
                    finding.verdicts.append(verdict)
                    // A shift between versions: the other model must not fail the same item.
                    confirmed = confirmed && !verdict.isFailure(threshold: settings.threshold)
                } else {
                    confirmed = false
                }
            }
            if finding.rerunFailures < settings.reruns || answers.count < settings.reruns {
                finding.status = .flaky
            } else if !confirmed {
                finding.status = .unconfirmed
            } else {
                finding.status = .validated
                finding.validatedAt = Date()
            }
            findings.append(finding)
        }
        return findings
    }
}

extension EvolutionState {
    /// An evaluated item as a candidate (its cell and fitness), for parents that are not elites.
    func evaluatedCandidate(_ id: String) -> Candidate? {
        evaluatedEntry(id).map { Candidate(item: $0.item, descriptor: $0.descriptor, fitness: $0.fitness) }
    }
}
