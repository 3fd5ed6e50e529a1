/// A request for one completion.
public struct GenerationRequest: Codable, Hashable, Sendable {
    public var messages: [Message]
    public var parameters: GenerationParameters
    /// Ask for per-token log-probabilities of the response when the backend offers them.
    public var logprobs: Bool

    public init(messages: [Message], parameters: GenerationParameters, logprobs: Bool = true) {
        self.messages = messages
        self.parameters = parameters
        self.logprobs = logprobs
    }
}

/// One token of a response with its log-probability.
public struct TokenLogProb: Codable, Hashable, Sendable {
    public var token: String
    public var logprob: Double

    public init(token: String, logprob: Double) {
        self.token = token
        self.logprob = logprob
    }
}

/// Token counts reported by the backend.
public struct Usage: Codable, Hashable, Sendable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// A model's answer.
public struct Completion: Codable, Hashable, Sendable {
    public var text: String
    public var logprobs: [TokenLogProb]?
    public var usage: Usage?
    public var finishReason: String?
    /// The model name the server reported.
    public var model: String?

    public init(text: String, logprobs: [TokenLogProb]? = nil, usage: Usage? = nil, finishReason: String? = nil, model: String? = nil) {
        self.text = text
        self.logprobs = logprobs
        self.usage = usage
        self.finishReason = finishReason
        self.model = model
    }
}

/// Something that answers prompts: an HTTP API, a managed local llama.cpp, a stub.
///
/// Implementations are value types or actors; they must be safe to call concurrently. Transient
/// failures are thrown as ``ProviderError`` so the engine's retry policy can decide what to retry.
public protocol ModelProvider: Sendable {
    /// The spec this provider serves, as shown in reports.
    var spec: ModelSpec { get }
    /// What exactly answers behind the spec (resolved server URL, model file and its size and date), for cache keys
    /// and for matching a run to resume. Defaults to the spec's string form.
    var identity: String { get }
    /// Whether ``logLikelihood(context:continuation:)`` is available.
    var supportsLogLikelihood: Bool { get }
    /// A suggested number of concurrent requests for this backend.
    var maxConcurrency: Int { get }

    func generate(_ request: GenerationRequest) async throws -> Completion
    /// Sum of the log-probabilities of `continuation`'s tokens following `context` (a raw prompt).
    func logLikelihood(context: [Message], continuation: String) async throws -> Double
}

extension ModelProvider {
    public var identity: String { spec.description }
    public var supportsLogLikelihood: Bool { false }
    public var maxConcurrency: Int { 8 }
    public func logLikelihood(context: [Message], continuation: String) async throws -> Double {
        throw ProviderError(kind: .unsupported, message: "\(spec) does not provide log-likelihoods")
    }
}

/// A failed provider call, classified for the retry policy.
public struct ProviderError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// 429: slow down, then retry.
        case rateLimited
        /// 5xx, connection reset, refused.
        case server
        case timeout
        /// A 200 whose body could not be decoded.
        case malformed
        /// 4xx other than 429: the request itself is wrong; never retried.
        case client
        case unsupported
        /// Missing key, missing runtime.
        case configuration
    }

    public var kind: Kind
    public var message: String
    public var status: Int?
    /// Seconds the server asked us to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(kind: Kind, message: String, status: Int? = nil, retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    /// Whether another attempt may succeed.
    public var isTransient: Bool {
        switch kind {
        case .rateLimited, .server, .timeout, .malformed: true
        case .client, .unsupported, .configuration: false
        }
    }

    public var description: String {
        status.map { "\(kind.rawValue) (HTTP \($0)): \(message)" } ?? "\(kind.rawValue): \(message)"
    }
}
