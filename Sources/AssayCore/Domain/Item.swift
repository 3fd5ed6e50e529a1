/// One test case: an input for the model, what a good answer looks like, and where it came from.
///
/// The ``id`` is the SHA-256 of the canonical JSON of the item's content (input and target), so the same
/// question with the same answer has the same id in every suite, import and version. Tags, cluster,
/// metadata and provenance describe the item and do not change its id.
public struct Item: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var input: [Message]
    public var target: Target
    public var tags: [String]
    /// Items sharing a cluster are correlated (same passage, same template); used for clustered SEs.
    public var cluster: String?
    public var metadata: [String: String]
    public var provenance: Provenance

    public init(
        input: [Message], target: Target, tags: [String] = [], cluster: String? = nil,
        metadata: [String: String] = [:], provenance: Provenance = Provenance(origin: .authored)
    ) {
        self.init(storedID: Item.contentHash(input: input, target: target), input: input, target: target, tags: tags, cluster: cluster,
                  metadata: metadata, provenance: provenance)
    }

    /// An item under an id already known (as a store holds it); its content hash is not recomputed.
    package init(storedID: String, input: [Message], target: Target, tags: [String], cluster: String?, metadata: [String: String],
                 provenance: Provenance) {
        self.id = storedID
        self.input = input
        self.target = target
        self.tags = tags
        self.cluster = cluster
        self.metadata = metadata
        self.provenance = provenance
    }

    /// Convenience for a single user prompt.
    public init(prompt: String, target: Target, tags: [String] = [], cluster: String? = nil,
                metadata: [String: String] = [:], provenance: Provenance = Provenance(origin: .authored)) {
        self.init(input: [.user(prompt)], target: target, tags: tags, cluster: cluster, metadata: metadata, provenance: provenance)
    }

    /// The content hash that identifies an item.
    public static func contentHash(input: [Message], target: Target) -> String {
        SHA256.hex(CanonicalJSON.itemContent(input: input, target: target))
    }

    /// The user-facing text of the item: its last user message.
    public var prompt: String {
        input.last(where: { $0.role == .user })?.content ?? input.last?.content ?? ""
    }
}

extension Item {
    /// Positions of `items` ordered by id, byte-wise (SQLite's order for text keys), equal ids by position.
    ///
    /// Ids are content hashes, so rows written in suite order land on random pages of every index keyed by item id;
    /// written in this order, neighbouring rows share pages and each page is written to the log about once per commit.
    public static func positionsByID(_ items: [Item]) -> [Int32] {
        items.indices.sorted { a, b in
            let (left, right) = (items[a].id.utf8, items[b].id.utf8)
            if left.elementsEqual(right) { return a < b }
            return left.lexicographicallyPrecedes(right)
        }.map { Int32($0) }
    }
}
