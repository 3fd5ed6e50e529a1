/// How to run a suite on a model.
public struct RunOptions: Sendable, Hashable {
    public var epochs: Int
    /// Evaluate only the first `limit` items of the suite (in suite order).
    public var limit: Int?
    public var seed: Int
    /// Requests in flight at once; defaults to the provider's suggestion.
    public var concurrency: Int?
    /// Resume this run id (or unique prefix).
    public var resume: String?
    /// Start a new run even when an unfinished one with the same configuration exists.
    public var fresh: Bool
    /// Use and fill the response cache.
    public var useCache: Bool
    public var retry: RetryPolicySettings
    /// Labels stored with the run (`axis=1e8`).
    public var labels: [String: String]

    public init(epochs: Int = 1, limit: Int? = nil, seed: Int = 0, concurrency: Int? = nil, resume: String? = nil, fresh: Bool = false,
                useCache: Bool = true, retry: RetryPolicySettings = RetryPolicySettings(), labels: [String: String] = [:]) {
        self.epochs = epochs
        self.limit = limit
        self.seed = seed
        self.concurrency = concurrency
        self.resume = resume
        self.fresh = fresh
        self.useCache = useCache
        self.retry = retry
        self.labels = labels
    }
}

/// Retry settings (mirrors the provider module's `RetryPolicy` so callers need not import it).
public struct RetryPolicySettings: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 0.25, maxDelay: Double = 30) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }
}
