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
            \(compareForm())
            <table>
            <thead><tr><th>run</th><th>suite</th><th>model</th><th>status</th><th>headline metric</th><th>value</th><th>95% CI</th><th></th>\
            <th>samples</th><th>errors</th><th>started</th></tr></thead>
            <tbody>\(lines)</tbody>
            </table>
            """
    }

    /// A GET form to `/compare` choosing run a (newest by default) and run b (the one before it).
    private func compareForm() -> HTML {
        guard rows.count >= 2 else { return "" }
        func select(_ name: String, selected: Int) -> HTML {
            let options: [HTML] = rows.enumerated().map { index, row in
                let run = row.run
                let chosen: HTML = index == selected ? " selected" : ""
                return "<option value=\"\(run.id)\"\(chosen)>\(run.id) · \(run.model) · \(run.suiteName)</option>"
            }
            return "<label>run \(name)<select name=\"\(name)\">\(options)</select></label>"
        }
        return """
            <form class="filters compare" method="get" action="/compare">\(select("a", selected: 0))\(select("b", selected: 1))\
            <button type="submit">compare</button><span class="muted">paired differences a − b on the items both ran</span></form>
            """
    }
}
