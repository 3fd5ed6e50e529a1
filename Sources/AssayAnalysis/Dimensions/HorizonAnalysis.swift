import AssayCore
import AssayStore
import Foundation

/// The time-horizon fit (METR): P(success) = sigmoid(b0 + b1 · log2 t) over items carrying a human completion time t in
/// minutes; the horizon at success probability p is the t where the curve crosses p.
public enum TimeHorizon {
    /// The fitted curve.
    public struct Fit: Hashable, Sendable {
        public var intercept: Double
        public var slope: Double

        public init(intercept: Double, slope: Double) {
            self.intercept = intercept
            self.slope = slope
        }

        /// The probability of success at `minutes`.
        public func probability(minutes: Double) -> Double { 1 / (1 + exp(-(intercept + slope * log2(minutes)))) }

        /// The minutes at which success probability is `p`: 2^((logit p − b0) / b1). NaN unless the slope is negative
        /// (success must fall with length for a horizon to exist).
        public func horizon(_ p: Double) -> Double {
            guard slope < 0, p > 0, p < 1 else { return .nan }
            return exp2((log(p / (1 - p)) - intercept) / slope)
        }
    }

    /// The ridge penalty on the slope (λ/2 · b1²) that keeps the fit finite when successes and failures are separated
    /// by length, as they often are on few items.
    public static let ridge = 0.1

    /// Maximum-likelihood logistic fit by Newton's method; `successes` may be fractional (epoch shares). Nil when there
    /// are fewer than two distinct lengths or no spread of outcomes (all successes or all failures).
    public static func fit(minutes: [Double], successes: [Double]) -> Fit? {
        let x = minutes.map(log2)
        guard x.count == successes.count, Set(x).count >= 2 else { return nil }
        let total = successes.reduce(0, +)
        guard total > 0, total < Double(successes.count) else { return nil }
        var b0 = log(total / (Double(successes.count) - total)), b1 = 0.0
        for _ in 0..<100 {
            var g0 = 0.0, g1 = -ridge * b1, h00 = 0.0, h01 = 0.0, h11 = ridge
            for (xi, yi) in zip(x, successes) {
                let p = 1 / (1 + exp(-(b0 + b1 * xi)))
                let w = p * (1 - p)
                g0 += yi - p
                g1 += (yi - p) * xi
                h00 += w
                h01 += w * xi
                h11 += w * xi * xi
            }
            let det = h00 * h11 - h01 * h01
            guard det > 1e-12 else { break }
            let d0 = (h11 * g0 - h01 * g1) / det, d1 = (h00 * g1 - h01 * g0) / det
            b0 += max(-5, min(5, d0))
            b1 += max(-5, min(5, d1))
            if abs(d0) + abs(d1) < 1e-10 { break }
        }
        return b0.isFinite && b1.isFinite ? Fit(intercept: b0, slope: b1) : nil
    }
}

/// Time horizons: h50 and h80 with percentile-bootstrap intervals (items resampled), the fitted slope, and the success
/// rate per band of human time for the curve.
enum HorizonAnalysis {
    static let bands: [(label: String, upper: Double)] = [("<15s", 0.25), ("15s-1m", 1), ("1-4m", 4), ("4-15m", 15), ("15-60m", 60), (">60m", .infinity)]

    static func report(_ input: DimensionInput, resamples: Int = 1000) -> DimensionReport {
        var report = DimensionReport(kind: .horizon, run: input.runID)
        var minutes: [Double] = [], successes: [Double] = [], ids: [String] = []
        for entry in input.entries {
            guard let t = entry.item.metadata["human_minutes"].flatMap(Double.init), t > 0, let y = input.primaryScore(entry) else { continue }
            minutes.append(t)
            successes.append(y)
            ids.append(entry.item.id)
        }
        guard !minutes.isEmpty else {
            report.notes.append("no scored item carries metadata.human_minutes")
            return report
        }
        var lower = 0.0
        for band in bands {
            let members = minutes.indices.filter { minutes[$0] > lower && minutes[$0] <= band.upper }
            defer { lower = band.upper }
            guard !members.isEmpty else { continue }
            let ts = members.map { log2(minutes[$0]) }
            let center = exp2(ts.reduce(0, +) / Double(ts.count))
            let values = members.map { successes[$0] }
            let estimate = DimensionEstimate.proportion("success", group: band.label, x: center, values: values)
            report.estimates.append(estimate)
            report.units[estimate.key] = Dictionary(uniqueKeysWithValues: members.map { (ids[$0], successes[$0]) })
        }
        guard let fit = TimeHorizon.fit(minutes: minutes, successes: successes) else {
            let total = successes.reduce(0, +)
            report.notes.append(total == 0 ? "no item succeeded: the horizon is below the shortest task (\(NumberFormat.plain(minutes.min()!)) minutes)"
                : total == Double(successes.count) ? "every item succeeded: the horizon is above the longest task (\(NumberFormat.plain(minutes.max()!)) minutes)"
                : "the fit needs items of at least two different lengths")
            return report
        }
        var rng = SeededGenerator(seed: 0x686f_7269_7a6f_6e)
        var h50: [Double] = [], h80: [Double] = [], slopes: [Double] = [], intercepts: [Double] = []
        var undefined = 0
        for _ in 0..<resamples {
            var m: [Double] = [], s: [Double] = []
            for _ in minutes.indices {
                let j = Int(rng.uniform(UInt64(minutes.count)))
                m.append(minutes[j])
                s.append(successes[j])
            }
            guard let f = TimeHorizon.fit(minutes: m, successes: s) else { undefined += 1; continue }
            slopes.append(f.slope)
            intercepts.append(f.intercept)
            let a = f.horizon(0.5), b = f.horizon(0.8)
            if a.isFinite, b.isFinite { h50.append(log2(a)); h80.append(log2(b)) } else { undefined += 1 }
        }
        report.estimates.append(.bootstrap("h50_minutes", value: fit.horizon(0.5), draws: h50, n: minutes.count, exponent2: true))
        report.estimates.append(.bootstrap("h80_minutes", value: fit.horizon(0.8), draws: h80, n: minutes.count, exponent2: true))
        report.estimates.append(.bootstrap("slope", value: fit.slope, draws: slopes, n: minutes.count))
        report.estimates.append(.bootstrap("intercept", value: fit.intercept, draws: intercepts, n: minutes.count))
        if fit.slope >= 0 { report.notes.append("success does not fall with human time (slope ≥ 0), so there is no horizon") }
        if undefined > 0 {
            report.notes.append("\(undefined) of \(resamples) bootstrap resamples had no defined horizon (all one outcome or a slope ≥ 0); the interval is over the rest")
        }
        report.notes.append("h50/h80 intervals are bootstrap percentiles on the log scale; their stderr is in log2 minutes")
        return report
    }
}
