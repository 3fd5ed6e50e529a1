import AssayAnalysis
import AssayCharts
import AssayCore
import Foundation

/// The charts of the series pages: curves with their 95% bands, change points, ladder pairs, the grokking curves and
/// forecasts. Every label goes through the chart module, which escapes it.
enum SeriesCharts {
    /// Two charts side by side fit the page's width.
    static var style: ChartStyle {
        var style = ChartStyle.default
        style.width = 600
        style.height = 280
        return style
    }

    /// A curve as chart points, each with its 95% band where its `n` or standard error gives one.
    static func points(_ curve: [CurvePoint]) -> [LineChart.Point] {
        curve.map { p in
            let band = SeriesView.interval(p)
            return LineChart.Point(x: p.axis, y: p.value, low: band?.low, high: band?.high)
        }
    }

    /// One metric: its values with their bands, and each abrupt change as a vertical rule over its shaded transition window.
    static func metric(_ curve: SeriesView.Curve, logX: Bool) -> HTML {
        let markers = curve.changePoints.map { LineChart.Rule($0.axis, label: "jump \(Format.signed($0.jump))") }
        let spans = curve.changePoints.map {
            LineChart.Span(from: $0.windowStart, to: $0.windowEnd, label: "transition \(Format.axis($0.windowStart))–\(Format.axis($0.windowEnd))")
        }
        let chart = LineChart(title: curve.metric, series: [.init(curve.metric, points: points(curve.points))], xLabel: "axis",
                              yLabel: curve.metric, logX: logX, markers: markers, spans: spans, style: style)
        return .raw(chart.svg())
    }

    /// The discrete side of a ladder pair, with `p^L` as a dashed second line when the verdict predicts it.
    static func discrete(_ verdict: LadderVerdict, logX: Bool) -> HTML {
        var series = [LineChart.Series(verdict.discrete, points: points(verdict.discreteCurve))]
        if let predicted = verdict.predicted, !predicted.isEmpty {
            series.append(.init("p^L predicted", points: predicted.map { .init(x: $0.axis, y: $0.value) }, dashed: true))
        }
        let chart = LineChart(title: "\(verdict.discrete) (discrete)", series: series, xLabel: "axis", yLabel: verdict.discrete, logX: logX,
                              yDomain: 0...1, style: style)
        return .raw(chart.svg())
    }

    /// The continuous side of a ladder pair.
    static func continuous(_ verdict: LadderVerdict, logX: Bool) -> HTML {
        var s = style
        s.palette = Array(ChartStyle.defaultPalette.dropFirst(2)) + ChartStyle.defaultPalette.prefix(2)
        let chart = LineChart(title: "\(verdict.continuous) (continuous)", series: [.init(verdict.continuous, points: points(verdict.continuousCurve))],
                              xLabel: "axis", yLabel: verdict.continuous, logX: logX, style: s)
        return .raw(chart.svg())
    }

    /// Train and test accuracy on one chart, with train saturation and the generalization onset (and its transition
    /// window) marked.
    static func grokking(_ report: GrokkingReport, view: SeriesView) -> HTML {
        let series = ["train/accuracy", "test/accuracy"].compactMap { metric in
            view.curve(metric).map { LineChart.Series(metric, points: points($0.points)) }
        }
        var markers: [LineChart.Rule] = []
        if let saturated = report.trainSaturated { markers.append(.init(saturated, label: "train ≥ 0.99")) }
        var spans: [LineChart.Span] = []
        if let onset = report.onset {
            markers.append(.init(onset.axis, label: "onset"))
            spans.append(.init(from: onset.windowStart, to: onset.windowEnd, label: "generalization \(Format.axis(onset.windowStart))–\(Format.axis(onset.windowEnd))"))
        }
        var s = style
        s.width = 900
        s.height = 320
        let chart = LineChart(title: "Train and test accuracy", series: series, xLabel: "step", yLabel: "accuracy", logX: view.logAxis,
                              yDomain: 0...1, markers: markers, spans: spans, style: s)
        return .raw(chart.svg())
    }

    /// The observed curve, the fitted logistic drawn through and past the data, the threshold, and the crossing with its
    /// 90% interval shaded. The drawn range reaches the crossing and its interval, but at most one and a half times the
    /// data's extent beyond it (on the fit's scale); a crossing further out is left off the chart (``forecastCovers``).
    static func forecast(_ result: ForecastResult, curve: SeriesView.Curve) -> HTML {
        let log = result.scale == "log10"
        var series = [LineChart.Series("observed", points: points(curve.points))]
        let drawn = forecastRange(result, curve: curve)
        if let slope = result.slope, let midpoint = result.midpoint, let drawn {
            let count = 160
            let fitted = (0...count).map { i -> LineChart.Point in
                let t = drawn.lowerBound + (drawn.upperBound - drawn.lowerBound) * Double(i) / Double(count)
                return .init(x: log ? pow(10, t) : t, y: 1 / (1 + exp(-slope * (t - midpoint))))
            }
            series.append(.init("logistic fit", points: fitted, dashed: true, showPoints: false))
        }
        var markers: [LineChart.Rule] = []
        var spans: [LineChart.Span] = []
        if let crossing = result.crossing, forecastCovers(crossing, result: result, curve: curve) {
            markers.append(.init(crossing, label: "crossing \(Format.axis(crossing))"))
            if let low = result.crossingLow, let high = result.crossingHigh,
               forecastCovers(low, result: result, curve: curve), forecastCovers(high, result: result, curve: curve) {
                spans.append(.init(from: low, to: high, label: "90% interval \(Format.axis(low))–\(Format.axis(high))"))
            }
        }
        var s = style
        s.width = 900
        s.height = 360
        let chart = LineChart(title: "\(curve.metric) forecast", series: series, xLabel: "axis", yLabel: curve.metric, logX: log, yDomain: 0...1,
                              threshold: .init(result.threshold, label: "threshold \(NumberFormat.plain(result.threshold))"),
                              markers: markers, spans: spans, style: s)
        return .raw(chart.svg())
    }

    /// The range of the drawn fit on the fit's scale (`log10` of the axis or the axis).
    static func forecastRange(_ result: ForecastResult, curve: SeriesView.Curve) -> ClosedRange<Double>? {
        let toX: (Double) -> Double = result.scale == "log10" ? { log10($0) } : { $0 }
        let xs = curve.points.map { toX($0.axis) }
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return nil }
        let limit = (lo - 1.5 * (hi - lo))...(hi + 1.5 * (hi - lo))
        let wanted = [result.crossing, result.crossingLow, result.crossingHigh].compactMap { $0 }.map(toX).filter { limit.contains($0) }
        return min(lo, wanted.min() ?? lo)...max(hi, wanted.max() ?? hi)
    }

    /// Whether an axis value lies within the drawn range of the forecast chart.
    static func forecastCovers(_ axis: Double, result: ForecastResult, curve: SeriesView.Curve) -> Bool {
        guard let range = forecastRange(result, curve: curve) else { return false }
        let x = result.scale == "log10" ? log10(axis) : axis
        return x.isFinite && range.contains(x)
    }
}
