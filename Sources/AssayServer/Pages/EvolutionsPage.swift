import AssayCore
import AssayEvolve
import Foundation

/// All `assay evolve` searches, newest first: status, suite, target, budget spent, validated failures, promotion.
struct EvolutionsPage: Page {
    let evolutions: [EvolutionView]
    var title: String { "Evolutions" }
    var section: String { "evolutions" }

    func body() -> HTML {
        guard !evolutions.isEmpty else {
            return "<h1>Evolutions</h1><p class=\"muted\">No searches in this store yet. Start one with <code>assay evolve</code>.</p>"
        }
        let rows: [HTML] = evolutions.map { view in
            let r = view.record
            let queries = view.state.map { "\($0.targetQueries)" } ?? "—"
            let budget = view.settings.map { "\($0.budget)" } ?? "—"
            let promoted: HTML = r.promotedVersion.map { version in
                "<a href=\"/suites/\(Format.segment(version))\"><code>\(String(version.prefix(12)))</code></a>"
            } ?? "—"
            return """
                <tr><td><a href="/evolutions/\(Format.segment(r.id))"><code>\(r.id)</code></a></td><td>\(Format.pill(r.status.rawValue))</td>\
                <td><a href="/suites/\(Format.segment(r.suiteVersion))">\(r.suiteName)</a></td><td><code>\(r.target)</code></td>\
                <td class="num">\(queries)/\(budget)</td><td class="num">\(view.summary.map { "\($0.validated)" } ?? "—")</td>\
                <td>\(promoted)</td><td class="muted">\(Format.date(r.createdAt))</td></tr>
                """
        }
        return """
            <h1>Evolutions</h1>
            <table><thead><tr><th>evolution</th><th>status</th><th>suite</th><th>target</th><th>queries</th><th>validated</th>\
            <th>promoted</th><th>started</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
