import AssayAnalysis
import AssayCore
import Foundation

/// `/series/NAME/forecast?metric=M&threshold=T[&backtest=S]`: a logistic fitted to a rate along the series, where it
/// crosses the threshold with a 90% bootstrap interval, and optionally how well a fit on the first part of the axis
/// predicted the rest (as `assay forecast` prints it).
struct ForecastPage: Page {
    let view: SeriesView
    let curve: SeriesView.Curve
    let result: ForecastResult

    var title: String { "Forecast \(curve.metric) · \(view.name)" }
    var section: String { "series" }

    func body() -> HTML {
        let r = result
        let scale = r.scale == "log10" ? "log10(axis)" : "the axis"
        let offChart: HTML = r.crossing.map { SeriesCharts.forecastCovers($0, result: r, curve: curve) } == false
            ? "<p class=\"muted\" id=\"off-chart\">The crossing lies far beyond the data and is not drawn.</p>" : ""
        return """
            <h1>Forecast <code>\(curve.metric)</code> on <a href="/series/\(Format.segment(view.name))">\(view.name)</a></h1>
            <p id="summary">\(summary())</p>
            \(note())
            <figure id="forecast-chart">\(SeriesCharts.forecast(r, curve: curve))</figure>
            \(offChart)
            <p class="muted">A logistic in \(scale) fitted by least squares; the 90% interval of the crossing comes from \
            \(r.bootstrapFits) of \(SeriesRequest.bootstrap) parametric bootstrap refits (each point redrawn from the fit as \
            binomial over its items). The dashed line is the fit, drawn past the data; the dashed rule marks the crossing and \
            the shaded strip its interval.</p>
            <h2>Numbers</h2>
            \(numbers())
            \(backtest())
            """
    }

    private func summary() -> HTML {
        let r = result
        var parts: [HTML] = []
        if let at = r.alreadyCrossedAt {
            parts.append("Already at or above \(NumberFormat.plain(r.threshold)) at axis \(Format.axis(at)) (observed).")
        }
        if let crossing = r.crossing {
            let interval: HTML = r.crossingLow.flatMap { low in r.crossingHigh.map { "90% interval \(Format.axis(low))–\(Format.axis($0))" as HTML } }
                ?? "no interval"
            parts.append("""
                Crosses \(NumberFormat.plain(r.threshold)) at axis <strong id="crossing">\(Format.axis(crossing))</strong>, \(interval)\
                \(r.extrapolated ? ", beyond the observed range" : "").
                """)
        } else {
            parts.append("No crossing of \(NumberFormat.plain(r.threshold)) in the fitted direction.")
        }
        return HTML.join(parts, separator: " ")
    }

    private func note() -> HTML {
        result.note.map { "<p class=\"abstain\" id=\"note\">\($0)</p>" } ?? ""
    }

    private func numbers() -> HTML {
        let r = result
        let log = r.scale == "log10"
        func row(_ name: String, _ value: String) -> HTML { "<tr><th>\(name)</th><td class=\"num\">\(value)</td></tr>" }
        let f = { (x: Double?) -> String in x.map(Format.axis) ?? "—" }
        var rows: [HTML] = [
            row("points", "\(r.points)"),
            row("scale", log ? "log10(axis)" : "axis"),
            row("slope", r.slope.map { NumberFormat.fixed($0, 4) } ?? "—"),
            row("midpoint (value 0.5)", r.midpoint.map { log ? "\(Format.axis($0)) (axis \(Format.axis(pow(10, $0))))" : Format.axis($0) } ?? "—"),
            row("threshold", NumberFormat.plain(r.threshold)),
            row("crossing", f(r.crossing)),
            row("90% interval", r.crossingLow.flatMap { low in r.crossingHigh.map { "\(Format.axis(low))–\(Format.axis($0))" } } ?? "—"),
            row("beyond the data", r.crossing == nil ? "—" : (r.extrapolated ? "yes" : "no")),
            row("bootstrap fits crossing", "\(r.bootstrapFits) of \(SeriesRequest.bootstrap)"),
        ]
        if let at = r.alreadyCrossedAt { rows.append(row("already crossed at", Format.axis(at))) }
        return "<table class=\"sides\" id=\"forecast-numbers\"><tbody>\(rows)</tbody></table>"
    }

    private func backtest() -> HTML {
        guard let b = result.backtest else { return "" }
        let unit = result.scale == "log10" ? " decades" : ""
        let f = { (x: Double?) -> String in x.map(Format.axis) ?? "—" }
        return """
            <h2 id="backtest">Backtest</h2>
            <p class="muted">Fitted on the first \(b.fittedPoints) points (share \(NumberFormat.plain(b.fraction))) and scored on the \
            \(b.heldOutPoints) held out.</p>
            <table class="sides" id="backtest-numbers"><tbody>
            <tr><th>mean absolute error</th><td class="num">\(NumberFormat.fixed(b.meanAbsoluteError, 3))</td></tr>
            <tr><th>predicted crossing</th><td class="num">\(f(b.predictedCrossing))</td></tr>
            <tr><th>observed crossing</th><td class="num">\(b.observedCrossing.map(Format.axis) ?? "not crossed in the data")</td></tr>
            <tr><th>crossing error</th><td class="num">\(b.crossingError.map { Format.signed($0, 3) + unit } ?? "—")</td></tr>
            </tbody></table>
            """
    }
}
