import AssayAnalysis
import AssayCore

/// `/series/NAME`: one chart per metric with its abrupt changes, the ladder verdicts of its metric pairs, a grokking
/// panel when the series has train and test accuracy, and a form to forecast a threshold crossing.
struct SeriesPage: Page {
    let view: SeriesView

    var title: String { "Series \(view.name)" }
    var section: String { "series" }

    func body() -> HTML {
        let range = view.axisRange
        return """
            <h1>Series <code>\(view.name)</code></h1>
            <div class="facts">
            <div><span>points</span>\(view.points.count)</div>
            <div><span>axis</span>\(Format.axis(range.lowerBound))…\(Format.axis(range.upperBound))\(view.logAxis ? " (log scale)" : "")</div>
            <div><span>metrics</span>\(view.metrics.count)</div>
            <div><span>JSON</span><a href="/api/series/\(Format.segment(view.name))">/api/series/…</a></div>
            </div>
            \(forecastForm())
            <h2 id="ladder">Emergence verdicts</h2>
            \(ladder())
            \(grokking())
            <h2 id="curves">Curves</h2>
            <p class="muted">Each metric with its 95% band where the number of items or a standard error is known. Dashed rules \
            mark abrupt changes (binary segmentation with a BIC penalty, kept when the level moves by half the curve's range \
            within 5% of the points); the shaded strip is the transition window.</p>
            \(curves())
            """
    }

    private func forecastForm() -> HTML {
        let rates = view.curves.filter(\.isRate)
        guard !rates.isEmpty else { return "<p class=\"muted\">No metric of this series is a rate in [0, 1]: nothing to forecast.</p>" }
        let options: [HTML] = rates.map { "<option value=\"\($0.metric)\">\($0.metric)</option>" }
        return """
            <form class="filters forecast" method="get" action="/series/\(Format.segment(view.name))/forecast">
            <label>metric<select name="metric">\(options)</select></label>
            <label>threshold<input type="number" name="threshold" value="0.5" min="0" max="1" step="any" required></label>
            <label>backtest share (optional)<input type="number" name="backtest" min="0" max="1" step="any" placeholder="e.g. 0.6"></label>
            <button type="submit">Forecast</button>
            </form>
            """
    }

    private func ladder() -> HTML {
        guard !view.verdicts.isEmpty else {
            return """
                <p class="muted" id="no-verdicts">No discrete metric (…/accuracy) with a continuous companion (token/probability, \
                target/logprob, token_edit_distance/mean, digit_accuracy/mean, brier/mean), so no verdict.</p>
                """
        }
        let sections: [HTML] = view.verdicts.map { v in
            let kind = v.verdict.rawValue
            let consistency: HTML = v.consistent.map { $0 ? "<div><span>p^L</span>reproduces the observed values</div>" : "<div><span>p^L</span>does not match</div>" } ?? ""
            return """
                <section class="ladder verdict-\(kind)">
                <h3>\(v.discrete) vs \(v.continuous) <span class="badge \(kind)">\(kind)</span></h3>
                <p class="evidence">\(v.evidence)</p>
                <div class="facts"><div><span>sharpness</span>\(NumberFormat.fixed(v.discreteSharpness, 2)) vs \(NumberFormat.fixed(v.continuousSharpness, 2))</div>\(consistency)</div>
                <div class="charts two">
                <figure class="discrete">\(SeriesCharts.discrete(v, logX: view.logAxis))</figure>
                <figure class="continuous">\(SeriesCharts.continuous(v, logX: view.logAxis))</figure>
                </div>
                </section>
                """
        }
        return """
            <p class="muted">A jump in a discrete metric is an <em>artifact</em> when its continuous companion rises smoothly (and \
            p^L from the per-token probability reproduces it), a <em>transition</em> when both jump, <em>smooth</em> when there \
            is no jump, and <em>undetermined</em> when the jump is not what p^L predicts.</p>
            \(sections)
            """
    }

    private func grokking() -> HTML {
        guard let g = view.grokking else { return "" }
        let f = { (x: Double?) -> String in x.map(Format.axis) ?? "—" }
        var lines: [HTML] = [
            "<li>Train accuracy reached 0.99 at <strong id=\"train-saturated\">\(f(g.trainSaturated))</strong>; test accuracy crossed 0.5 at \(f(g.testCrossesHalf)).</li>"
        ]
        if let onset = g.onset {
            lines.append("""
                <li>Generalization onset at <strong id="onset">\(Format.axis(onset.axis))</strong> (transition \(Format.axis(onset.windowStart))–\
                \(Format.axis(onset.windowEnd)), jump \(Format.signed(onset.jump))).</li>
                """)
        } else {
            lines.append("<li>No abrupt rise of test accuracy.</li>")
        }
        if let phase = g.memorizationPhase {
            let share = g.runLength > 0 ? " (\(NumberFormat.fixed(100 * phase / g.runLength, 1))% of the run)" : ""
            lines.append("<li>Memorization phase: \(Format.axis(phase))\(share).</li>")
        }
        if let metric = g.continuousMetric {
            let lead: String = g.lead.map { $0 > 0 ? ": the continuous measure moved \(Format.axis($0)) earlier" : ": no early warning" } ?? ""
            lines.append("<li>\(metric) covered 10% of its movement at \(f(g.continuousMoved)); test accuracy at \(f(g.accuracyMoved))\(lead).</li>")
        }
        let verdict: HTML = g.grokking
            ? "<span class=\"badge transition\" id=\"grokking-verdict\">delayed generalization</span>"
            : "<span class=\"badge undetermined\" id=\"grokking-verdict\">no delayed generalization</span>"
        return """
            <h2 id="grokking">Grokking \(verdict)</h2>
            <figure>\(SeriesCharts.grokking(g, view: view))</figure>
            <ul>\(lines)</ul>
            """
    }

    private func curves() -> HTML {
        let figures: [HTML] = view.curves.map { curve in
            let changes: HTML = curve.changePoints.isEmpty ? "no abrupt change" : HTML.join(curve.changePoints.map {
                "abrupt change at <strong>\(Format.axis($0.axis))</strong> (jump \(Format.signed($0.jump)), window \(Format.axis($0.windowStart))–\(Format.axis($0.windowEnd)))" as HTML
            }, separator: "; ")
            return """
                <figure class="curve"><figcaption>\(curve.metric)</figcaption>\(SeriesCharts.metric(curve, logX: view.logAxis))\
                <div class="muted">\(curve.points.count) points · \(changes)</div></figure>
                """
        }
        return "<div class=\"charts\">\(figures)</div>"
    }
}
