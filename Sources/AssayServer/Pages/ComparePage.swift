import AssayAnalysis
import AssayCharts
import AssayCore
import AssayStore
import Foundation

/// Two runs side by side on the items they share: paired metric differences with CIs and tests, the behaviour-shift
/// profile, the items whose verdict flipped with both responses, and the distribution test. The numbers are those of
/// `assay compare`; every string from a model or a dataset is escaped.
struct ComparePage: Page {
    static let pageSize = 20

    /// A flipped verdict with both runs' samples of the item at epoch 0 (nil when a run has none).
    struct Flip: Sendable {
        var flip: RunComparison.FlippedItem
        var a: SampleResult?
        var b: SampleResult?
    }

    let comparison: RunComparison
    let runA: RunRecord
    let runB: RunRecord
    /// The flipped items from `offset`, at most ``pageSize``.
    let flips: [Flip]
    let offset: Int

    var title: String { "Compare \(runA.id) with \(runB.id)" }
    var section: String { "runs" }

    func body() -> HTML {
        let c = comparison
        let suiteNote: HTML = runA.suiteName == runB.suiteName && runA.suiteVersion == runB.suiteVersion ? "" : """
            <p class="muted">The runs use different suite versions; only the items both ran are compared.</p>
            """
        return """
            <h1>Compare runs</h1>
            \(sides())
            <div class="facts">
            <div><span>shared items</span><span id="shared-items">\(c.sharedItems)</span></div>
            <div><span>only in a</span>\(c.onlyInA)</div><div><span>only in b</span>\(c.onlyInB)</div>
            <div><span>significant at</span>q ≤ \(RunComparison.fmt(c.alpha))</div>
            <div><a href="/compare\(Format.query([("a", runB.id), ("b", runA.id)]))">swap a and b</a></div>
            <div><a href="/api/compare\(Format.query([("a", runA.id), ("b", runB.id)]))">JSON</a></div>
            </div>
            \(suiteNote)
            <h2>Metrics</h2>
            <p class="muted">Difference a − b on the shared items with a paired 95% CI. p: exact McNemar for pass/fail with one \
            epoch, paired bootstrap otherwise; q: Benjamini-Hochberg across this table. Rows marked <span class="sig">significant</span> \
            have q ≤ \(RunComparison.fmt(c.alpha)). The table lists the all-items rows and the significant tag rows; \
            “Every row” opens the rest.</p>
            \(differenceCharts(c.metrics, id: "metrics-chart", label: { "\($0.scorer ?? "") \($0.name)" }))
            \(tables(c.metrics, id: "metrics", first: "scorer", label: { "<td>\($0.scorer ?? "")</td><td>\($0.name)</td>" }))
            <h2>Behaviour shift</h2>
            <p class="muted">How the responses changed apart from their scores: the share that refuse, abstain, hedge, state \
            uncertainty or fail, and their length in words; same tests, corrected across this table.</p>
            \(differenceCharts(c.shift.filter { $0.name != BehaviourFeature.responseWords.rawValue }, id: "shift-chart", label: { $0.name }))
            \(tables(c.shift, id: "shift", first: "feature", label: { "<td colspan=\"2\">\($0.name)</td>" }))
            <h2>Flipped verdicts <span class="muted" id="flipped-count">\(c.flipped.count)</span></h2>
            \(flipped())
            <h2>Distribution of completions</h2>
            \(distribution())
            """
    }

    private func sides() -> HTML {
        func row(_ name: String, _ cell: (RunRecord, RunComparison.Side) -> HTML) -> HTML {
            "<tr><th>\(name)</th><td>\(cell(runA, comparison.a))</td><td>\(cell(runB, comparison.b))</td></tr>"
        }
        let rows: [HTML] = [
            row("run") { run, _ in "<a href=\"/runs/\(Format.segment(run.id))\"><code>\(run.id)</code></a> \(Format.status(run.status))" },
            row("model") { _, side in "<code>\(side.model)</code>" },
            row("suite") { run, side in
                "<a href=\"/suites/\(Format.segment(run.suiteVersion))\">\(side.suite)</a> <code class=\"muted\">\(String(side.suiteVersion.prefix(12)))</code>"
            },
            row("epochs") { run, _ in "\(run.config.epochs)" },
            row("samples") { _, side in "\(side.samples)" },
            row("errors") { _, side in "<span class=\"error\">\(side.errors)</span>" },
        ]
        return """
            <table class="sides"><thead><tr><th></th><th>a</th><th>b</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// The paired differences as a forest plot: every row when there are few, else the all-items rows. Rows whose
    /// interval stays within [-1, 1] (proportions, bounded scores) share a chart; others get their own axis.
    private func differenceCharts(_ rows: [PairedComparison], id: String, label: (PairedComparison) -> String) -> HTML {
        let shown = rows.count <= 24 ? rows : rows.filter { $0.tag == nil }
        guard !shown.isEmpty else { return "" }
        func bounded(_ r: PairedComparison) -> Bool {
            [r.difference, r.ciLow, r.ciHigh].allSatisfy { !$0.isFinite || abs($0) <= 1 }
        }
        let groups = [shown.filter(bounded), shown.filter { !bounded($0) }].filter { !$0.isEmpty }
        let charts: [HTML] = groups.enumerated().map { index, group in
            let chartRows = group.map { r in
                DifferenceChart.Row(label(r) + (r.tag.map { " · " + $0 } ?? ""), difference: r.difference,
                                    low: r.ciLow.isFinite ? r.ciLow : nil, high: r.ciHigh.isFinite ? r.ciHigh : nil,
                                    highlighted: r.significant(alpha: comparison.alpha), note: "n=\(r.n)")
            }
            let chart = DifferenceChart(title: "Difference a − b with 95% CI", rows: chartRows, axisLabel: "a − b")
            return "<figure id=\"\(id)\(index == 0 ? "" : "-\(index)")\">\(HTML.raw(chart.svg()))</figure>"
        }
        let note: HTML = shown.count < rows.count ? "<p class=\"muted\">The chart shows the all-items rows.</p>" : ""
        return "<div class=\"charts\">\(charts)</div>\(note)"
    }

    /// The all-items rows and any significant tag row; when there are tag rows, every row again under a `<details>`.
    private func tables(_ rows: [PairedComparison], id: String, first: String, label: (PairedComparison) -> HTML) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"muted\">Nothing shared to compare.</p>" }
        let tagRows = rows.filter { $0.tag != nil }
        guard !tagRows.isEmpty else { return table(rows, id: id, first: first, label: label) }
        let summary = rows.filter { $0.tag == nil || $0.significant(alpha: comparison.alpha) }
        let tags = Set(tagRows.compactMap(\.tag)).count
        return """
            \(table(summary, id: id, first: first, label: label))
            <details><summary>Every row: all items and each of \(tags) tags (\(rows.count) rows)</summary>
            \(table(rows, id: id + "-by-tag", first: first, label: label))
            </details>
            """
    }

    private func table(_ rows: [PairedComparison], id: String, first: String, label: (PairedComparison) -> HTML) -> HTML {
        let alpha = comparison.alpha
        let lines: [HTML] = rows.map { r in
            let significant = r.significant(alpha: alpha)
            let mark: HTML = significant ? "<span class=\"sig\" title=\"q ≤ \(RunComparison.fmt(alpha))\">significant</span>" : ""
            let rowClass: HTML = significant ? " class=\"significant\"" : ""
            let discordant: HTML = r.discordant.map { "<span class=\"muted\" title=\"items passed only by a / only by b\">\($0.aOnly)/\($0.bOnly)</span>" } ?? ""
            return """
                <tr\(rowClass)>\(label(r))<td>\(r.tag ?? "all")</td>\
                <td class="num">\(RunComparison.fmt(r.a))</td><td class="num">\(RunComparison.fmt(r.b))</td>\
                <td class="num"><strong>\(RunComparison.signed(r.difference))</strong></td>\
                <td class="num muted">[\(RunComparison.signed(r.ciLow)), \(RunComparison.signed(r.ciHigh))]</td>\
                <td class="muted">\(r.test.rawValue) \(discordant)</td><td class="num">\(RunComparison.fmtP(r.pValue))</td>\
                <td class="num">\(RunComparison.fmtP(r.qValue))</td><td class="num">\(r.n)</td><td>\(mark)</td></tr>
                """
        }
        return """
            <table id="\(id)"><thead><tr><th colspan="2">\(first)</th><th>tag</th><th>a</th><th>b</th><th>a − b</th><th>95% CI</th>\
            <th>test</th><th>p</th><th>q</th><th>n</th><th></th></tr></thead><tbody>\(lines)</tbody></table>
            """
    }

    private func flipped() -> HTML {
        let total = comparison.flipped.count
        guard total > 0 else { return "<p class=\"muted\">No item changed its verdict.</p>" }
        let sections: [HTML] = flips.map(flipSection)
        let range = "\(offset + 1)–\(offset + flips.count) of \(total)"
        var pager: [HTML] = []
        let base: [(String, String?)] = [("a", runA.id), ("b", runB.id), ("alpha", comparison.alpha == 0.05 ? nil : String(comparison.alpha))]
        if offset > 0 {
            pager.append("<a href=\"/compare\(Format.query(base + [("offset", String(max(0, offset - Self.pageSize)))]))#flipped\">previous</a>")
        }
        if offset + Self.pageSize < total {
            pager.append("<a href=\"/compare\(Format.query(base + [("offset", String(offset + Self.pageSize))]))#flipped\">next</a>")
        }
        let rest = total - offset - flips.count
        let more: HTML = rest > 0 ? " (\(rest) more)" : ""
        let shown: HTML = flips.isEmpty ? "none on this page" : "\(range)"
        return """
            <p class="muted" id="flipped">Items whose majority verdict under a pass/fail scorer differs between the runs; the \
            transcripts are epoch 0. Showing \(shown)\(more).</p>
            \(sections)
            <p class="pager muted">\(range) \(pager)</p>
            """
    }

    private func flipSection(_ f: Flip) -> HTML {
        let item = f.flip
        let tags: HTML = item.tags.isEmpty ? "" : "<span><span class=\"muted\">tags</span> \(item.tags.joined(separator: ", "))</span>"
        let prompt = f.a?.sample.messages ?? f.b?.sample.messages ?? []
        let turns: [HTML] = prompt.map { "<div class=\"role\">\($0.role.rawValue)</div><pre>\($0.content)</pre>" }
        let promptBlock: HTML = turns.isEmpty ? "<p class=\"muted\">Neither run has this item at epoch 0.</p>" : "\(turns)"
        return """
            <section class="flip">
            <div class="flip-head"><a href="\(Format.itemLink(item.itemID))"><code>\(String(item.itemID.prefix(12)))</code></a>\
            <span><span class="muted">scorer</span> \(item.scorer)</span>\
            <span><span class="\(item.a.rawValue)">\(item.a.rawValue)</span> → <span class="\(item.b.rawValue)">\(item.b.rawValue)</span></span>\(tags)</div>
            \(promptBlock)
            <div class="pair">
            \(response("a", run: runA, sample: f.a, prompt: prompt, scorer: item.scorer, itemID: item.itemID, passShare: item.aPassShare))
            \(response("b", run: runB, sample: f.b, prompt: prompt, scorer: item.scorer, itemID: item.itemID, passShare: item.bPassShare))
            </div>
            </section>
            """
    }

    private func response(_ side: String, run: RunRecord, sample: SampleResult?, prompt: [Message], scorer: String, itemID: String,
                          passShare: Double) -> HTML {
        guard let sample else {
            return "<div><div class=\"role\">run \(side) · <code>\(String(run.id.suffix(8)))</code></div><p class=\"muted\">No sample at epoch 0.</p></div>"
        }
        let s = sample.sample
        let link = "/runs/\(Format.segment(run.id))/samples/\(Format.segment(itemID))/0"
        var verdict: HTML = sample.scores.first { $0.scorer == scorer }.map { "\(scorer): \(Format.verdict($0))" } ?? ""
        // With several epochs the flip is a majority verdict, which epoch 0 alone may contradict: say so.
        if run.config.epochs > 1 {
            verdict = "\(verdict) at epoch 0 · passed \(NumberFormat.fixed(100 * passShare, 0))% of epochs"
        }
        // A run whose prompt differed (another system prompt, another template) shows its own.
        let ownPrompt: HTML = s.messages == prompt ? "" : HTML.join(s.messages.map {
            "<div class=\"role\">\($0.role.rawValue) (run \(side))</div><pre>\($0.content)</pre>" as HTML
        })
        let body: HTML = s.error.map { "<pre class=\"error\">request failed: \($0)</pre>" } ?? "<pre class=\"response\">\(s.text)</pre>"
        return """
            <div class="side-\(side)"><div class="role">run \(side) · <code>\(run.model)</code> · \
            <a href="\(link)">transcript</a></div>\(ownPrompt)\(body)<div class="muted">\(verdict)</div></div>
            """
    }

    private func distribution() -> HTML {
        let d = comparison.distribution
        let result: HTML
        if d.testable {
            result = """
                <div class="facts"><div><span>MMD²</span>\(NumberFormat.fixed(d.statistic, 4))</div><div><span>p</span>\(RunComparison.fmtP(d.pValue))</div>\
                <div><span>prompts</span>\(d.prompts)</div><div><span>permutations</span>\(d.permutations)</div>\
                <div><span>word positions</span>\(d.positions)</div></div>
                """
        } else {
            result = "<p id=\"distribution-note\">Not tested: \(d.note ?? "no replicate completions").</p>"
        }
        let identical: HTML = d.identicalShare.isFinite
            ? "<p>Identical completions on <strong id=\"identical-share\">\(NumberFormat.fixed(100 * d.identicalShare, 1))%</strong> of prompts.</p>"
            : "<p class=\"muted\">No prompt has a completion in both runs.</p>"
        return """
            <p class="muted">Whether, prompt by prompt, the completions come from the same distribution: maximum mean \
            discrepancy with a Hamming kernel over words, permutation p-value; it needs two or more epochs per run.</p>
            \(result)
            \(identical)
            """
    }
}
