/// Where an item stands in a suite's life.
///
/// The search proposes `candidate` failures; re-runs and a second judge turn them into `validated` ones; promotion makes
/// them `active` members of a new suite version (the items `assay run` evaluates). An item every tracked model has
/// passed for several versions becomes `saturated`, and one taken out by hand is `retired`. Saturated and retired items
/// stay in the version's record, queryable, but are no longer run.
public enum ItemState: String, Codable, Hashable, Sendable, CaseIterable {
    case candidate, validated, active, saturated, retired

    /// Whether `assay run` evaluates items in this state.
    public var isRun: Bool { self == .active }
}

/// An item a suite version keeps on record without running it, and why.
public struct RetiredItem: Codable, Hashable, Sendable {
    public var item: Item
    /// `saturated` or `retired`.
    public var state: ItemState
    /// Why, in words (`passed by 2 models in 3 versions`).
    public var reason: String

    public init(item: Item, state: ItemState, reason: String) {
        self.item = item
        self.state = state
        self.reason = reason
    }
}
