import AssayCore
import AssayStore
import Foundation

/// One run: facts, live progress, metrics with CI bars, per-scorer distributions, and the samples, filterable by
/// verdict, scorer and tag.
struct RunPage: Page {
    static let pageSize = 50

    let run: RunRecord
    let report: RunReport
    /// The suite's kind, when it is a dimension suite (its report is on `/runs/ID/dimension`).
    var dimensionKind: SuiteKind?
    let progress: ProgressFigures
    /// Per-item values of each scorer.
    let distributions: [String: [Double]]
    let tags: [String]
    let filter: SampleFilter
    let offset: Int
    /// Other runs offered in the "compare with" form.
    let compareWith: [RunRecord]
    let samples: SamplePage

    var title: String { "Run \(run.id)" }
    var section: String { "runs" }

    func body() -> HTML {
        let abstained = report.metrics.filter { !$0.name.contains("[") }.reduce(0) { $0 + $1.abstained }
        return """
            <h1>Run <code>\(run.id)</code> \(Format.status(run.status))</h1>
            <div class="facts">
            <div><span>suite</span><a href="/suites/\(Format.segment(run.suiteVersion))">\(run.suiteName)</a> <code class="muted">\(String(run.suiteVersion.prefix(12)))</code></div>
            <div><span>model</span><code>\(run.model)</code></div>
            <div><span>epochs</span>\(run.config.epochs)</div><div><span>seed</span>\(run.config.seed)</div>
            <div><span>samples</span>\(report.samples)</div><div><span>errors</span><span class="error">\(report.errors)</span></div>
            <div><span>abstentions</span><span class="abstain">\(abstained)</span></div>
            <div><span>started</span>\(Format.date(run.createdAt))</div>
            </div>
            \(compareForm())
            \(dimensionLink())
            \(progressBlock())
            <h2>Metrics</h2>
            \(metricsTable())
            \(distributionBlock())
            <h2>Samples</h2>
            \(filterForm())
            \(samplesTable())
            """
    }

    private func dimensionLink() -> HTML {
        guard let dimensionKind else { return "" }
        return "<p><a href=\"/runs/\(Format.segment(run.id))/dimension\">\(dimensionKind.rawValue) report</a> <span class=\"muted\">\(dimensionKind.summary)</span></p>"
    }

    /// A GET form to `/compare` with this run as `a` and a chosen other run as `b`.
    private func compareForm() -> HTML {
        guard !compareWith.isEmpty else { return "" }
        let options: [HTML] = compareWith.map { other in
            "<option value=\"\(other.id)\">\(other.id) · \(other.model) · \(other.suiteName)</option>"
        }
        return """
            <form class="filters compare" method="get" action="/compare">
            <input type="hidden" name="a" value="\(run.id)">
            <label>compare with…<select name="b">\(options)</select></label>
            <button type="submit">compare</button>
            </form>
            """
    }

    private func progressBlock() -> HTML {
        guard run.status != .completed else { return "" }
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 0
        let width = String(format: "%.1f", 100 * min(1, fraction))
        return """
            <div id="progress" class="facts"><div class="progress" title="done / total"><div id="progress-bar" style="width:\(width)%"></div></div>\
            <div id="progress-text">\(ProgressText.line(progress))</div></div>
            """
    }

    private func metricsTable() -> HTML {
        guard !report.metrics.isEmpty else { return "<p class=\"muted\">No metrics yet.</p>" }
        let rows: [HTML] = report.metrics.map { m in
            """
            <tr><td>\(m.scorer)</td><td>\(m.name)</td><td class="num">\(Format.number(m.value))</td><td>\(Charts.inline(m))</td>\
            <td class="num muted">\(Format.interval(m))</td><td class="num">\(Format.number(m.stderr))</td><td class="num">\(m.n)</td>\
            <td class="num">\(m.abstained)</td><td class="muted">\(m.method.rawValue)</td></tr>
            """
        }
        return """
            <table><thead><tr><th>scorer</th><th>metric</th><th>value</th><th>95% CI</th><th></th><th>SE</th><th>n</th><th>abstain</th><th>method</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private func distributionBlock() -> HTML {
        let charts: [HTML] = run.config.scorers.compactMap { scorer in
            guard let values = distributions[scorer], !values.isEmpty else { return nil }
            return Charts.histogram(values, title: scorer, continuous: run.config.continuousScorers.contains(scorer))
        }
        return charts.isEmpty ? "" : "<h2>Per-item distributions</h2><div class=\"charts\">\(charts)</div>"
    }

    private func filterForm() -> HTML {
        func options(_ values: [String], selected: String?) -> HTML {
            let all: HTML = "<option value=\"\">any</option>"
            return HTML.join([all] + values.map { v in v == selected ? "<option selected>\(v)</option>" : "<option>\(v)</option>" })
        }
        return """
            <form class="filters" method="get" action="/runs/\(Format.segment(run.id))">
            <label>verdict<select name="verdict">\(options(["pass", "fail", "abstain", "value", "error"], selected: filter.verdict))</select></label>
            <label>scorer<select name="scorer">\(options(run.config.scorers, selected: filter.scorer))</select></label>
            <label>tag<select name="tag">\(options(tags, selected: filter.tag))</select></label>
            <button type="submit">filter</button>
            <span class="muted">\(samples.total) matching</span>
            </form>
            """
    }

    private func samplesTable() -> HTML {
        let rows: [HTML] = samples.rows.map { result in
            let s = result.sample
            let verdicts = HTML.join(result.scores.filter { $0.verdict != .value }.map { "<div>\($0.scorer): \(Format.verdict($0))</div>" as HTML })
            let response: HTML = s.error.map { "<span class=\"error\">error: \($0)</span>" } ?? "\(String(s.text.prefix(160)))"
            let link = "/runs/\(Format.segment(run.id))/samples/\(Format.segment(s.itemID))/\(s.epoch)"
            return """
                <tr><td><a href="\(link)"><code>\(String(s.itemID.prefix(10)))</code></a></td><td class="num">\(s.epoch)</td>\
                <td>\(String(s.messages.last?.content.prefix(120) ?? ""))</td><td>\(response)</td><td>\(verdicts)</td></tr>
                """
        }
        let previous = max(0, offset - Self.pageSize)
        let base: [(String, String?)] = [("verdict", filter.verdict), ("scorer", filter.scorer), ("tag", filter.tag)]
        var pager: [HTML] = []
        if offset > 0 { pager.append("<a href=\"/runs/\(Format.segment(run.id))\(Format.query(base + [("offset", String(previous))]))\">previous</a>") }
        if offset + Self.pageSize < samples.total {
            pager.append("<a href=\"/runs/\(Format.segment(run.id))\(Format.query(base + [("offset", String(offset + Self.pageSize))]))\">next</a>")
        }
        let range = samples.total == 0 ? "none" : "\(offset + 1)–\(min(samples.total, offset + Self.pageSize)) of \(samples.total)"
        return """
            <table><thead><tr><th>item</th><th>epoch</th><th>prompt</th><th>response</th><th>verdicts</th></tr></thead><tbody>\(rows)</tbody></table>
            <p class="pager muted">\(range) \(pager)</p>
            """
    }

    /// Polls the progress API while the run is running and reloads when it finishes. Inline, allowed by the page's nonce.
    static func liveScript(runID: String) -> String {
        let id = runID.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return """
            (function(){
              const bar=document.getElementById('progress-bar'), text=document.getElementById('progress-text');
              function clock(s){s=Math.round(s);return Math.floor(s/60)+':'+String(s%60).padStart(2,'0');}
              async function tick(){
                try{
                  const r=await fetch('/api/runs/\(id)/progress',{credentials:'same-origin'}); const p=await r.json();
                  bar.style.width=(p.total?Math.min(100,100*p.done/p.total):0)+'%';
                  text.textContent=p.done+'/'+p.total+'  '+p.rate.toFixed(1)+'/s  ETA '+(p.eta==null?'--:--':clock(p.eta))+'  errors '+p.errors+(p.cached?'  cached '+p.cached:'');
                  if(p.status!=='running'){location.reload();return;}
                }catch(e){}
                setTimeout(tick,1000);
              }
              setTimeout(tick,1000);
            })();
            """
    }
}

/// The progress line the terminal bar prints: `45/100  12.3/s  ETA 0:05  errors 0`.
enum ProgressText {
    static func line(_ p: ProgressFigures) -> String {
        var parts = ["\(p.done)/\(p.total)", String(format: "%.1f/s", p.rate)]
        parts.append("ETA " + (p.eta.map { s in String(format: "%d:%02d", Int(s.rounded()) / 60, Int(s.rounded()) % 60) } ?? "--:--"))
        parts.append("errors \(p.errors)")
        if p.cached > 0 { parts.append("cached \(p.cached)") }
        return parts.joined(separator: "  ")
    }
}
