public import AssayCore

/// Something that rewrites an item into new items for the search: an encoding, a frame, a substitution, or a
/// rewrite by an attacker model.
///
/// Every child keeps the parent's target (a harmful request that should be refused stays `.behavior(.refuse)`), tags,
/// cluster and metadata; its provenance is `.mutated` with the parent's id and the operator's ``name``; its id is the
/// hash of its new content. Operators never return a child identical to the parent.
public protocol MutationOperator: Sendable {
    /// Stable name, recorded in provenance (`base64`, `roleplay_frame`, …).
    var name: String { get }
    /// The attack style this operator produces, when it maps onto an archive axis value (e.g. "encoding", "roleplay",
    /// "hypothetical", "persona", "multi_turn", "format", "distractor", "substitution"); nil when it has no style.
    var style: String? { get }
    /// Whether the operator needs ``MutationContext/attacker``.
    var needsAttacker: Bool { get }
    /// Children of `parent`. Deterministic for a given generator state; model-driven operators use `context.attacker`.
    /// An empty result means the operator does not apply to this parent (no number to change, nothing to split, an
    /// attacker answer with no usable prompt).
    func mutate(_ parent: Item, context: inout MutationContext) async throws -> [Item]
}

extension MutationOperator {
    public var needsAttacker: Bool { false }
}
