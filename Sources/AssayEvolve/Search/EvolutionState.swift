public import AssayCore
public import Foundation

/// Everything a search needs to continue where it stopped: stored after every step.
public struct EvolutionState: Codable, Sendable {
    public var archive: Archive
    public var random: SeededGenerator
    /// The seeds, with their cells, in the order they are evaluated.
    public var seeds: [Candidate]
    public var nextSeed: Int
    /// Every item sent to the target by the search, in order, with its cell and verdict.
    public var evaluated: [Evaluated]
    /// Requests made: to the target (retries and re-runs included), the attacker, the judge, the contrast model.
    public var targetQueries: Int
    public var attackerQueries: Int
    public var judgeQueries: Int
    public var contrastQueries: Int
    /// Failures found, with their validation.
    public var findings: [Finding]
    public var steps: Int
    /// Why the search stopped before spending its budget, if it did.
    public var stopReason: String?

    public init(archive: Archive, random: SeededGenerator, seeds: [Candidate]) {
        self.archive = archive
        self.random = random
        self.seeds = seeds
        self.nextSeed = 0
        self.evaluated = []
        self.targetQueries = 0
        self.attackerQueries = 0
        self.judgeQueries = 0
        self.contrastQueries = 0
        self.findings = []
        self.steps = 0
    }

    /// One evaluated item.
    public struct Evaluated: Codable, Hashable, Sendable {
        public var item: Item
        public var descriptor: Descriptor
        /// The primary judge's fitness; nil when it abstained or the request failed.
        public var fitness: Double?
        /// The target's response, shortened; what PAIR refinement shows the attacker.
        public var response: String
        public var explanation: String
        public var error: String?
        /// Target queries made when it was evaluated.
        public var atQuery: Int

        public init(item: Item, descriptor: Descriptor, fitness: Double?, response: String, explanation: String, error: String?, atQuery: Int) {
            self.item = item
            self.descriptor = descriptor
            self.fitness = fitness
            self.response = response
            self.explanation = explanation
            self.error = error
            self.atQuery = atQuery
        }
    }

    /// A candidate failure and what validation made of it.
    public struct Finding: Codable, Hashable, Sendable {
        public enum Status: String, Codable, Hashable, Sendable {
            /// Not validated yet (the budget ran out first).
            case candidate
            /// Failed every re-run and the second judge agreed.
            case validated
            /// Passed at least one re-run.
            case flaky
            /// The second judge did not call it a failure.
            case unconfirmed
        }

        public var item: Item
        public var descriptor: Descriptor
        public var fitness: Double
        public var response: String
        public var verdicts: [JudgeVerdict]
        public var status: Status
        public var reruns: Int
        public var rerunFailures: Int
        public var foundAtQuery: Int
        public var foundAt: Date
        public var validatedAt: Date?

        public init(item: Item, descriptor: Descriptor, fitness: Double, response: String, verdicts: [JudgeVerdict], status: Status,
                    reruns: Int, rerunFailures: Int, foundAtQuery: Int, foundAt: Date, validatedAt: Date?) {
            self.item = item
            self.descriptor = descriptor
            self.fitness = fitness
            self.response = response
            self.verdicts = verdicts
            self.status = status
            self.reruns = reruns
            self.rerunFailures = rerunFailures
            self.foundAtQuery = foundAtQuery
            self.foundAt = foundAt
            self.validatedAt = validatedAt
        }
    }

    /// Judged responses (abstentions and errors left out) and how many were failures at `threshold`.
    public func judgedCounts(threshold: Double) -> (judged: Int, failures: Int) {
        let fitness = evaluated.compactMap(\.fitness)
        return (fitness.count, fitness.filter { $0 >= threshold }.count)
    }

    /// The validated findings, in the order found.
    public var validated: [Finding] { findings.filter { $0.status == .validated } }

    /// The evaluated entry of an item id.
    public func evaluatedEntry(_ id: String) -> Evaluated? { evaluated.last { $0.item.id == id } }

    /// The transformation that made the target fail: the operator of the first item on the way from the seed to `item`
    /// that was judged a failure (its ancestors before it were not). `direct` when the seed itself failed.
    public func weaknessFamily(of item: Item, threshold: Double) -> String {
        for step in ancestors(of: item) + [item] {
            let failed = (evaluatedEntry(step.id)?.fitness ?? (step.id == item.id ? 1 : 0)) >= threshold
            if failed { return step.provenance.operator ?? DescriptorMapper.direct }
        }
        return item.provenance.operator ?? DescriptorMapper.direct
    }

    /// The chain of ancestors of `item` among the seeds and evaluated items, seed first (the item itself excluded).
    public func ancestors(of item: Item) -> [Item] {
        var byID: [String: Item] = [:]
        for seed in seeds { byID[seed.item.id] = seed.item }
        for entry in evaluated { byID[entry.item.id] = entry.item }
        var chain: [Item] = []
        var next = item.provenance.parent
        var seen: Set<String> = [item.id]
        while let id = next, let parent = byID[id], seen.insert(id).inserted {
            chain.append(parent)
            next = parent.provenance.parent
        }
        return chain.reversed()
    }
}
