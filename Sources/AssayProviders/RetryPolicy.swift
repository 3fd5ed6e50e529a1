public import AssayCore
import Foundation

/// Exponential backoff with full jitter for transient provider failures.
///
/// Retries rate limits (honouring `Retry-After`), 5xx, timeouts, broken connections and malformed bodies;
/// never retries client errors (4xx other than 408 and 429) or configuration errors.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a server asking for more is waited on this long.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 0.25, maxDelay: Double = 30, maxRetryAfter: Double = 120) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before attempt `attempt + 1` after `error`: `Retry-After` when the server gave one,
    /// else a uniform draw from [0, min(maxDelay, baseDelay · 2^(attempt-1))].
    public func delay(after attempt: Int, error: ProviderError, random: Double) -> Double {
        if let retryAfter = error.retryAfter { return min(maxRetryAfter, retryAfter) }
        let cap = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return cap * random
    }

    /// The outcome of a retried call: the value or the last error, and the number of attempts made.
    public struct Outcome<Value: Sendable>: Sendable {
        public var result: Result<Value, ProviderError>
        public var attempts: Int
    }

    /// Calls `operation` until it succeeds, fails permanently, or the attempts run out.
    /// `onAttempt` is told of each attempt made (for budgets that count retries).
    public func run<Value: Sendable>(
        onAttempt: @Sendable () -> Void = {},
        _ operation: @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        var attempt = 0
        while true {
            attempt += 1
            onAttempt()
            do {
                return Outcome(result: .success(try await operation()), attempts: attempt)
            } catch {
                let failure = (error as? ProviderError) ?? ProviderError(kind: .server, message: "\(error)")
                if Task.isCancelled { return Outcome(result: .failure(failure), attempts: attempt) }
                guard failure.isTransient, attempt < maxAttempts else {
                    return Outcome(result: .failure(failure), attempts: attempt)
                }
                let wait = delay(after: attempt, error: failure, random: Double.random(in: 0...1))
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    return Outcome(result: .failure(failure), attempts: attempt)
                }
            }
        }
    }
}
