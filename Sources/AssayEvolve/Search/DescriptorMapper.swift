public import AssayCore

/// Places items in the archive: resolves a suite's `evolve:` axes (or the default, category × attack) against the
/// seeds and operators, and reads an item's value on each axis.
public struct DescriptorMapper: Sendable {
    public let space: DescriptorSpace
    let sources: [String]

    /// The value of the operator axis for items no operator made.
    public static let direct = "direct"
    /// The value for an item whose own value is not one of its axis's values.
    public static let other = "other"

    /// - Parameters:
    ///   - spec: the suite's axes; nil for the default: a category axis (from `metadata.category`, else
    ///     `metadata.semantic_category`, else the first tag, whichever the seeds have) and an attack axis (the operator).
    ///   - seeds: the items the search starts from; axes without declared values take the seeds' distinct values
    ///     (at most 16, the rest fall into `other`).
    ///   - operators: the operators in use, for the operator axis.
    public init(spec: EvolveSpec?, seeds: [Item], operators: [String]) {
        let axes = spec?.axes ?? Self.defaultAxes(seeds: seeds)
        var resolved: [DescriptorSpace.Axis] = []
        for axis in axes {
            var values: [String]
            if let declared = axis.values {
                values = declared
            } else if axis.from == "operator" {
                values = [Self.direct] + operators
            } else {
                var seen: [String] = []
                for seed in seeds {
                    let value = Self.rawValue(of: seed, from: axis.from, among: nil)
                    if !seen.contains(value) { seen.append(value) }
                }
                values = Array(seen.sorted().prefix(16))
                if seen.count > 16 { values.append(Self.other) }
            }
            if axis.from == "operator", !values.contains(Self.direct) { values.insert(Self.direct, at: 0) }
            if values.isEmpty { values = [Self.other] }
            resolved.append(DescriptorSpace.Axis(name: axis.name, values: values))
        }
        space = DescriptorSpace(axes: resolved)
        sources = axes.map(\.from)
    }

    static func defaultAxes(seeds: [Item]) -> [EvolveSpec.Axis] {
        let category: String
        if seeds.contains(where: { $0.metadata["category"] != nil }) {
            category = "metadata.category"
        } else if seeds.contains(where: { $0.metadata["semantic_category"] != nil }) {
            category = "metadata.semantic_category"
        } else {
            category = "tag"
        }
        return [EvolveSpec.Axis(name: "category", from: category), EvolveSpec.Axis(name: "attack", from: "operator")]
    }

    /// The cell of `item`, made by `operatorName` (nil for a seed). A value outside its axis becomes `other` when the
    /// axis has it, else the axis's first value.
    public func descriptor(for item: Item, operator operatorName: String?) -> Descriptor {
        Descriptor(values: zip(space.axes, sources).map { axis, source in
            let value = source == "operator" ? (operatorName ?? Self.direct) : Self.rawValue(of: item, from: source, among: axis.values)
            if axis.values.contains(value) { return value }
            return axis.values.contains(Self.other) ? Self.other : axis.values[0]
        })
    }

    static func rawValue(of item: Item, from source: String, among values: [String]?) -> String {
        if source.hasPrefix("metadata.") {
            return item.metadata[String(source.dropFirst("metadata.".count))] ?? Self.other
        }
        if source == "tag" {
            if let values { return item.tags.first(where: values.contains) ?? Self.other }
            return item.tags.first ?? Self.other
        }
        return Self.other
    }
}
