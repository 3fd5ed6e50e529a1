/// The judgement of a scorer on one verdict scale.
public enum Verdict: String, Codable, Hashable, Sendable {
    case pass, fail
    /// The scorer could not decide (an unparseable judge, an ambiguous refusal). Counted and shown separately.
    case abstain
    /// The scorer gives a number, not a pass or fail (continuous companions).
    case value
}

/// One scorer's judgement of one sample.
public struct Score: Codable, Hashable, Sendable {
    public var scorer: String
    /// 1/0 for pass/fail, the measured quantity for continuous scorers, 0 for abstentions (ignored).
    public var value: Double
    public var verdict: Verdict
    public var explanation: String?

    public init(scorer: String, value: Double, verdict: Verdict, explanation: String? = nil) {
        self.scorer = scorer
        self.value = value
        self.verdict = verdict
        self.explanation = explanation
    }

    public static func pass(_ scorer: String, _ why: String? = nil) -> Score { Score(scorer: scorer, value: 1, verdict: .pass, explanation: why) }
    public static func fail(_ scorer: String, _ why: String? = nil) -> Score { Score(scorer: scorer, value: 0, verdict: .fail, explanation: why) }
    public static func abstain(_ scorer: String, _ why: String? = nil) -> Score { Score(scorer: scorer, value: 0, verdict: .abstain, explanation: why) }
    public static func value(_ scorer: String, _ value: Double, _ why: String? = nil) -> Score { Score(scorer: scorer, value: value, verdict: .value, explanation: why) }

    /// Whether the score enters a mean (abstentions do not).
    public var counts: Bool { verdict != .abstain }
}
