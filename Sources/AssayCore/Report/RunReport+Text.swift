import Foundation

extension RunReport {
    /// Rows of the metrics table: scorer, metric, value, 95% CI, SE, n, abstained, method.
    var tableRows: [[String]] {
        metrics.map { m in
            [TextSanitizer.printable(m.scorer), TextSanitizer.printable(m.name), NumberFormat.fixed(m.value), "[\(NumberFormat.fixed(m.ciLow)), \(NumberFormat.fixed(m.ciHigh))]",
             NumberFormat.fixed(m.stderr), String(m.n), String(m.abstained), m.method.rawValue]
        }
    }

    static let tableHeader = ["scorer", "metric", "value", "95% CI", "SE", "n", "abstain", "method"]

    /// A plain-text table for terminals, aligned in columns, with the run id, counts and store location.
    public func table() -> String {
        var out = "run \(run.id)  suite \(TextSanitizer.printable(run.suiteName))@\(run.suiteVersion.prefix(12))  model \(TextSanitizer.printable(run.model))\n"
        out += "\(samples) samples, \(errors) error\(errors == 1 ? "" : "s")"
        let abstained = metrics.reduce(0) { $0 + $1.abstained }
        if abstained > 0 { out += ", \(abstained) item-scores abstained (not counted as pass or fail)" }
        out += "\n\n"
        out += TextTable.render(header: Self.tableHeader, rows: tableRows, rightAligned: [2, 3, 4, 5, 6])
        out += "\nstored in \(storeLocation)\n"
        return out
    }

    /// A Markdown report: header facts and the metrics table. Dataset and model text never appears here, only numbers and names.
    public func markdown() -> String {
        var out = "# Assay run `\(run.id)`\n\n"
        out += "| | |\n|---|---|\n"
        out += "| suite | \(Self.markdownEscape(run.suiteName)) (`\(run.suiteVersion.prefix(12))`) |\n"
        out += "| model | `\(run.model.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " "))` |\n"
        out += "| samples | \(samples) |\n| errors | \(errors) |\n| epochs | \(run.config.epochs) |\n| seed | \(run.config.seed) |\n\n"
        out += "| " + Self.tableHeader.joined(separator: " | ") + " |\n"
        out += "|" + Self.tableHeader.map { _ in "---" }.joined(separator: "|") + "|\n"
        for row in tableRows { out += "| " + row.map(Self.markdownEscape).joined(separator: " | ") + " |\n" }
        out += "\nErrors are failed requests, counted apart from passes and fails; abstentions are items a scorer could not decide.\n"
        return out
    }

    package static func markdownEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|", "\\", "`", "*", "_", "[", "]", "<", ">": out += "\\\(c)"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

/// Column-aligned plain text.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
