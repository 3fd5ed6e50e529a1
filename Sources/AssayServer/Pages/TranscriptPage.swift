import AssayCore
import AssayStore
import Foundation

/// One sample: the full transcript, request parameters, token log-probabilities as a heat strip, and every score
/// with its explanation. Everything shown came from a model or a dataset and is escaped.
struct TranscriptPage: Page {
    let run: RunRecord
    let result: SampleResult
    let item: Item?

    var title: String { "Sample \(result.sample.itemID.prefix(10)) · \(run.id)" }
    var section: String { "runs" }

    func body() -> HTML {
        let s = result.sample
        let turns: [HTML] = s.messages.map { "<div class=\"turn\"><div class=\"role\">\($0.role.rawValue)</div><pre>\($0.content)</pre></div>" }
        let response: HTML
        if let error = s.error {
            response = "<div class=\"turn\"><div class=\"role error\">request failed after \(s.attempts) attempts</div><pre class=\"error\">\(error)</pre></div>"
        } else {
            response = "<div class=\"turn\"><div class=\"role\">assistant (model output)</div><pre id=\"response\">\(s.text)</pre></div>"
        }
        let strip: HTML = s.completion?.logprobs.map { tokens in
            tokens.isEmpty ? "" : "<h2>Token log-probabilities</h2><div class=\"muted\">darker is less likely; hover a token for its log-probability</div><pre>\(Charts.heatStrip(tokens))</pre>"
        } ?? ""
        let scores: [HTML] = result.scores.map { score in
            "<tr><td>\(score.scorer)</td><td>\(Format.verdict(score))</td><td class=\"num\">\(Format.number(score.value))</td><td>\(score.explanation ?? "")</td></tr>"
        }
        let g = run.config.generation
        return """
            <h1>Sample <code>\(String(s.itemID.prefix(12)))</code> epoch \(s.epoch)</h1>
            <div class="facts">
            <div><span>run</span><a href="/runs/\(Format.segment(run.id))"><code>\(run.id)</code></a></div>
            <div><span>model</span><code>\(run.model)</code></div>
            <div><span>target</span>\(targetText())</div>
            <div><span>tags</span>\(item?.tags.joined(separator: ", ") ?? "")</div>
            </div>
            <h2>Transcript</h2>
            \(turns)
            \(response)
            \(strip)
            <h2>Scores</h2>
            <table><thead><tr><th>scorer</th><th>verdict</th><th>value</th><th>explanation</th></tr></thead><tbody>\(scores)</tbody></table>
            \(likelihoods())
            <h2>Request</h2>
            <div class="facts">
            <div><span>max_tokens</span>\(g.maxTokens)</div><div><span>temperature</span>\(Format.number(g.temperature, 2))</div>
            <div><span>top_p</span>\(g.topP.map { Format.number($0, 2) } ?? "—")</div><div><span>stop</span>\(g.stop.joined(separator: " | "))</div>
            <div><span>attempts</span>\(s.attempts)</div><div><span>latency</span>\(Format.number(s.latency, 3)) s</div>
            <div><span>cached</span>\(s.cached ? "yes" : "no")</div>
            <div><span>usage</span>\(s.completion?.usage.map { "\($0.promptTokens) prompt + \($0.completionTokens) completion tokens" } ?? "—")</div>
            <div><span>finish</span>\(s.completion?.finishReason ?? "—")</div>
            </div>
            \(provenance())
            """
    }

    private func targetText() -> HTML {
        item.map { Format.target($0.target) } ?? "—"
    }

    private func likelihoods() -> HTML {
        var parts: [HTML] = []
        if let target = result.sample.targetLogLikelihood { parts.append("<div><span>log P(reference)</span>\(Format.number(target))</div>") }
        if let options = result.sample.choiceLogLikelihoods, case .choice(_, let choices)? = item?.target {
            for (index, value) in options.enumerated() {
                parts.append("<div><span>log P(\(ChoiceLetters.letter(index)))</span>\(Format.number(value)) <span class=\"muted\">\(index < choices.count ? choices[index] : "")</span></div>")
            }
        }
        return parts.isEmpty ? "" : "<h2>Log-likelihoods</h2><div class=\"facts\">\(parts)</div>"
    }

    private func provenance() -> HTML {
        guard let p = item?.provenance else { return "" }
        return """
            <h2>Provenance</h2><div class="facts"><div><span>origin</span>\(p.origin.rawValue)</div><div><span>source</span>\(p.source ?? "—")</div>\
            <div><span>parent</span>\(p.parent ?? "—")</div><div><span>operator</span>\(p.operator ?? "—")</div></div>
            """
    }
}
