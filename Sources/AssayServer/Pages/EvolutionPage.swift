import AssayCore
import AssayEvolve
import Foundation

/// One search: its settings, the summary figures, the archive as a heatmap and the findings with their validation.
struct EvolutionPage: Page {
    let view: EvolutionView

    var title: String { "Evolution \(view.record.id)" }
    var section: String { "evolutions" }

    func body() -> HTML {
        let r = view.record
        let promoted: HTML = r.promotedVersion.map { version in
            let diff = "/suites/\(Format.segment(r.suiteName))/diff\(Format.query([("from", r.suiteVersion), ("to", version)]))"
            return "<a href=\"/suites/\(Format.segment(version))\"><code>\(String(version.prefix(12)))</code></a> (<a href=\"\(diff)\">diff</a>)"
        } ?? "—"
        let s = view.settings
        return """
            <h1>Evolution <code>\(r.id)</code> \(Format.pill(r.status.rawValue))</h1>
            <div class="facts">
            <div><span>suite</span><a href="/suites/\(Format.segment(r.suiteVersion))">\(r.suiteName)</a> <code class="muted">\(String(r.suiteVersion.prefix(12)))</code></div>
            <div><span>target</span><code>\(r.target)</code></div>
            <div><span>strategy</span>\(s?.strategy.rawValue ?? "—")</div>
            <div><span>budget</span>\(s.map { "\($0.budget)" } ?? "—")</div>
            <div><span>threshold</span>\(Format.number(view.threshold, 2))</div>
            <div><span>re-runs</span>\(s.map { "\($0.reruns)" } ?? "—")</div>
            <div><span>attacker</span>\(s?.attacker ?? "—")</div><div><span>judge</span>\(s?.judge ?? "—")</div>
            <div><span>promoted</span>\(promoted)</div>
            <div><span>started</span>\(Format.date(r.createdAt))</div><div><span>updated</span>\(Format.date(r.updatedAt))</div>
            </div>
            \(details())
            """
    }

    private func details() -> HTML {
        guard let state = view.state, let summary = view.summary else {
            return "<p class=\"error\">\(view.problem ?? "no state")</p>"
        }
        let families = summary.families.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let stop: HTML = state.stopReason.map { "<p class=\"abstain\">stopped early: \($0)</p>" } ?? ""
        return """
            \(stop)
            <h2>Summary</h2>
            <div class="facts">
            <div><span>target queries</span>\(summary.targetQueries)</div>
            <div><span>attacker / judge queries</span>\(summary.attackerQueries) / \(summary.judgeQueries)</div>
            <div><span>evaluated</span>\(summary.evaluated) (\(summary.judged) judged)</div>
            <div><span>attack success rate</span>\(percent(summary.attackSuccessRate))</div>
            <div><span>coverage</span>\(percent(summary.coverage)) (\(summary.filledCells)/\(summary.totalCells) cells)</div>
            <div><span>QD score</span>\(Format.number(summary.qdScore))</div>
            <div><span>validated</span><span class="fail">\(summary.validated)</span></div>
            <div><span>flaky</span>\(summary.flaky)</div><div><span>unconfirmed</span>\(summary.unconfirmed)</div>
            <div><span>not validated</span>\(summary.candidates)</div>
            <div><span>distinct per 1,000 queries</span>\(Format.number(summary.distinctPer1000Queries, 2)) (\(summary.distinctValidated) distinct)</div>
            <div><span>diversity</span>\(Format.number(summary.diversity))</div>
            <div><span>families</span>\(families.isEmpty ? "—" : families)</div>
            </div>
            <h2>Archive</h2>
            \(Charts.archiveHeatmap(ArchiveGrid(archive: state.archive), evolution: view.record.id))
            <h2>Findings</h2>
            \(findings(state))
            """
    }

    private func findings(_ state: EvolutionState) -> HTML {
        guard !state.findings.isEmpty else { return "<p class=\"muted\">No failures found.</p>" }
        let rows: [HTML] = state.findings.map { finding in
            let href = Format.itemLink(finding.item.id, evolution: view.record.id)
            return """
                <tr><td>\(Format.pill(finding.status.rawValue))</td><td>\(finding.descriptor.description)</td><td>\(view.family(of: finding.item))</td>\
                <td class="num">\(Format.number(finding.fitness, 2))</td><td class="num">\(finding.rerunFailures)/\(finding.reruns)</td>\
                <td><a href="\(href)">\(Format.excerpt(finding.item.prompt))</a></td></tr>
                """
        }
        return """
            <table><thead><tr><th>status</th><th>cell</th><th>family</th><th>fitness</th><th>re-runs failed</th><th>prompt</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }

    private func percent(_ value: Double) -> String { Format.number(value * 100, 1) + "%" }
}
