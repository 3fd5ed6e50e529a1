/// Paired comparisons of two runs of the same dimension suite, on the units (scenarios, propositions, items) both
/// measured: for every estimate that is a mean over units, the mean difference with its paired interval and test,
/// Benjamini-Hochberg corrected across the table.
public enum DimensionComparison {
    /// `a - b` per shared estimate key, in `a`'s estimate order. Estimates without units (fits, permutation tests) are
    /// left out: their difference is not a mean of unit differences.
    public static func compare(_ a: DimensionReport, _ b: DimensionReport) -> [PairedComparison] {
        guard a.kind == b.kind else { return [] }
        var out: [PairedComparison] = []
        var seen = Set<String>()
        for estimate in a.estimates where seen.insert(estimate.key).inserted {
            guard let ua = a.units[estimate.key], let ub = b.units[estimate.key] else { continue }
            let shared = Set(ua.keys).intersection(ub.keys).sorted()
            guard !shared.isEmpty else { continue }
            let va = shared.map { ua[$0]! }, vb = shared.map { ub[$0]! }
            out.append(.measure(name: estimate.name, scorer: nil, tag: estimate.group, a: va, b: vb, binary: true,
                                seed: DimensionEstimate.seed(estimate.name, estimate.group)))
        }
        return out.correctedForMultipleTesting()
    }
}
