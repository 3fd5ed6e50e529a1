import AssayCore
import AssayEvolve
import Foundation

/// One item: its conversation, target, tags, provenance and evidence, and its lineage from the seed it was mutated
/// from. Seen from an evolution (`?evolution=ID`), also the target's response and the judges' verdicts. Every prompt
/// and response came from a dataset or a model and is escaped.
struct ItemPage: Page {
    /// What the evolution knows about the item.
    struct SearchView: Sendable {
        var evolution: String
        var evaluated: EvolutionState.Evaluated?
        var finding: EvolutionState.Finding?
    }

    let item: Item
    /// The ancestors, seed first, the item itself excluded.
    let lineage: [Item]
    /// The parent id where the walk stopped because no store or search holds that item.
    let missingAncestor: String?
    let search: SearchView?

    var title: String { "Item \(item.id.prefix(10))" }
    var section: String { search == nil ? "suites" : "evolutions" }

    func body() -> HTML {
        let turns: [HTML] = item.input.map { "<div class=\"turn\"><div class=\"role\">\($0.role.rawValue)</div><pre>\($0.content)</pre></div>" }
        let context: HTML = search.map { "<div><span>evolution</span><a href=\"/evolutions/\(Format.segment($0.evolution))\"><code>\($0.evolution)</code></a></div>" } ?? ""
        return """
            <h1>Item <code>\(String(item.id.prefix(12)))</code></h1>
            <div class="facts">
            <div><span>target</span>\(Format.target(item.target))</div>
            <div><span>tags</span>\(item.tags.isEmpty ? "—" : item.tags.joined(separator: ", "))</div>
            \(context)
            </div>
            <h2>Conversation</h2>
            \(turns)
            \(response())
            \(lineageBlock())
            \(provenance())
            """
    }

    private func response() -> HTML {
        guard let search, search.evaluated != nil || search.finding != nil else { return "" }
        var parts: [HTML] = []
        if let entry = search.evaluated {
            if let error = entry.error {
                parts.append("<div class=\"turn\"><div class=\"role error\">request failed</div><pre class=\"error\">\(error)</pre></div>")
            } else {
                parts.append("<div class=\"turn\"><div class=\"role\">target response (model output, shortened)</div><pre>\(entry.response)</pre></div>")
            }
            let fitness = entry.fitness.map { Format.number($0, 2) } ?? "abstained"
            parts.append("""
                <div class="facts"><div><span>fitness</span>\(fitness)</div><div><span>judge</span>\(entry.explanation)</div>\
                <div><span>at query</span>\(entry.atQuery)</div></div>
                """)
        } else if let finding = search.finding {
            parts.append("<div class=\"turn\"><div class=\"role\">target response (model output)</div><pre>\(finding.response)</pre></div>")
        }
        if let finding = search.finding {
            let verdicts: [HTML] = finding.verdicts.map { v in
                "<tr><td>\(v.judge)</td><td class=\"num\">\(v.fitness.map { Format.number($0, 2) } ?? "abstained")</td><td>\(v.explanation)</td></tr>"
            }
            parts.append("""
                <h2>Validation</h2>
                <div class="facts"><div><span>status</span>\(Format.pill(finding.status.rawValue))</div>\
                <div><span>cell</span>\(finding.descriptor.description)</div><div><span>fitness</span>\(Format.number(finding.fitness, 2))</div>\
                <div><span>re-runs failed</span>\(finding.rerunFailures)/\(finding.reruns)</div><div><span>found at query</span>\(finding.foundAtQuery)</div></div>
                <table><thead><tr><th>judge</th><th>fitness</th><th>explanation</th></tr></thead><tbody>\(verdicts)</tbody></table>
                """)
        }
        return "<h2>Response</h2>\(parts)"
    }

    private func lineageBlock() -> HTML {
        guard !lineage.isEmpty || missingAncestor != nil else { return "" }
        var rows: [HTML] = []
        if let missing = missingAncestor {
            rows.append("<tr><td>—</td><td><code>\(String(missing.prefix(12)))</code></td><td class=\"muted\">not in this store</td><td></td></tr>")
        }
        for (index, step) in (lineage + [item]).enumerated() {
            let isSelf = step.id == item.id
            let link: HTML = isSelf ? "<code>\(String(step.id.prefix(12)))</code> (this item)"
                : "<a href=\"\(Format.itemLink(step.id, evolution: search?.evolution))\"><code>\(String(step.id.prefix(12)))</code></a>"
            let op = step.provenance.operator ?? (index == 0 && missingAncestor == nil ? "seed" : "—")
            rows.append("<tr><td class=\"num\">\(index)</td><td>\(link)</td><td>\(op)</td><td>\(Format.excerpt(step.prompt, 160))</td></tr>")
        }
        return """
            <h2>Lineage</h2>
            <table><thead><tr><th>step</th><th>item</th><th>operator</th><th>prompt</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func provenance() -> HTML {
        let p = item.provenance
        var html: HTML = """
            <h2>Provenance</h2><div class="facts"><div><span>origin</span>\(p.origin.rawValue)</div><div><span>source</span>\(p.source ?? "—")</div>\
            <div><span>parent</span>\(p.parent.map { String($0.prefix(12)) } ?? "—")</div><div><span>operator</span>\(p.operator ?? "—")</div>\
            <div><span>generator model</span>\(p.generatorModel ?? "—")</div><div><span>created</span>\(p.createdAt.map(Format.date) ?? "—")</div></div>
            """
        if let e = p.evidence {
            let verdicts: [HTML] = e.verdicts.map { "<li>\($0)</li>" }
            html = """
                \(html)
                <h2>Evidence</h2><div class="facts">\
                <div><span>evolution</span><a href="/evolutions/\(Format.segment(e.evolution))"><code>\(e.evolution)</code></a></div>\
                <div><span>target model</span><code>\(e.targetModel)</code></div><div><span>attacker</span>\(e.attackerModel ?? "—")</div>\
                <div><span>operator chain</span>\(e.operatorChain.isEmpty ? "—" : e.operatorChain.joined(separator: " → "))</div>\
                <div><span>fitness</span>\(Format.number(e.fitness, 2))</div><div><span>re-runs failed</span>\(e.rerunFailures)/\(e.reruns)</div>\
                <div><span>found at query</span>\(e.foundAtQuery)</div><div><span>found</span>\(Format.date(e.foundAt))</div>\
                <div><span>validated</span>\(e.validatedAt.map(Format.date) ?? "—")</div></div>
                <ul>\(verdicts)</ul>
                """
        }
        return html
    }
}
