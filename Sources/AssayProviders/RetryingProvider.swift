public import AssayCore

/// A provider whose calls go through a ``RetryPolicy``: used for models called from inside scoring (judges), whose
/// transient failures would otherwise turn into abstentions.
public struct RetryingProvider: ModelProvider {
    public let base: any ModelProvider
    public let policy: RetryPolicy

    public init(_ base: any ModelProvider, policy: RetryPolicy = RetryPolicy()) {
        self.base = base
        self.policy = policy
    }

    public var spec: ModelSpec { base.spec }
    public var identity: String { base.identity }
    public var supportsLogLikelihood: Bool { base.supportsLogLikelihood }
    public var maxConcurrency: Int { base.maxConcurrency }

    public func generate(_ request: GenerationRequest) async throws -> Completion {
        try await policy.run { try await base.generate(request) }.result.get()
    }

    public func logLikelihood(context: [Message], continuation: String) async throws -> Double {
        try await policy.run { try await base.logLikelihood(context: context, continuation: continuation) }.result.get()
    }
}
