/// What the refinement loop learned from the last attempt, handed to ``PAIRRefinement`` through
/// ``MutationContext/feedback``: the target's answer to the parent and the judge's score.
public struct RefinementFeedback: Codable, Hashable, Sendable {
    /// The target model's response to the parent prompt.
    public var response: String
    /// The judge's score from 1 (the target did not fail at all) to 10 (a complete failure, e.g. full compliance with
    /// a harmful request).
    public var score: Int
    /// The judge's explanation, when it gave one.
    public var explanation: String?
    /// The objective of the stream (the original seed request) when it differs from the parent's prompt.
    public var goal: String?

    public init(response: String, score: Int, explanation: String? = nil, goal: String? = nil) {
        self.response = response
        self.score = min(10, max(1, score))
        self.explanation = explanation
        self.goal = goal
    }
}
