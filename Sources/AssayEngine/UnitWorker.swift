import AssayCore
import AssayProviders
import AssayStore
import Foundation

/// Turns one work unit into a stored result: render, look up the cache, request with retries, measure
/// log-likelihoods when scorers want them, score. A request that fails after its retries becomes a sample
/// with an error (no scores); a unit cancelled mid-flight returns nil and is simply redone on resume.
struct UnitWorker: Sendable {
    let provider: any ModelProvider
    let store: any Store
    let scorers: [any Scorer]
    let template: PromptTemplate
    let generation: GenerationParameters
    let runID: String
    let seed: Int
    let useCache: Bool
    let retry: RetryPolicy
    let wantsLogLikelihoods: ScorerNeeds
    let observer: @Sendable (RunEvent) -> Void

    func process(_ unit: WorkUnit) async -> SampleResult? {
        let item = unit.item
        let messages = PromptRenderer.messages(for: item, template: template)
        var parameters = generation
        parameters.seed = generation.seed ?? Self.sampleSeed(seed: seed, itemID: item.id, epoch: unit.epoch)
        let request = GenerationRequest(messages: messages, parameters: parameters)
        let key = Self.cacheKey(model: provider.spec.description, request: request, epoch: unit.epoch)
        let started = ContinuousClock.now

        var sample = Sample(runID: runID, itemID: item.id, epoch: unit.epoch, messages: messages)
        if useCache, let cached = try? await store.cachedCompletion(key: key) {
            sample.completion = cached
            sample.cached = true
            sample.attempts = 0
        } else {
            let outcome = await retry.run { try await provider.generate(request) }
            sample.attempts = outcome.attempts
            switch outcome.result {
            case .success(let completion):
                sample.completion = completion
            case .failure(let error):
                if Task.isCancelled { return nil }
                sample.error = error.description
            }
        }
        if sample.error == nil {
            await measureLikelihoods(item: item, messages: messages, into: &sample)
            if Task.isCancelled { return nil }
        }
        sample.latency = Self.seconds(ContinuousClock.now - started)
        guard sample.error == nil else { return SampleResult(sample: sample, scores: [], cacheKey: nil) }
        var scores: [Score] = []
        for scorer in scorers where scorer.applies(to: item) {
            scores.append(await scorer.score(item: item, sample: sample))
        }
        return SampleResult(sample: sample, scores: scores, cacheKey: useCache ? key : nil)
    }

    /// Target and choice log-likelihoods, when a scorer needs them and the provider gives them. A failure leaves them nil
    /// (their scorers abstain) and never fails the sample.
    private func measureLikelihoods(item: Item, messages: [Message], into sample: inout Sample) async {
        guard !wantsLogLikelihoods.isEmpty else { return }
        switch item.target {
        case .choice(_, let choices) where wantsLogLikelihoods.contains(.choiceLogLikelihoods):
            // With lettered options in the prompt the model is asked for a letter, so the letter's likelihood is compared;
            // otherwise the option texts themselves.
            let lettered = template.template.contains("{{choices}}")
            var values: [Double] = []
            for (index, choice) in choices.enumerated() {
                let continuation = lettered ? ChoiceLetters.letter(index) : " " + choice
                guard let value = await logLikelihood(messages, continuation) else { return }
                values.append(value)
            }
            sample.choiceLogLikelihoods = values
        case .text, .number:
            if wantsLogLikelihoods.contains(.targetLogLikelihood), let reference = item.target.referenceText {
                sample.targetLogLikelihood = await logLikelihood(messages, reference)
            }
        default:
            break
        }
    }

    private func logLikelihood(_ messages: [Message], _ continuation: String) async -> Double? {
        let outcome = await retry.run { try await provider.logLikelihood(context: messages, continuation: continuation) }
        return try? outcome.result.get()
    }

    /// A per-sample seed derived from the run seed, so epochs differ and reruns repeat.
    static func sampleSeed(seed: Int, itemID: String, epoch: Int) -> Int {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ UInt64(epoch &* 0x9E37) ^ UInt64(itemID.utf8.reduce(0) { ($0 &* 31) &+ Int($1) } & 0x7FFF_FFFF))
        return Int(generator.next() >> 33)
    }

    /// Cache key: provider spec, generation parameters, messages and epoch (epochs are independent draws).
    static func cacheKey(model: String, request: GenerationRequest, epoch: Int) -> String {
        struct Key: Encodable {
            let model: String
            let request: GenerationRequest
            let epoch: Int
        }
        return SHA256.hex(CanonicalJSON.encode(Key(model: model, request: request, epoch: epoch)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
