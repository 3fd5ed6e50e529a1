public import AssayCore
public import AssayStore
import Foundation

/// A run as one self-contained HTML file: facts, metrics with their interval bars, per-item distributions, and the
/// failing samples, with the dashboard's styles inline and no script or outside resource (a Content-Security-Policy
/// forbids both), so it can be mailed or attached to a CI job. Every text is escaped.
public enum RunExport {
    /// At most this many failing samples are shown.
    public static let failureLimit = 100

    public static func html(report: RunReport, store: any Store) async throws -> String {
        let run = report.run
        let aggregates = try await store.itemAggregates(runID: run.id)
        let distributions: [HTML] = run.config.scorers.compactMap { scorer in
            let values = (aggregates[scorer] ?? []).filter { $0.count > 0 }.map { $0.sum / Double($0.count) }
            return values.isEmpty ? nil : Charts.histogram(values, title: scorer, continuous: run.config.continuousScorers.contains(scorer))
        }
        let failing = try await store.samplePage(runID: run.id, filter: SampleFilter(verdict: "fail"), offset: 0, limit: failureLimit)
        let metricRows: [HTML] = report.metrics.map { m in
            """
            <tr><td>\(m.scorer)</td><td>\(m.name)</td><td class="num">\(Format.number(m.value))</td><td>\(Charts.inline(m))</td>\
            <td class="num muted">\(Format.interval(m))</td><td class="num">\(Format.number(m.stderr))</td><td class="num">\(m.n)</td>\
            <td class="num">\(m.abstained)</td><td class="muted">\(m.method.rawValue)</td></tr>
            """
        }
        let failures: [HTML] = failing.rows.map { result in
            let verdicts: [HTML] = result.scores.map { score in
                "<span class=\"\(score.verdict.rawValue)\">\(score.scorer): \(score.verdict.rawValue)</span>\(score.explanation.map { " <span class=\"muted\">(\($0))</span>" as HTML } ?? "")"
            }
            let prompt = result.sample.messages.map { "\($0.role.rawValue): \($0.content)" }.joined(separator: "\n\n")
            return """
                <div class="example"><p class="muted">item \(String(result.sample.itemID.prefix(12))) · epoch \(result.sample.epoch) · \
                \(HTML.join(verdicts, separator: " · "))</p><pre class="prompt">\(String(prompt.prefix(4_000)))</pre>\
                <pre class="response">\(String(result.sample.text.prefix(4_000)))</pre></div>
                """
        }
        let labels: [HTML] = run.labels.sorted { $0.key < $1.key }.map { "<div><span>\($0.key)</span>\($0.value)</div>" }
        let document: HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Run \(run.id) · Assay</title>
            <style>\(HTML.raw(Layout.styles))</style>
            </head>
            <body>
            <header><strong>Assay</strong><span class="muted">exported \(Format.date(Date()))</span></header>
            <main>
            <h1>Run <code>\(run.id)</code> \(Format.status(run.status))</h1>
            <div class="facts">
            <div><span>suite</span>\(run.suiteName) <code class="muted">\(String(run.suiteVersion.prefix(12)))</code></div>
            <div><span>model</span><code>\(run.model)</code></div>
            <div><span>epochs</span>\(run.config.epochs)</div><div><span>seed</span>\(run.config.seed)</div>
            <div><span>samples</span>\(report.samples)</div><div><span>errors</span><span class="error">\(report.errors)</span></div>
            <div><span>started</span>\(Format.date(run.createdAt))</div>\(labels)
            </div>
            <h2>Metrics</h2>
            <table><thead><tr><th>scorer</th><th>metric</th><th>value</th><th>95% CI</th><th></th><th>SE</th><th>n</th><th>abstain</th><th>method</th></tr></thead>
            <tbody>\(metricRows)</tbody></table>
            \(distributions.isEmpty ? "" : "<h2>Per-item distributions</h2><div class=\"charts\">\(distributions)</div>" as HTML)
            <h2>Failing samples</h2>
            <p class="muted">\(failing.total) samples with a failing score\(failing.total > failureLimit ? ", the first \(failureLimit) shown" : "").</p>
            \(failures)
            </main>
            </body>
            </html>
            """
        return document.text
    }
}
