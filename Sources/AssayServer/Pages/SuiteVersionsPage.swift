import AssayCore
import AssayStore
import Foundation

/// The versions of one suite, newest first, each with its parent and a diff against it.
struct SuiteVersionsPage: Page {
    let name: String
    let versions: [SuiteVersionInfo]

    var title: String { "Suite \(name) versions" }
    var section: String { "suites" }

    func body() -> HTML {
        let rows: [HTML] = versions.map { v in
            let parent: HTML = v.parent.map { "<a href=\"/suites/\(Format.segment($0))\"><code>\(String($0.prefix(12)))</code></a>" } ?? "—"
            let diff: HTML = v.parent.map { parent in
                "<a href=\"/suites/\(Format.segment(name))/diff\(Format.query([("from", parent), ("to", v.version)]))\">diff</a>"
            } ?? ""
            return """
                <tr><td><a href="/suites/\(Format.segment(v.version))"><code>\(String(v.version.prefix(12)))</code></a></td><td>\(parent)</td>\
                <td class="num">\(v.itemCount)</td><td class="num">\(v.retiredCount)</td><td class="muted">\(Format.date(v.createdAt))</td><td>\(diff)</td></tr>
                """
        }
        return """
            <h1>Suite \(name): versions</h1>
            <table><thead><tr><th>version</th><th>parent</th><th>active items</th><th>retired</th><th>stored</th><th></th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }
}
