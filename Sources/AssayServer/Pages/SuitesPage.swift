import AssayCore
import AssayStore
import Foundation

/// Stored suite versions, newest first, with their lineage.
struct SuitesPage: Page {
    let versions: [SuiteVersionInfo]
    var title: String { "Suites" }
    var section: String { "suites" }

    func body() -> HTML {
        guard !versions.isEmpty else { return "<h1>Suites</h1><p class=\"muted\">No suite versions stored yet.</p>" }
        let rows: [HTML] = versions.map { v in
            let parent: HTML = v.parent.map { "<a href=\"/suites/\(Format.segment($0))\"><code>\(String($0.prefix(12)))</code></a>" } ?? "—"
            return """
                <tr><td>\(v.name)</td><td><a href="/suites/\(Format.segment(v.version))"><code>\(String(v.version.prefix(12)))</code></a></td>\
                <td>\(parent)</td><td class="num">\(v.itemCount)</td><td class="muted">\(Format.date(v.createdAt))</td></tr>
                """
        }
        return """
            <h1>Suites</h1>
            <table><thead><tr><th>name</th><th>version</th><th>parent</th><th>items</th><th>stored</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
