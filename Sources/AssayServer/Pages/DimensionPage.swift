import AssayAnalysis
import AssayCharts
import AssayCore
import Foundation

/// A run of a dimension suite: the dimension's curves (learning, persistence, horizon), its estimates with interval bars,
/// the category counts and the notes.
struct DimensionPage: Page {
    let run: RunRecord
    let report: DimensionReport

    var title: String { "\(report.kind.rawValue) · run \(run.id)" }
    var section: String { "runs" }

    func body() -> HTML {
        """
        <h1>\(report.kind.rawValue) <span class="muted">run <a href="/runs/\(Format.segment(run.id))"><code>\(run.id)</code></a></span></h1>
        <p class="muted">\(report.kind.summary) · \(run.model) · \(run.suiteName)</p>
        \(curves())
        <h2>Estimates</h2>
        \(estimatesTable())
        \(countsTable())
        \(notes())
        <p class="muted">As JSON: <a href="/api/runs/\(Format.segment(run.id))/dimension">/api/runs/\(run.id)/dimension</a></p>
        """
    }

    /// One chart per estimate name that has curve positions, a line per group family (`cipher`, `hanoi`, or all).
    private func curves() -> HTML {
        let positioned = report.estimates.filter { $0.x != nil && $0.value.isFinite }
        var names: [String] = []
        for e in positioned where !names.contains(e.name) { names.append(e.name) }
        guard !names.isEmpty else { return "" }
        let charts: [HTML] = names.map { name in
            var families: [String] = []
            var points: [String: [LineChart.Point]] = [:]
            for e in positioned where e.name == name {
                let family = Self.family(e.group)
                if points[family] == nil { families.append(family) }
                points[family, default: []].append(LineChart.Point(x: e.x!, y: e.value, low: e.ciLow.isFinite ? e.ciLow : nil,
                                                                   high: e.ciHigh.isFinite ? e.ciHigh : nil))
            }
            var series = families.map { LineChart.Series($0, points: points[$0]!.sorted { $0.x < $1.x }) }
            let horizon = report.kind == .horizon
            if horizon, let fit = fittedCurve(over: positioned.compactMap(\.x)) { series.append(fit) }
            let isRate = positioned.filter { $0.name == name }.allSatisfy { $0.method == "wilson" || ($0.value >= 0 && $0.value <= 1) }
            // The horizons as vertical rules where they fall inside the measured range.
            let xs = positioned.compactMap(\.x)
            let markers: [LineChart.Rule] = horizon ? ["h50_minutes", "h80_minutes"].compactMap { key in
                guard let h = report.estimate(key)?.value, h.isFinite, let low = xs.min(), let high = xs.max(), h >= low, h <= high else { return nil }
                return LineChart.Rule(h, label: "\(key.prefix(3)) \(DimensionEstimate.formatX(h)) min")
            } : []
            let chart = LineChart(title: name, series: series, xLabel: xLabel, yLabel: name, logX: horizon,
                                  yDomain: isRate ? 0...1 : nil, markers: markers, style: SeriesCharts.style)
            return "<figure>\(HTML.raw(chart.svg()))</figure>"
        }
        return "<h2>Curves</h2><div class=\"charts\">\(charts)</div>"
    }

    private var xLabel: String {
        switch report.kind {
        case .learning: "shots (k)"
        case .persistence: "task length (steps)"
        case .horizon: "human minutes (log scale)"
        default: "x"
        }
    }

    /// `cipher k=4` → `cipher`; `k=4` → `all`; a group without `=` is one point of the `all` line.
    static func family(_ group: String?) -> String {
        guard let group else { return "all" }
        var words = group.split(separator: " ")
        if words.last?.contains("=") == true { words.removeLast() } else { return "all" }
        return words.isEmpty ? "all" : words.joined(separator: " ")
    }

    /// The fitted logistic curve of a horizon report, dashed, over the range of its bands.
    private func fittedCurve(over xs: [Double]) -> LineChart.Series? {
        guard let b0 = report.estimate("intercept")?.value, let b1 = report.estimate("slope")?.value, b0.isFinite, b1.isFinite,
              let low = xs.min(), let high = xs.max(), low < high else { return nil }
        let fit = TimeHorizon.Fit(intercept: b0, slope: b1)
        let points = (0...24).map { i -> LineChart.Point in
            let x = exp2(log2(low) + Double(i) / 24 * (log2(high) - log2(low)))
            return LineChart.Point(x: x, y: fit.probability(minutes: x))
        }
        return LineChart.Series("fitted", points: points, dashed: true, showPoints: false)
    }

    private func estimatesTable() -> HTML {
        guard !report.estimates.isEmpty else { return "<p class=\"muted\">No estimates: see the notes.</p>" }
        let rows: [HTML] = report.estimates.map { e in
            let metric = Metric(name: e.name, scorer: e.group ?? "", value: e.value, stderr: e.stderr, ciLow: e.ciLow, ciHigh: e.ciHigh,
                                n: e.n, method: e.method == "wilson" ? .wilson : .clt)
            let p: String = e.pValue.map { $0 < 0.001 ? "<0.001" : Format.number($0) } ?? ""
            return """
                <tr><td>\(e.name)</td><td>\(e.group ?? "all")</td><td class="num">\(e.x.map(DimensionEstimate.formatX) ?? "")</td>\
                <td class="num">\(Format.number(e.value))</td><td>\(e.ciLow.isFinite ? Charts.inline(metric) : "")</td>\
                <td class="num muted">\(e.ciLow.isFinite ? "[\(Format.number(e.ciLow)), \(Format.number(e.ciHigh))]" : "—")</td>\
                <td class="num">\(e.n)</td><td class="muted">\(e.method)</td><td class="num">\(p)</td></tr>
                """
        }
        return """
            <table><thead><tr><th>estimate</th><th>group</th><th>x</th><th>value</th><th></th><th>95% CI</th><th>n</th><th>method</th><th>p</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private func countsTable() -> HTML {
        guard !report.counts.isEmpty else { return "" }
        let rows: [HTML] = report.counts.keys.sorted().map { group in
            let cells: [HTML] = report.counts[group]!.sorted { $0.key < $1.key }.map { "<span class=\"muted\">\($0.key)</span> \($0.value)" }
            return "<tr><td>\(group)</td><td>\(HTML.join(cells, separator: " · "))</td></tr>"
        }
        return "<h2>Counts</h2><table><thead><tr><th>group</th><th>counts</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    private func notes() -> HTML {
        guard !report.notes.isEmpty else { return "" }
        let items: [HTML] = report.notes.map { "<li>\($0)</li>" }
        return "<h2>Notes</h2><ul>\(items)</ul>"
    }
}
