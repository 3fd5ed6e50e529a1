import AssayCore
import Foundation

/// A logistic curve fitted to a rate along an axis, and where it crosses a threshold.
public struct ForecastResult: Sendable, Encodable {
    /// `log10` when the axis is positive and spans at least a decade, else `linear`.
    public var scale: String
    /// Fitted `y = sigmoid(slope (x - midpoint))`, `x` the axis on ``scale``; nil when the fit failed.
    public var slope: Double?
    public var midpoint: Double?
    public var threshold: Double
    /// The axis value where the fit crosses the threshold; nil when it never does in the fitted direction.
    public var crossing: Double?
    /// 90% bootstrap interval of the crossing (axis units).
    public var crossingLow: Double?
    public var crossingHigh: Double?
    /// Whether the crossing lies beyond the observed axis range.
    public var extrapolated: Bool
    /// The threshold is already crossed at an observed point.
    public var alreadyCrossedAt: Double?
    public var points: Int
    public var bootstrapFits: Int
    public var note: String?
    public var backtest: Backtest?

    /// Fit on the first part of the axis, scored on the rest.
    public struct Backtest: Sendable, Encodable {
        public var fraction: Double
        public var fittedPoints: Int
        public var heldOutPoints: Int
        /// Mean absolute error of the fit's predictions at the held-out points.
        public var meanAbsoluteError: Double
        public var predictedCrossing: Double?
        /// Where the held-out data crossed the threshold (interpolated), nil when it did not.
        public var observedCrossing: Double?
        /// `predicted - observed` on the fit's scale (decades for log10).
        public var crossingError: Double?
    }
}

/// Logistic forecasts of threshold crossings (`assay forecast`).
///
/// Fits `y = sigmoid(a (x - m))` to a rate by Gauss-Newton with Levenberg damping, `x` the axis or its `log10`. The 90%
/// interval of the crossing comes from a parametric bootstrap: each point's value redrawn as Binomial(n, fitted) / n (or
/// the fit plus a resampled residual when `n` is unknown), refitted, and the crossing recomputed.
public enum Forecast {
    public static func fit(_ curve: [CurvePoint], threshold: Double, bootstrap: Int = 500, seed: UInt64 = 1, backtest: Double? = nil) -> ForecastResult {
        let sorted = curve.sorted { $0.axis < $1.axis }
        let logScale = sorted.allSatisfy { $0.axis > 0 } && (sorted.last?.axis ?? 0) >= 10 * (sorted.first?.axis ?? 1)
        let toX: (Double) -> Double = logScale ? { log10($0) } : { $0 }
        let fromX: (Double) -> Double = logScale ? { pow(10, $0) } : { $0 }
        let xs = sorted.map { toX($0.axis) }, ys = sorted.map(\.value)
        var result = ForecastResult(scale: logScale ? "log10" : "linear", slope: nil, midpoint: nil, threshold: threshold, crossing: nil,
                                    crossingLow: nil, crossingHigh: nil, extrapolated: false,
                                    alreadyCrossedAt: crossedAt(sorted, threshold, xs: xs).map(fromX), points: sorted.count, bootstrapFits: 0,
                                    note: nil, backtest: nil)
        guard sorted.count >= 3, threshold > 0, threshold < 1 else {
            result.note = sorted.count < 3 ? "needs at least 3 points" : "the threshold must lie strictly between 0 and 1"
            return result
        }
        guard let (a, m) = logistic(xs, ys) else {
            result.note = "the logistic fit did not converge"
            return result
        }
        result.slope = a
        result.midpoint = m
        let crossX = crossing(a, m, threshold)
        result.crossing = crossX.map(fromX)
        if let crossX { result.extrapolated = crossX > xs.last! || crossX < xs.first! }

        var generator = SeededGenerator(seed: seed)
        let residuals = zip(xs, ys).map { $1 - sigmoid(a * ($0 - m)) }
        var crossings: [Double] = []
        for _ in 0..<bootstrap {
            let redrawn = sorted.indices.map { i -> Double in
                let fitted = sigmoid(a * (xs[i] - m))
                if sorted[i].n > 0 { return binomial(&generator, n: sorted[i].n, p: fitted) }
                return min(1, max(0, fitted + residuals[Int(generator.next() % UInt64(residuals.count))]))
            }
            guard let (ba, bm) = logistic(xs, redrawn), let x = crossing(ba, bm, threshold) else { continue }
            crossings.append(x)
        }
        result.bootstrapFits = crossings.count
        if crossings.count >= bootstrap / 2 {
            crossings.sort()
            result.crossingLow = fromX(Statistics.quantile(sorted: crossings, 0.05))
            result.crossingHigh = fromX(Statistics.quantile(sorted: crossings, 0.95))
        } else {
            result.note = "only \(crossings.count) of \(bootstrap) bootstrap fits cross the threshold: no interval"
        }
        if crossX == nil { result.note = "the fitted curve does not reach \(NumberFormat.plain(threshold)) in its direction: not within the fitted range" }

        if let fraction = backtest {
            let count = max(3, Int((Double(sorted.count) * fraction).rounded(.down)))
            if count < sorted.count {
                let train = Array(sorted.prefix(count)), held = Array(sorted.dropFirst(count))
                let tx = train.map { toX($0.axis) }
                if let (ta, tm) = logistic(tx, train.map(\.value)) {
                    let errors = held.map { abs($0.value - sigmoid(ta * (toX($0.axis) - tm))) }
                    let predicted = crossing(ta, tm, threshold)
                    let observed = crossedAt(sorted, threshold, xs: xs)
                    result.backtest = .init(fraction: fraction, fittedPoints: count, heldOutPoints: held.count,
                                            meanAbsoluteError: Statistics.mean(errors), predictedCrossing: predicted.map(fromX),
                                            observedCrossing: observed.map(fromX),
                                            crossingError: predicted.flatMap { p in observed.map { p - $0 } })
                }
            }
        }
        return result
    }

    /// `x` where `sigmoid(a (x - m)) = t`, or nil for a flat fit.
    static func crossing(_ a: Double, _ m: Double, _ t: Double) -> Double? {
        guard abs(a) > 1e-9 else { return nil }
        let x = m + log(t / (1 - t)) / a
        return x.isFinite ? x : nil
    }

    /// The first crossing of `t` between neighbouring points, interpolated linearly on the fit's scale.
    static func crossedAt(_ sorted: [CurvePoint], _ t: Double, xs: [Double]) -> Double? {
        guard let first = sorted.first else { return nil }
        if first.value >= t { return xs[0] }
        for i in 1..<sorted.count where sorted[i].value >= t {
            let (y0, y1) = (sorted[i - 1].value, sorted[i].value)
            return xs[i - 1] + (t - y0) / (y1 - y0) * (xs[i] - xs[i - 1])
        }
        return nil
    }

    /// Least-squares fit of `sigmoid(a (x - m))` (Gauss-Newton with Levenberg damping); nil when it fails.
    static func logistic(_ xs: [Double], _ ys: [Double]) -> (Double, Double)? {
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return nil }
        // Start at the point nearest 0.5, with a slope spanning the range.
        var m = zip(xs, ys).min { abs($0.1 - 0.5) < abs($1.1 - 0.5) }!.0
        let rising = (ys.last ?? 0) >= (ys.first ?? 0)
        var a = (rising ? 8 : -8) / (hi - lo)
        var lambda = 1e-3
        func loss(_ a: Double, _ m: Double) -> Double { zip(xs, ys).reduce(0) { $0 + pow($1.1 - sigmoid(a * ($1.0 - m)), 2) } }
        var current = loss(a, m)
        for _ in 0..<200 {
            var jtj = (0.0, 0.0, 0.0), jtr = (0.0, 0.0)
            for (x, y) in zip(xs, ys) {
                let s = sigmoid(a * (x - m)), d = s * (1 - s)
                let ja = d * (x - m), jm = -d * a, r = y - s
                jtj.0 += ja * ja; jtj.1 += ja * jm; jtj.2 += jm * jm
                jtr.0 += ja * r; jtr.1 += jm * r
            }
            let h00 = jtj.0 * (1 + lambda) + 1e-12, h11 = jtj.2 * (1 + lambda) + 1e-12, h01 = jtj.1
            let det = h00 * h11 - h01 * h01
            guard det.isFinite, det > 0 else { break }
            let da = (h11 * jtr.0 - h01 * jtr.1) / det, dm = (h00 * jtr.1 - h01 * jtr.0) / det
            let candidate = loss(a + da, m + dm)
            if candidate < current {
                a += da
                m += dm
                lambda = max(1e-9, lambda / 3)
                if current - candidate < 1e-14 { current = candidate; break }
                current = candidate
            } else {
                lambda *= 4
                if lambda > 1e9 { break }
            }
        }
        return a.isFinite && m.isFinite ? (a, m) : nil
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// Binomial(n, p) / n by summing Bernoulli draws (n is an item count: at most thousands).
    static func binomial(_ g: inout SeededGenerator, n: Int, p: Double) -> Double {
        var k = 0
        for _ in 0..<n where g.nextUnit() < p { k += 1 }
        return Double(k) / Double(n)
    }
}
