import AssayCore
import Foundation

/// One suite version: its configuration and a page of items with their provenance.
struct SuitePage: Page {
    static let pageSize = 100
    let suite: Suite
    let offset: Int

    var title: String { "Suite \(suite.name)" }
    var section: String { "suites" }

    func body() -> HTML {
        let items = suite.items.dropFirst(offset).prefix(Self.pageSize)
        let rows: [HTML] = items.map { item in
            let p = item.provenance
            return """
                <tr><td><code>\(String(item.id.prefix(10)))</code></td><td>\(String(item.prompt.prefix(200)))</td><td>\(item.target.kind)</td>\
                <td>\(item.tags.joined(separator: ", "))</td><td>\(p.origin.rawValue)</td><td class="muted">\(p.source ?? "")\(p.operator.map { " · " + $0 } ?? "")</td></tr>
                """
        }
        let scorers = suite.config.scorers.map(\.displayName).joined(separator: ", ")
        var pager: [HTML] = []
        if offset > 0 { pager.append("<a href=\"/suites/\(Format.segment(suite.version))?offset=\(max(0, offset - Self.pageSize))\">previous</a>") }
        if offset + Self.pageSize < suite.items.count {
            pager.append("<a href=\"/suites/\(Format.segment(suite.version))?offset=\(offset + Self.pageSize)\">next</a>")
        }
        return """
            <h1>Suite \(suite.name) <code class="muted">\(String(suite.version.prefix(12)))</code></h1>
            <p>\(suite.config.description)</p>
            <div class="facts">
            <div><span>items</span>\(suite.items.count)</div>
            <div><span>scorers</span>\(scorers.isEmpty ? "defaults by target kind" : scorers)</div>
            <div><span>max_tokens</span>\(suite.config.generation.maxTokens)</div>
            <div><span>parent</span>\(suite.parent.map { String($0.prefix(12)) } ?? "—")</div>
            <div><a href="/suites/\(Format.segment(suite.name))/versions">all versions</a></div>
            </div>
            <h2>Prompt</h2>
            \(suite.config.prompt.system.map { "<div class=\"role\">system</div><pre>\($0)</pre>" as HTML } ?? "")
            <div class="role">template</div><pre>\(suite.config.prompt.template)</pre>
            <h2>Items</h2>
            <table><thead><tr><th>id</th><th>prompt</th><th>target</th><th>tags</th><th>origin</th><th>source</th></tr></thead><tbody>\(rows)</tbody></table>
            <p class="pager muted">\(offset + 1)–\(min(suite.items.count, offset + Self.pageSize)) of \(suite.items.count) \(pager)</p>
            """
    }
}
