import AssayCore
import Foundation

/// All runs: suite, model, status, headline metric with its interval, samples and errors, time.
struct RunsPage: Page {
    struct Row: Sendable {
        var run: RunRecord
        var report: RunReport
    }

    let rows: [Row]
    var title: String { "Runs" }
    var section: String { "runs" }

    func body() -> HTML {
        guard !rows.isEmpty else {
            return "<h1>Runs</h1><p class=\"muted\">No runs in this store yet. Start one with <code>assay run</code>.</p>"
        }
        let lines: [HTML] = rows.map { row in
            let run = row.run
            let headline = row.report.metrics.first { !$0.name.contains("[") }
            let metric: HTML = headline.map { m in
                "<td>\(m.scorer) \(m.name)</td><td class=\"num\">\(Format.number(m.value))</td><td>\(Charts.inline(m))</td><td class=\"num muted\">\(Format.interval(m))</td>"
            } ?? "<td class=\"muted\">—</td><td></td><td></td><td></td>"
            return """
                <tr><td><a href="/runs/\(Format.segment(run.id))"><code>\(run.id)</code></a></td>\
                <td><a href="/suites/\(Format.segment(run.suiteVersion))">\(run.suiteName)</a></td><td><code>\(run.model)</code></td>\
                <td>\(Format.status(run.status))</td>\(metric)\
                <td class="num">\(row.report.samples)</td><td class="num">\(row.report.errors)</td><td class="muted">\(Format.date(run.createdAt))</td></tr>
                """
        }
        return """
            <h1>Runs</h1>
            <table>
            <thead><tr><th>run</th><th>suite</th><th>model</th><th>status</th><th>headline metric</th><th>value</th><th>95% CI</th><th></th>\
            <th>samples</th><th>errors</th><th>started</th></tr></thead>
            <tbody>\(lines)</tbody>
            </table>
            """
    }
}
