import AssayCharts
import AssayCore
import AssayEvolve
import Foundation

/// The dashboard's use of the chart module: which chart for which figure, and on which domain.
enum Charts {
    /// A CI bar for a table cell: proportions on [0, 1]; other metrics on a domain around zero and their interval.
    static func inline(_ metric: Metric) -> HTML {
        guard metric.value.isFinite else { return "" }
        let low = metric.ciLow.isFinite ? metric.ciLow : nil
        let high = metric.ciHigh.isFinite ? metric.ciHigh : nil
        let domain: ClosedRange<Double>
        if metric.method == .wilson || (metric.value >= 0 && metric.value <= 1 && (high ?? 0) <= 1 && (low ?? 0) >= 0) {
            domain = 0...1
        } else {
            let lower = min(0, low ?? metric.value, metric.value)
            let upper = max(0, high ?? metric.value, metric.value)
            domain = lower == upper ? (lower - 1)...(upper + 1) : lower...upper
        }
        return .raw(IntervalChart.inline(value: metric.value, low: low, high: high, domain: domain))
    }

    /// The distribution of per-item values of one scorer: pass rates per item for discrete scorers (0 and 1 unless
    /// epochs or abstentions make fractions), values for continuous ones.
    static func histogram(_ values: [Double], title: String, continuous: Bool) -> HTML {
        let mean = values.reduce(0, +) / Double(values.count)
        let bins: Histogram.Bins = continuous ? .count(min(20, max(5, values.count / 5))) : .edges([0, 0.25, 0.5, 0.75, 1])
        var style = ChartStyle.default
        style.width = 380
        style.height = 210
        let chart = Histogram(title: title, values: values, bins: bins, marker: mean, xLabel: continuous ? "value per item" : "pass rate per item", style: style)
        return "<figure><figcaption>\(title)</figcaption>\(HTML.raw(chart.svg()))</figure>"
    }

    /// Token log-probabilities as coloured text.
    static func heatStrip(_ tokens: [TokenLogProb]) -> HTML {
        .raw(HeatStrip.html(tokens: tokens.map { ($0.token, $0.logprob) }))
    }

    /// The fill of an empty archive cell.
    static let emptyFill = "#e4e7eb"

    /// The fill of a cell whose elite has `fitness` (clamped to [0, 1]): pale yellow for a mild failure to deep red for
    /// a complete one.
    static func fitnessFill(_ fitness: Double) -> String {
        let t = fitness.isFinite ? min(1, max(0, fitness)) : 0
        func mix(_ low: Double, _ high: Double) -> Int { Int((low + (high - low) * t).rounded()) }
        return "rgb(\(mix(255, 190)),\(mix(236, 24)),\(mix(179, 40)))"
    }

    /// The archive as a heatmap: one `<td class="cell …">` per cell, coloured by its elite's fitness (grey when empty),
    /// with the cell, fitness and prompt in its title and a link to the elite's item page.
    static func archiveHeatmap(_ grid: ArchiveGrid, evolution: String) -> HTML {
        let columnTitle = grid.columnAxes.map(\.name).joined(separator: " × ")
        let corner = grid.rowAxis.map { "\($0.name) \\ \(columnTitle)" } ?? columnTitle
        let header: [HTML] = grid.columns.map { "<th>\($0.joined(separator: " × "))</th>" }
        let rows: [HTML] = zip(grid.rows, grid.cells).map { label, cells in
            let tds: [HTML] = cells.map { cell in
                let name = cell.descriptor.values.joined(separator: " × ")
                guard let elite = cell.elite else {
                    return "<td class=\"cell empty\" style=\"background:\(emptyFill)\" title=\"\(name): empty\"></td>"
                }
                let fitness = elite.fitness ?? 0
                let text = fitness > 0.6 ? "#fff" : "#1d2125"
                let title = "\(name): fitness \(Format.number(fitness, 2)) · \(String(elite.item.prompt.prefix(160)))"
                let href = Format.itemLink(elite.item.id, evolution: evolution)
                return """
                    <td class="cell filled" style="background:\(fitnessFill(fitness))" title="\(title)">\
                    <a style="color:\(text)" href="\(href)">\(Format.number(fitness, 2))</a></td>
                    """
            }
            return "<tr><th>\(label.joined(separator: " × "))</th>\(tds)</tr>"
        }
        return """
            <table class="heatmap"><thead><tr><th>\(corner)</th>\(header)</tr></thead>\
            <tbody>\(rows)</tbody></table>
            <p class="muted">Each cell holds the search's best item for it; pale is a mild failure, red a complete one, grey an empty cell.</p>
            """
    }
}
