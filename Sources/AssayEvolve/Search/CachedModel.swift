import AssayCore
import AssayProviders
import AssayStore
import Synchronization

/// A model the search asks through the store's response cache, with retries, counting its requests.
///
/// Each answer is cached as it arrives under a key of the evolution, the purpose of the request and the request
/// itself, so a search resumed after a crash finds the answers it had already received and does not ask again. A
/// budget, when given, is taken one unit per attempt before the attempt is made.
struct CachedModel: Sendable {
    let provider: any ModelProvider
    let store: any Store
    let evolutionID: String
    let retry: RetryPolicy
    let budget: QueryBudget?
    let counter = Counter()

    /// The answer, or the error after retries (``ProviderError/Kind/configuration`` once the budget is spent).
    func ask(_ request: GenerationRequest, purpose: String) async -> Result<Completion, ProviderError> {
        let key = Self.key(evolution: evolutionID, purpose: purpose, model: provider.identity, request: request)
        if let cached = try? await store.cachedResponse(key: key) {
            let attempts = cached.attempts ?? 1
            budget?.charge(attempts)
            counter.add(attempts)
            return .success(cached.completion)
        }
        let budget = self.budget
        let provider = self.provider
        let counter = self.counter
        let outcome = await retry.run {
            if let budget, !budget.reserve() {
                throw ProviderError(kind: .configuration, message: "the query budget is spent")
            }
            counter.add(1)
            return try await provider.generate(request)
        }
        if case .success(let completion) = outcome.result {
            try? await store.cacheResponse(key: key, response: CachedResponse(completion: completion, attempts: outcome.attempts))
        }
        return outcome.result
    }

    static func key(evolution: String, purpose: String, model: String, request: GenerationRequest) -> String {
        var text = "evolve-v1\u{1F}\(evolution)\u{1F}\(purpose)\u{1F}\(model)"
        let p = request.parameters
        text += "\u{1F}\(p.maxTokens)\u{1F}\(p.temperature)\u{1F}\(p.topP.map { "\($0)" } ?? "-")\u{1F}\(p.seed.map { "\($0)" } ?? "-")"
        text += "\u{1F}" + p.stop.joined(separator: "\u{1E}")
        for message in request.messages { text += "\u{1F}\(message.role.rawValue)\u{1E}\(message.content)" }
        return SHA256.hex(text)
    }

    /// Requests made (attempts, cached answers counted by the attempts they took).
    final class Counter: Sendable {
        private let value = Mutex(0)
        func add(_ count: Int) { value.withLock { $0 += count } }
        var count: Int { value.withLock { $0 } }
    }
}

/// A ``ModelProvider`` view of a ``CachedModel``, for the mutation operators and the model judge, which take a provider.
/// Each request's purpose is its content (the cache key covers the request), so identical requests share an answer.
struct CachedProvider: ModelProvider {
    let model: CachedModel
    let purpose: String

    var spec: ModelSpec { model.provider.spec }
    var identity: String { model.provider.identity }
    var maxConcurrency: Int { model.provider.maxConcurrency }
    var supportsLogLikelihood: Bool { false }

    func generate(_ request: GenerationRequest) async throws -> Completion {
        try await model.ask(request, purpose: purpose).get()
    }

    func logLikelihood(context: [Message], continuation: String) async throws -> Double {
        throw ProviderError(kind: .unsupported, message: "not used by evolution")
    }
}
