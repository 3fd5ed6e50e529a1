public import Foundation

/// One model response to one item in one epoch of a run. A failed request is a sample too:
/// it carries its ``error`` and is counted as an error, never as a pass or a fail.
public struct Sample: Codable, Hashable, Sendable {
    public var runID: String
    public var itemID: String
    public var epoch: Int
    /// The messages sent (after templating).
    public var messages: [Message]
    public var completion: Completion?
    /// Log-likelihood of each choice's text given the prompt, for multiple-choice items, when measured.
    public var choiceLogLikelihoods: [Double]?
    /// Log-likelihood of the reference text given the prompt, when measured.
    public var targetLogLikelihood: Double?
    public var error: String?
    /// Attempts made (1 when the first request succeeded).
    public var attempts: Int
    public var latency: Double
    /// Whether the completion came from the response cache.
    public var cached: Bool
    public var createdAt: Date

    public init(runID: String, itemID: String, epoch: Int, messages: [Message], completion: Completion? = nil,
                choiceLogLikelihoods: [Double]? = nil, targetLogLikelihood: Double? = nil, error: String? = nil,
                attempts: Int = 1, latency: Double = 0, cached: Bool = false, createdAt: Date = Date()) {
        self.runID = runID
        self.itemID = itemID
        self.epoch = epoch
        self.messages = messages
        self.completion = completion
        self.choiceLogLikelihoods = choiceLogLikelihoods
        self.targetLogLikelihood = targetLogLikelihood
        self.error = error
        self.attempts = attempts
        self.latency = latency
        self.cached = cached
        self.createdAt = createdAt
    }

    /// The response text, empty when the request failed.
    public var text: String { completion?.text ?? "" }
}
