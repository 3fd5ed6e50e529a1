import AssayAnalysis
import AssayCore
import AssayStore
import Foundation

/// A stored series as the pages and the API read it: its points, one curve per metric with its abrupt changes, the
/// ladder verdicts and the grokking report, computed as `assay ladder` and `assay changepoints` compute them.
struct SeriesView: Sendable {
    /// One metric along the axis.
    struct Curve: Sendable {
        var metric: String
        var points: [CurvePoint]
        var changePoints: [ChangePoint]
        var cusum: CUSUMResult?
        /// Every value lies in [0, 1]: a rate that can be forecast.
        var isRate: Bool
    }

    let name: String
    let points: [SeriesPoint]
    /// By metric name.
    let curves: [Curve]
    let verdicts: [LadderVerdict]
    let grokking: GrokkingReport?

    init(name: String, points: [SeriesPoint]) {
        self.name = name
        self.points = points
        curves = Set(points.map(\.metric)).sorted().map { metric in
            let curve = SeriesBuilder.curve(points, metric: metric)
            return Curve(metric: metric, points: curve, changePoints: ChangePoints.detect(curve), cusum: ChangePoints.cusum(curve),
                         isRate: curve.allSatisfy { $0.value >= 0 && $0.value <= 1 })
        }
        verdicts = Ladder.verdicts(points)
        grokking = GrokkingReport.analyze(points)
    }

    var metrics: [String] { curves.map(\.metric) }

    func curve(_ metric: String) -> Curve? { curves.first { $0.metric == metric } }

    /// The smallest and largest axis value.
    var axisRange: ClosedRange<Double> {
        let axes = points.map(\.axis)
        return (axes.min() ?? 0)...(axes.max() ?? 0)
    }

    /// Whether charts of this series use a log-10 axis: every axis value is positive and they span two decades or more.
    var logAxis: Bool { Self.logAxis(points.map(\.axis)) }

    static func logAxis(_ axes: [Double]) -> Bool {
        guard let lo = axes.min(), let hi = axes.max(), lo > 0 else { return false }
        return hi >= 100 * lo
    }

    /// The 95% interval of a point: its stored standard error, else the Bernoulli one for a rate with a known `n`; a
    /// rate's interval is cut to [0, 1]. Nil when neither is known.
    static func interval(_ point: CurvePoint) -> (low: Double, high: Double)? {
        let rate = point.value >= 0 && point.value <= 1
        let se: Double
        if let stored = point.stderr {
            se = stored
        } else if point.n > 0, rate {
            se = Statistics.bernoulliStandardError(p: point.value, n: point.n)
        } else {
            return nil
        }
        guard se.isFinite else { return nil }
        let low = point.value - Statistics.z95 * se, high = point.value + Statistics.z95 * se
        return rate ? (max(0, low), min(1, high)) : (low, high)
    }
}

/// A series and a forecast on it, resolved from a request's path and query; shared by the page and the API so both
/// answer a bad request, an unknown series or an unknown metric the same way.
enum SeriesRequest {
    enum Outcome: Sendable {
        case forecast(SeriesView, SeriesView.Curve, ForecastResult)
        case notFound(String)
        case badRequest(String)
    }

    /// The bootstrap refits of a forecast (as `assay forecast` by default).
    static let bootstrap = 500

    /// The series named by a path segment (percent-decoded here: the router hands segments over as they came); nil
    /// when the store has no point of it.
    static func load(_ segment: String, store: any Store) async throws -> SeriesView? {
        let name = segment.removingPercentEncoding ?? segment
        let points = try await store.series(name: name)
        guard !points.isEmpty else { return nil }
        return SeriesView(name: name, points: points)
    }

    /// `metric` must be named, `threshold` a number strictly between 0 and 1, `backtest` (optional) likewise; then the
    /// series must exist and have the metric, whose values must be rates.
    static func forecast(_ segment: String, metric: String?, threshold: String?, backtest: String?, store: any Store) async throws -> Outcome {
        guard let metric else { return .badRequest("name the metric to forecast: ?metric=M&threshold=T") }
        guard let threshold else { return .badRequest("give the threshold to cross: ?metric=M&threshold=T (between 0 and 1)") }
        guard let level = Double(threshold), level > 0, level < 1 else { return .badRequest("threshold must be a number between 0 and 1") }
        var share: Double?
        if let backtest {
            guard let value = Double(backtest), value > 0, value < 1 else { return .badRequest("backtest must be a number between 0 and 1") }
            share = value
        }
        guard let view = try await load(segment, store: store) else { return .notFound("series '\(segment.removingPercentEncoding ?? segment)'") }
        guard let curve = view.curve(metric) else { return .notFound("metric '\(metric)' in series '\(view.name)'") }
        guard curve.isRate else { return .badRequest("metric '\(metric)' is not a rate: a logistic forecast needs values in [0, 1]") }
        return .forecast(view, curve, Forecast.fit(curve.points, threshold: level, bootstrap: bootstrap, backtest: share))
    }
}
