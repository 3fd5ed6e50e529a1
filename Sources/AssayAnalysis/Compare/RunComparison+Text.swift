import AssayCore
import Foundation

extension RunComparison {
    /// The comparison as plain-text tables: metrics, behaviour shift, flipped items, distribution test.
    ///
    /// - Parameter flippedLimit: how many flipped items to list (all are in the JSON).
    public func table(flippedLimit: Int = 20) -> String {
        var out = ""
        for (label, side) in [("a", a), ("b", b)] {
            out += "\(label): run \(side.run)  \(side.model)  \(side.suite)@\(side.suiteVersion.prefix(12))  \(side.samples) samples, \(side.errors) errors\n"
        }
        out += "shared items: \(sharedItems) (only in a: \(onlyInA), only in b: \(onlyInB))\n\n"

        out += "Metrics: difference a − b with paired 95% CI; q = Benjamini-Hochberg across this table; * q ≤ \(fmt(alpha))\n"
        out += Self.render(metrics, first: "scorer", alpha: alpha) { $0.scorer ?? "" }
        if let dimensionKind {
            out += "\nDimension (\(dimensionKind.rawValue)): estimates compared on shared units, a − b; q across this table\n"
            out += Self.render(dimension, first: "estimate", alpha: alpha) { $0.name }
        }
        out += "\nBehaviour shift: same tests, per tag\n"
        // Per-tag rows where nothing moved are noise in a terminal; the JSON keeps every row.
        let moved = shift.filter { $0.tag == nil || $0.a != $0.b || $0.pValue < 1 }
        out += Self.render(moved, first: "feature", alpha: alpha) { $0.name }
        if moved.count < shift.count { out += "(\(shift.count - moved.count) per-tag rows without any change left out; --json lists every row)\n" }

        out += "\nFlipped verdicts: \(flipped.count)\n"
        if !flipped.isEmpty {
            let rows = flipped.prefix(flippedLimit).map { f in
                [String(f.itemID.prefix(12)), f.scorer, "\(f.a.rawValue) → \(f.b.rawValue)", f.tags.joined(separator: ","),
                 TextSanitizer.printable(String(f.prompt.prefix(60))).replacingOccurrences(of: "\n", with: " ")]
            }
            out += TextTable.render(header: ["item", "scorer", "a → b", "tags", "prompt"], rows: Array(rows))
            if flipped.count > flippedLimit { out += "… \(flipped.count - flippedLimit) more (--json lists all)\n" }
        }

        out += "\nDistribution of completions (MMD with a Hamming kernel): "
        if distribution.testable {
            let p = distribution.pValue < 0.001 ? "p < 0.001" : "p = " + fmtP(distribution.pValue)
            out += "MMD² = \(NumberFormat.fixed(distribution.statistic, 4)), \(p) over \(distribution.prompts) prompts "
                + "(\(distribution.positions) word positions, \(distribution.permutations) permutations)"
        } else {
            out += "not tested: \(distribution.note ?? "no replicate completions")"
        }
        if distribution.identicalShare.isFinite {
            out += "\nidentical completions on \(NumberFormat.fixed(100 * distribution.identicalShare, 1))% of prompts"
        }
        return out + "\n"
    }

    static func render(_ rows: [PairedComparison], first: String, alpha: Double, label: (PairedComparison) -> String) -> String {
        guard !rows.isEmpty else { return "(nothing shared to compare)\n" }
        let cells = rows.map { r in
            [label(r), r.tag ?? "all", fmt(r.a), fmt(r.b),
             "\(signed(r.difference)) [\(signed(r.ciLow)), \(signed(r.ciHigh))]",
             r.test.rawValue, fmtP(r.pValue), fmtP(r.qValue) + (r.significant(alpha: alpha) ? " *" : ""), "\(r.n)", fmt(r.correlation, 2)]
        }
        return TextTable.render(header: [first, "tag", "a", "b", "difference [95% CI]", "test", "p", "q", "n", "r"], rows: cells,
                                rightAligned: [2, 3, 8])
    }

    package static func fmt(_ x: Double, _ digits: Int = 3) -> String { x.isFinite ? NumberFormat.fixed(x, digits) : "—" }
    package static func signed(_ x: Double) -> String { x.isFinite ? (x >= 0 ? "+" : "") + NumberFormat.fixed(x, 3) : "—" }
    package static func fmtP(_ p: Double) -> String { !p.isFinite ? "—" : p < 0.001 ? "<0.001" : NumberFormat.fixed(p, 3) }

    private func fmt(_ x: Double) -> String { Self.fmt(x) }
    private func fmtP(_ p: Double) -> String { Self.fmtP(p) }
}
