public import AssayCore
public import Foundation

/// Turns an evolution's validated findings into a new suite version.
public enum Promotion {
    /// What promotion produced.
    public struct Result: Sendable {
        /// The new version (the base itself when nothing was added).
        public var suite: Suite
        /// The items added, with their evidence.
        public var added: [Item]
        /// Ancestors of the added items that no suite holds, to store for their lineage.
        public var ancestors: [Item]
    }

    /// A new version of `base`: its items plus each validated finding that is new to it and not a near-duplicate of
    /// another added item, stamped with its ``Evidence``. Its parent is `base`'s version.
    public static func promote(base: Suite, state: EvolutionState, evolution: String, target: String, attacker: String?,
                               filter: SimilarityFilter = SimilarityFilter(), now: Date = Date()) -> Result {
        let known = Set(base.items.map(\.id) + base.retired.map(\.item.id))
        var added: [Item] = []
        var ancestors: [Item] = []
        var texts: [String] = []
        let lineage = EvolutionState.Lineage(state)
        for finding in state.validated where !known.contains(finding.item.id) {
            let text = SimilarityFilter.text(of: finding.item)
            guard !filter.isNearDuplicate(text, of: texts) else { continue }
            texts.append(text)
            let chain = lineage.ancestors(of: finding.item)
            let operators = (chain.dropFirst() + [finding.item]).compactMap(\.provenance.operator)
            let usedAttacker = (chain + [finding.item]).contains { $0.provenance.generatorModel != nil }
            var item = finding.item
            item.provenance.evidence = Evidence(
                evolution: evolution, targetModel: target, attackerModel: usedAttacker ? attacker : nil, operatorChain: operators,
                ancestors: chain.map(\.id), verdicts: finding.verdicts.map(\.description), reruns: finding.reruns,
                rerunFailures: finding.rerunFailures, foundAtQuery: finding.foundAtQuery, fitness: finding.fitness,
                foundAt: finding.foundAt, validatedAt: finding.validatedAt ?? now)
            item.provenance.createdAt = item.provenance.createdAt ?? finding.foundAt
            added.append(item)
            ancestors += chain.filter { !known.contains($0.id) }
        }
        guard !added.isEmpty else { return Result(suite: base, added: [], ancestors: []) }
        let addedIDs = Set(added.map(\.id))
        var seenAncestors: Set<String> = []
        ancestors = ancestors.filter { !addedIDs.contains($0.id) && seenAncestors.insert($0.id).inserted }
        let suite = Suite(config: base.config, items: base.items + added, retired: base.retired, parent: base.version,
                          origin: "evolution:\(evolution)")
        return Result(suite: suite, added: added, ancestors: ancestors)
    }
}

/// What changed between two versions of a suite.
public struct SuiteDiff: Sendable {
    /// Active in the new version, not in the old.
    public var added: [Item]
    /// Active in the old version and saturated, retired or gone in the new one, with the new state (nil: gone).
    public var removed: [(item: Item, state: ItemState?, reason: String?)]
    /// Active in both.
    public var unchanged: Int
    public var configChanged: Bool

    public init(old: Suite, new: Suite) {
        let oldActive = Set(old.items.map(\.id))
        let newActive = Set(new.items.map(\.id))
        added = new.items.filter { !oldActive.contains($0.id) }
        let retired = Dictionary(new.retired.map { ($0.item.id, $0) }, uniquingKeysWith: { first, _ in first })
        removed = old.items.filter { !newActive.contains($0.id) }.map { item in
            (item, retired[item.id]?.state, retired[item.id]?.reason)
        }
        unchanged = oldActive.intersection(newActive).count
        configChanged = old.config != new.config
    }
}
