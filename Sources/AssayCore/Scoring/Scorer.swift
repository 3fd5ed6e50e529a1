/// Judges one sample of one item.
///
/// Scorers are called only for samples without an error. They never throw: anything they cannot decide
/// (a missing log-likelihood, an ambiguous refusal, an unparseable judge) is ``Score/abstain(_:_:)`` with
/// the reason, and abstentions are counted separately from passes and fails.
public protocol Scorer: Sendable {
    /// The name scores and metrics are reported under.
    var name: String { get }
    /// Whether the scorer gives a value (``Verdict/value``) rather than pass or fail.
    var isContinuous: Bool { get }
    /// What the engine must measure besides the response.
    var needs: ScorerNeeds { get }
    /// Whether the scorer makes sense for the item's target kind.
    func applies(to item: Item) -> Bool
    func score(item: Item, sample: Sample) async -> Score
}
