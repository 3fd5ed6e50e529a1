import AssayCore
import AssayEvolve
import Foundation

/// What changed between two versions of a suite: items added (with the evidence that promoted them) and items no
/// longer run (with their state and reason).
struct SuiteDiffPage: Page {
    let old: Suite
    let new: Suite
    let diff: SuiteDiff

    var title: String { "Suite \(new.name) diff" }
    var section: String { "suites" }

    func body() -> HTML {
        let added: [HTML] = diff.added.map { item in
            let e = item.provenance.evidence
            let chain = e?.operatorChain ?? item.provenance.operator.map { [$0] } ?? []
            let evolution: HTML = e.map { "<a href=\"/evolutions/\(Format.segment($0.evolution))\"><code>\($0.evolution)</code></a>" } ?? "—"
            return """
                <tr><td><a href="\(Format.itemLink(item.id))"><code>\(String(item.id.prefix(10)))</code></a></td>\
                <td>\(Format.excerpt(item.prompt, 160))</td><td>\(chain.isEmpty ? "—" : chain.joined(separator: " → "))</td>\
                <td><code>\(e?.targetModel ?? "—")</code></td><td>\(evolution)</td></tr>
                """
        }
        let removed: [HTML] = diff.removed.map { entry in
            """
            <tr><td><a href="\(Format.itemLink(entry.item.id))"><code>\(String(entry.item.id.prefix(10)))</code></a></td>\
            <td>\(Format.excerpt(entry.item.prompt, 160))</td><td>\(Format.pill(entry.state?.rawValue ?? "removed"))</td><td>\(entry.reason ?? "—")</td></tr>
            """
        }
        let none: HTML = "<p class=\"muted\">None.</p>"
        let addedTable: HTML = added.isEmpty ? none : """
            <table><thead><tr><th>item</th><th>prompt</th><th>operator chain</th><th>target model</th><th>evolution</th></tr></thead>\
            <tbody>\(added)</tbody></table>
            """
        let removedTable: HTML = removed.isEmpty ? none : """
            <table><thead><tr><th>item</th><th>prompt</th><th>state</th><th>reason</th></tr></thead><tbody>\(removed)</tbody></table>
            """
        return """
            <h1>Suite \(new.name): <code>\(String(old.version.prefix(12)))</code> → <code>\(String(new.version.prefix(12)))</code></h1>
            <div class="facts">
            <div><span>from</span><a href="/suites/\(Format.segment(old.version))"><code>\(String(old.version.prefix(12)))</code></a></div>
            <div><span>to</span><a href="/suites/\(Format.segment(new.version))"><code>\(String(new.version.prefix(12)))</code></a></div>
            <div><span>added</span><span id="added-count">\(diff.added.count)</span></div>
            <div><span>retired</span><span id="retired-count">\(diff.removed.count)</span></div>
            <div><span>unchanged</span>\(diff.unchanged)</div>
            <div><span>configuration</span>\(diff.configChanged ? "changed" : "same")</div>
            <div><a href="/suites/\(Format.segment(new.name))/versions">all versions</a></div>
            </div>
            <h2>Added</h2>
            \(addedTable)
            <h2>Retired</h2>
            \(removedTable)
            """
    }
}
