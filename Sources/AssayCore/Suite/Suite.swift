/// A suite version: a configuration and a set of items, addressed by the hash of both.
public struct Suite: Hashable, Sendable {
    public var config: SuiteConfig
    /// The items `assay run` evaluates (state `active`).
    public var items: [Item]
    /// Items kept on record but no longer run (saturated or retired), queryable with the version.
    public var retired: [RetiredItem]
    /// The version this one was derived from (evolution, promotion), if any.
    public var parent: String?
    /// Where the suite was loaded from (a file path or `builtin:NAME`), for messages only.
    public var origin: String

    public init(config: SuiteConfig, items: [Item], retired: [RetiredItem] = [], parent: String? = nil, origin: String = "") {
        self.config = config
        self.items = items
        self.retired = retired
        self.parent = parent
        self.origin = origin
    }

    public var name: String { config.name }

    /// Content address: SHA-256 over the canonical configuration and the sorted ids of the active items (and, when
    /// there are any, of the retired ones). Item order and metadata do not change the version; a changed prompt, scorer
    /// or item does, and so does retiring an item.
    public var version: String { SHA256.hex(versionContent) }

    /// The canonical JSON that ``version`` hashes, `{"config":…,"items":[…],"retired":[…]}` (`retired` only when there
    /// are retired items): the configuration through ``CanonicalJSON/encode(_:)``, the id lists written by hand (a
    /// list of 100,000 ids through `JSONEncoder` was most of the version's cost). A test compares it with encoding the
    /// whole content.
    var versionContent: [UInt8] {
        var out: [UInt8] = Array(#"{"config":"#.utf8)
        out.append(contentsOf: CanonicalJSON.encode(config))
        out.append(contentsOf: #","items":"#.utf8)
        CanonicalJSON.appendStrings(items.map(\.id).sorted(), to: &out)
        if !retired.isEmpty {
            out.append(contentsOf: #","retired":"#.utf8)
            CanonicalJSON.appendStrings(retired.map { "\($0.state.rawValue):\($0.item.id)" }.sorted(), to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Items with duplicate content removed, keeping the first occurrence.
    ///
    /// Without duplicates (the usual case) the same array comes back, not a copy: a large suite is then held once.
    public static func deduplicated(_ items: [Item]) -> [Item] {
        var seen = Set<String>(minimumCapacity: items.count)
        guard let duplicate = items.firstIndex(where: { !seen.insert($0.id).inserted }) else { return items }
        var kept = Array(items[..<duplicate])
        kept.reserveCapacity(items.count - 1)
        for item in items[(duplicate + 1)...] where seen.insert(item.id).inserted { kept.append(item) }
        return kept
    }
}
