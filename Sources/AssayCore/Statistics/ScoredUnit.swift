/// One scorer's score of one sample, with what aggregation needs to know about it.
public struct ScoredUnit: Hashable, Sendable {
    public var itemID: String
    public var epoch: Int
    /// The item's cluster, when it has one (see ``Item/cluster``).
    public var cluster: String?
    public var score: Score

    public init(itemID: String, epoch: Int, cluster: String? = nil, score: Score) {
        self.itemID = itemID
        self.epoch = epoch
        self.cluster = cluster
        self.score = score
    }
}
