import AssayAnalysis
import AssayCharts
import AssayCore
import AssayEvolve
import Foundation

/// `/findings`: every finding with its status, counts, when it was seen, and its trend over the mined runs.
struct FindingsPage: Page {
    let summaries: [FindingSummary]
    let status: Finding.Status?

    var title: String { "Findings" }
    var section: String { "findings" }

    func body() -> HTML {
        let filters: [HTML] = ([nil] + Finding.Status.allCases).map { option in
            let name = option?.rawValue ?? "all"
            let href = option.map { "/findings?status=\($0.rawValue)" } ?? "/findings"
            return option == status ? "<strong>\(name)</strong>" : "<a href=\"\(href)\">\(name)</a>"
        }
        let shown = summaries.filter { status == nil || $0.finding.status == status }
        guard !shown.isEmpty else {
            return """
                <h1>Findings</h1><p class="filters">\(HTML.join(filters, separator: " · "))</p>
                <p class="muted">No findings\(status.map { " with status \($0.rawValue)" } ?? ""). Mine the failures of some runs with \
                <code>assay findings mine --runs ID …</code>.</p>
                """
        }
        let rows: [HTML] = shown.map { s in
            let rates = s.trend.map(\.rate)
            let spark = HTML.raw(Sparkline.svg(values: rates, label: "share of each mined run's samples in \(s.finding.id)"))
            return """
                <tr><td><a href="/findings/\(s.finding.id)">\(s.finding.id)</a></td><td><span class="status \(s.finding.status.rawValue)">\(s.finding.status.rawValue)</span></td>\
                <td>\(s.finding.title)</td><td class="num">\(s.samples)</td><td class="num">\(s.items)</td><td class="num">\(s.sources)/\(s.trend.count)</td>\
                <td>\(FindingSummary.day(s.firstSeen))</td><td>\(FindingSummary.day(s.lastSeen))</td><td>\(spark)</td></tr>
                """
        }
        return """
            <h1>Findings</h1>
            <p class="muted">Failures clustered by what they are about (TF-IDF over prompt, response and labels, or embeddings), \
            tracked like bugs. New runs join the findings they resemble; the trend is each finding's share of every mined run's samples.</p>
            <p class="filters">\(HTML.join(filters, separator: " · "))</p>
            <table id="findings"><thead><tr><th>finding</th><th>status</th><th>title</th><th>samples</th><th>items</th><th>runs</th>\
            <th>first seen</th><th>last seen</th><th>trend</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}

/// `/findings/ID`: one finding's counts per run and model, its trend with intervals, and its examples.
struct FindingPage: Page {
    let summary: FindingSummary
    let examples: [FailureSources.Example]

    var title: String { summary.finding.id }
    var section: String { "findings" }

    func body() -> HTML {
        let f = summary.finding
        let points = summary.trend.enumerated().map { index, p in LineChart.Point(x: Double(index + 1), y: p.rate, low: p.low, high: p.high) }
        let chart = LineChart(title: "share of each mined run's samples", series: [LineChart.Series(f.id, points: points)],
                              xLabel: "mined run (oldest first)", yLabel: "share", yDomain: 0...max(0.05, (summary.trend.map(\.high).max() ?? 0)),
                              style: SeriesCharts.style)
        let runs: [HTML] = summary.trend.enumerated().map { index, p in
            let source: HTML = p.source.kind == "run" ? "<a href=\"/runs/\(p.source.source)\">\(p.source.source)</a>"
                : "<a href=\"/evolutions/\(p.source.source)\">\(p.source.source)</a>"
            return """
                <tr><td class="num">\(index + 1)</td><td>\(source)</td><td>\(p.source.kind)</td><td>\(p.source.model)</td><td>\(FindingSummary.day(p.source.startedAt))</td>\
                <td class="num">\(p.source.samples)</td><td class="num">\(p.count)</td><td class="num">\(String(format: "%.3f", p.rate))</td>\
                <td class="num">[\(String(format: "%.3f", p.low)), \(String(format: "%.3f", p.high))]</td></tr>
                """
        }
        let models: [HTML] = summary.models.map { "<li>\($0.model): \($0.count)</li>" }
        let shown: [HTML] = examples.map { e in
            let link: HTML = e.isRunSample
                ? "<a href=\"/runs/\(e.key.source)/samples/\(e.key.itemID)/\(e.key.epoch)\">transcript</a>"
                : "<a href=\"/items/\(e.key.itemID)?evolution=\(e.key.source)\">item</a>"
            return """
                <div class="example"><p class="muted">\(e.kind) · \(e.key.source) · item \(String(e.key.itemID.prefix(12))) · \(link)</p>\
                <pre class="prompt">\(String(e.prompt.prefix(2_000)))</pre><pre class="response">\(String(e.response.prefix(2_000)))</pre></div>
                """
        }
        let promoted: [HTML] = f.promotedVersions.map { "<a href=\"/suites/\($0)\">\(String($0.prefix(12)))</a>" }
        return """
            <h1>\(f.id) <span class="status \(f.status.rawValue)">\(f.status.rawValue)</span></h1>
            <p class="lead">\(f.title)</p>
            <p class="muted">terms: \(f.terms.joined(separator: ", ")) · \(f.representation)</p>
            \(f.note.map { "<p>note: \($0)</p>" as HTML } ?? "")
            <p>\(summary.samples) failing samples of \(summary.items) items in \(summary.sources) of \(summary.trend.count) mined runs; \
            first seen \(FindingSummary.day(summary.firstSeen)), last seen \(FindingSummary.day(summary.lastSeen)).\
            \(promoted.isEmpty ? "" : " Promoted into \(HTML.join(promoted, separator: ", "))." as HTML)</p>
            <p class="muted">Change the status with <code>assay findings set-status \(f.id) triaged|fixed|wont_fix|open</code>; \
            turn the examples into a regression suite with <code>assay findings promote \(f.id)</code>.</p>
            <h2>Trend</h2><figure>\(HTML.raw(chart.svg()))</figure>
            <table id="trend"><thead><tr><th>#</th><th>run</th><th>kind</th><th>model</th><th>started</th><th>samples</th><th>in finding</th>\
            <th>share</th><th>95% CI</th></tr></thead><tbody>\(runs)</tbody></table>
            <h2>Models</h2><ul>\(models)</ul>
            <h2>Examples</h2>\(shown)
            """
    }
}
