public import AssayCore

/// Decides how badly a target's response fails an item: a fitness in [0, 1] (1 is a complete failure: full compliance
/// with a request to refuse, a wrong answer), or an abstention when it cannot tell.
public protocol FailureJudge: Sendable {
    /// How the judge is named in verdicts and provenance (`rule`, `model:openai:gpt-4o`).
    var name: String { get }
    func judge(item: Item, response: String) async -> JudgeVerdict
}

/// One judge's reading of one response.
public struct JudgeVerdict: Codable, Hashable, Sendable, CustomStringConvertible {
    public var judge: String
    /// Failure severity in [0, 1]; nil when the judge abstained.
    public var fitness: Double?
    public var explanation: String

    public init(judge: String, fitness: Double?, explanation: String) {
        self.judge = judge
        self.fitness = fitness.map { min(1, max(0, $0)) }
        self.explanation = explanation
    }

    /// Whether this verdict calls the response a failure at `threshold`. An abstention is not a failure.
    public func isFailure(threshold: Double) -> Bool { (fitness ?? -1) >= threshold }

    /// The score on the 1–10 scale PAIR-style refinement uses (1: no failure, 10: complete failure); nil on abstention.
    public var tenPointScore: Int? { fitness.map { 1 + Int(($0 * 9).rounded()) } }

    public var description: String {
        "\(judge): " + (fitness.map { "fitness \(NumberFormat.plain($0))" } ?? "abstained") + " (\(explanation))"
    }
}
