import AssayCore
import AssayProviders
import AssayStore
import Foundation
import Synchronization

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
    /// Set once the provider has refused a log-likelihood request for good.
    let likelihoodUnavailable = SharedFlag()

    func process(_ unit: WorkUnit) async -> SampleResult? {
        let item = unit.item
        let messages = PromptRenderer.messages(for: item, template: template)
        var parameters = generation
        parameters.seed = generation.seed ?? Self.sampleSeed(seed: seed, itemID: item.id, epoch: unit.epoch)
        let request = GenerationRequest(messages: messages, parameters: parameters)
        let key = useCache ? Self.cacheKey(model: provider.identity, request: request, itemID: item.id, epoch: unit.epoch) : nil
        let started = ContinuousClock.now

        var sample = Sample(runID: runID, itemID: item.id, epoch: unit.epoch, messages: messages)
        if let key, let cached = try? await store.cachedResponse(key: key) {
            sample.completion = cached.completion
            sample.choiceLogLikelihoods = cached.choiceLogLikelihoods
            sample.targetLogLikelihood = cached.targetLogLikelihood
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
        return SampleResult(sample: sample, scores: scores, cacheKey: key)
    }

    /// Target and choice log-likelihoods, when a scorer needs them and the provider gives them. A failure leaves them nil
    /// (their scorers abstain) and never fails the sample.
    private func measureLikelihoods(item: Item, messages: [Message], into sample: inout Sample) async {
        guard !wantsLogLikelihoods.isEmpty else { return }
        switch item.target {
        case .choice(_, let choices) where wantsLogLikelihoods.contains(.choiceLogLikelihoods) && sample.choiceLogLikelihoods == nil:
            // With lettered options in the prompt the model is asked for a letter, so the letter's likelihood is compared;
            // otherwise the option texts themselves.
            let lettered = template.template.contains("{{choices}}") || template.template.contains("{{ choices }}")
            var values: [Double] = []
            for (index, choice) in choices.enumerated() {
                let continuation = lettered ? ChoiceLetters.letter(index) : " " + choice
                guard let value = await logLikelihood(messages, continuation) else { return }
                values.append(value)
            }
            sample.choiceLogLikelihoods = values
        case .text, .number:
            if wantsLogLikelihoods.contains(.targetLogLikelihood), sample.targetLogLikelihood == nil, let reference = item.target.referenceText {
                sample.targetLogLikelihood = await logLikelihood(messages, reference)
            }
        default:
            break
        }
    }

    private func logLikelihood(_ messages: [Message], _ continuation: String) async -> Double? {
        guard !likelihoodUnavailable.withLock({ $0 }) else { return nil }
        let outcome = await retry.run { try await provider.logLikelihood(context: messages, continuation: continuation) }
        switch outcome.result {
        case .success(let value):
            return value
        case .failure(let error):
            // A server without the capability (no echo, no endpoint) says so once; stop asking for the rest of the run.
            if [.client, .unsupported, .configuration].contains(error.kind), !likelihoodUnavailable.withLock({ $0 }) {
                likelihoodUnavailable.withLock { $0 = true }
                observer(.notice("\(provider.spec) gave no log-likelihood (\(error)); log-probability and Brier scores will abstain"))
            }
            return nil
        }
    }

    /// A per-sample seed derived from the run seed, so epochs differ and reruns repeat.
    static func sampleSeed(seed: Int, itemID: String, epoch: Int) -> Int {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ UInt64(epoch &* 0x9E37) ^ UInt64(itemID.utf8.reduce(0) { ($0 &* 31) &+ Int($1) } & 0x7FFF_FFFF))
        return Int(generator.next() >> 33)
    }

    /// Cache key: provider spec, generation parameters, messages, item and epoch. Epochs are independent draws; the item
    /// (whose id hashes its target and options) is part of the key because the cached log-likelihoods are of its target.
    ///
    /// Built by hand rather than through `JSONEncoder` (a fifth of the engine's CPU at thousands of samples per second):
    /// every field is length-prefixed, so no two different requests give the same byte string.
    static func cacheKey(model: String, request: GenerationRequest, itemID: String, epoch: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        func field(_ text: String) {
            bytes.append(contentsOf: String(text.utf8.count).utf8)
            bytes.append(0x3A)
            bytes.append(contentsOf: text.utf8)
        }
        let p = request.parameters
        field("v1")
        field(model)
        field(String(p.maxTokens))
        field(String(p.temperature))
        field(p.topP.map { String($0) } ?? "-")
        field(String(p.stop.count))
        p.stop.forEach(field)
        field(p.seed.map(String.init) ?? "-")
        field(request.logprobs ? "lp" : "-")
        field(String(request.messages.count))
        for message in request.messages {
            field(message.role.rawValue)
            field(message.content)
        }
        field(itemID)
        field(String(epoch))
        return SHA256.hex(bytes)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// A flag shared by the copies of a worker (a struct copied into each task).
final class SharedFlag: Sendable {
    private let value = Mutex(false)

    func withLock<T>(_ body: (inout Bool) -> T) -> T { value.withLock { body(&$0) } }
}
