import AssayAnalysis
import AssayCore
import Foundation

/// JSON shapes of the series routes. They are written like `assay … --json` (``Response/report(_:status:)``: keys in
/// snake_case), and embed the analysis types as the CLI prints them.
extension APIModels {
    /// A stored series without its points.
    struct SeriesSummaryBody: Encodable, Sendable {
        var name: String
        var points: Int
        var metrics: [String]
        var axisMin: Double
        var axisMax: Double

        init(_ info: SeriesInfo) {
            name = info.name
            points = info.points
            metrics = info.metrics
            axisMin = info.axisRange.lowerBound
            axisMax = info.axisRange.upperBound
        }
    }

    /// One metric's abrupt changes and CUSUM peak (as `assay changepoints --json` lists them).
    struct SeriesCurveBody: Encodable, Sendable {
        var metric: String
        var points: Int
        var changePoints: [ChangePoint]
        var cusum: CUSUMBody?
    }

    /// The CUSUM peak; the statistic is null when the curve has no noise to scale by.
    struct CUSUMBody: Encodable, Sendable {
        var axis: Double
        var statistic: Double?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(axis, forKey: .axis)
            try c.encode(statistic, forKey: .statistic)
        }

        private enum CodingKeys: String, CodingKey { case axis, statistic }
    }

    /// A series: its points, the ladder verdicts of its metric pairs, each metric's change points, and the grokking
    /// report when it has train and test accuracy.
    struct SeriesDetailBody: Encodable, Sendable {
        var name: String
        var axisMin: Double
        var axisMax: Double
        var metrics: [String]
        var points: [SeriesPoint]
        var verdicts: [LadderVerdict]
        var curves: [SeriesCurveBody]
        var grokking: GrokkingReport?

        init(_ view: SeriesView) {
            name = view.name
            axisMin = view.axisRange.lowerBound
            axisMax = view.axisRange.upperBound
            metrics = view.metrics
            points = view.points
            verdicts = view.verdicts
            curves = view.curves.map { curve in
                SeriesCurveBody(metric: curve.metric, points: curve.points.count, changePoints: curve.changePoints,
                                cusum: curve.cusum.map { CUSUMBody(axis: $0.axis, statistic: $0.statistic.isFinite ? $0.statistic : nil) })
            }
            grokking = view.grokking
        }
    }

    /// A forecast with what it was made on; `forecast` is the object `assay forecast --json` prints.
    struct ForecastBody: Encodable, Sendable {
        var series: String
        var metric: String
        var forecast: ForecastResult
    }
}
