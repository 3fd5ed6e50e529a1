public import AssayProviders

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
    public var retry: RetryPolicy
    /// Stop the run after this many failed requests in a row (0: never).
    public var abortAfterConsecutiveErrors: Int
    /// List each item's verdicts in the report (JUnit output needs them; they cost memory on large runs).
    public var includeCases: Bool
    /// Labels stored with the run (`axis=1e8`).
    public var labels: [String: String]
    /// Sampling temperature instead of the suite's (part of the run's configuration, so of its hash).
    public var temperature: Double?
    /// Queue the run's units for `assay worker` processes instead of evaluating them here.
    public var distributed = false
    /// With ``distributed``: follow the queue until every unit is done, then report (else return at once).
    public var wait = false

    public init(epochs: Int = 1, limit: Int? = nil, seed: Int = 0, concurrency: Int? = nil, resume: String? = nil, fresh: Bool = false,
                useCache: Bool = true, retry: RetryPolicy = RetryPolicy(), abortAfterConsecutiveErrors: Int = 25, includeCases: Bool = false, labels: [String: String] = [:],
                temperature: Double? = nil) {
        self.epochs = epochs
        self.limit = limit
        self.seed = seed
        self.concurrency = concurrency
        self.resume = resume
        self.fresh = fresh
        self.useCache = useCache
        self.retry = retry
        self.abortAfterConsecutiveErrors = abortAfterConsecutiveErrors
        self.includeCases = includeCases
        self.labels = labels
        self.temperature = temperature
    }
}
