import AssayCore
import Foundation

extension DimensionReport {
    /// The estimates as a plain-text table, then the category counts and the notes.
    public func table() -> String {
        var out = "\(kind.rawValue): \(kind.summary)\n"
        let rows = estimates.map { e in
            [e.name, e.group ?? "all", e.x.map(DimensionEstimate.formatX) ?? "", RunComparison.fmt(e.value),
             e.ciLow.isFinite ? "[\(RunComparison.fmt(e.ciLow)), \(RunComparison.fmt(e.ciHigh))]" : "—",
             "\(e.n)", e.method, e.pValue.map(RunComparison.fmtP) ?? ""]
        }
        out += TextTable.render(header: ["estimate", "group", "x", "value", "95% CI", "n", "method", "p"], rows: rows,
                                rightAligned: [2, 3, 5])
        if !counts.isEmpty {
            out += "\ncounts:\n"
            for group in counts.keys.sorted() {
                out += "  \(group): " + counts[group]!.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
            }
        }
        for note in notes { out += "note: \(note)\n" }
        return out
    }

    /// Paired comparisons of two dimension reports as a table (see ``DimensionComparison``).
    public static func comparisonTable(_ rows: [PairedComparison], alpha: Double = 0.05) -> String {
        RunComparison.render(rows, first: "estimate", alpha: alpha) { $0.name }
    }
}
