import Foundation

/// Basic statistics for evaluation results: means with standard errors, clustered standard errors,
/// proportion intervals, normal quantiles, and sample-size arithmetic.
///
/// The formulas follow DESIGN.md "Statistics". Functions are total: degenerate inputs (empty arrays,
/// a single value, `n == 0`) give documented values instead of trapping.
public enum Statistics {
    /// The two-sided 95% normal critical value, `normalQuantile(0.975)`.
    public static let z95 = 1.959963984540054

    /// Arithmetic mean; `nan` for an empty array.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }

    /// Sample variance with the `n - 1` denominator; 0 for fewer than two values.
    public static func variance(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = mean(values)
        var ss = 0.0
        for v in values { ss += (v - m) * (v - m) }
        return ss / Double(values.count - 1)
    }

    /// Standard error of the mean: `sqrt(sum (s_i - mean)^2 / (n (n - 1)))`; 0 for fewer than two values.
    public static func standardError(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        return (variance(values) / Double(values.count)).squareRoot()
    }

    /// Standard error of a proportion: `sqrt(p (1 - p) / n)`; 0 when `n <= 0`.
    public static func bernoulliStandardError(p: Double, n: Int) -> Double {
        guard n > 0 else { return 0 }
        return max(0, p * (1 - p) / Double(n)).squareRoot()
    }

    /// Cluster-robust standard error of the mean:
    /// `sqrt(sum over clusters c of (sum_{i in c} (s_i - mean))^2) / n`.
    ///
    /// No small-sample factor `C / (C - 1)` is applied. This matches the DESIGN.md vector
    /// (scores `[1,1,1,0,0,0]`, clusters `[0,1,1,1,0,0]` give 0.1179) and the estimator in
    /// Miller (2024), "Adding error bars to evals"; some tools multiply the variance by `C / (C - 1)`,
    /// which gives 0.1667 on the same example. Without the factor the SE is optimistic when there are
    /// few clusters: with fewer than about 30 clusters, read the interval as a lower bound on the uncertainty.
    ///
    /// - Parameters:
    ///   - values: one score per item.
    ///   - clusters: the cluster of each item, same length as `values`.
    /// - Returns: the standard error; 0 for fewer than two values.
    public static func clusteredStandardError<Cluster: Hashable>(values: [Double], clusters: [Cluster]) -> Double {
        precondition(values.count == clusters.count, "clusteredStandardError: values and clusters differ in length")
        guard values.count >= 2 else { return 0 }
        let m = mean(values)
        var residualSums: [Cluster: Double] = [:]
        var order: [Cluster] = []
        for (value, cluster) in zip(values, clusters) {
            if residualSums[cluster] == nil { order.append(cluster) }
            residualSums[cluster, default: 0] += value - m
        }
        var total = 0.0
        for cluster in order {
            let s = residualSums[cluster]!
            total += s * s
        }
        return total.squareRoot() / Double(values.count)
    }

    /// Wilson score interval for a proportion `successes / n`, clamped to [0, 1]; `(0, 1)` when `n <= 0`.
    ///
    /// `successes` is a `Double` so that epoch-averaged counts can be passed.
    public static func wilsonInterval(successes: Double, n: Int, z: Double = 1.959964) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let nd = Double(n)
        let p = successes / nd
        let z2 = z * z
        let denominator = 1 + z2 / nd
        let center = (p + z2 / (2 * nd)) / denominator
        let half = z * max(0, p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot() / denominator
        // The bounds at p = 0 and p = 1 are exactly 0 and 1; set them so rounding cannot move them.
        let low = p <= 0 ? 0 : min(1, max(0, center - half))
        let high = p >= 1 ? 1 : min(1, max(0, center + half))
        return (low, high)
    }

    /// Standard normal cumulative distribution function.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Inverse of the standard normal CDF, accurate to about 1e-9 or better.
    ///
    /// Acklam's rational approximation (relative error 1.15e-9), refined by one Halley step on
    /// `normalCDF`. Returns `-inf` for `p <= 0`, `+inf` for `p >= 1`, and `nan` for `nan`.
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN { return .nan }
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }

        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let pLow = 0.02425

        var x: Double
        if p < pLow {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - pLow {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }

        // One Halley step. In the upper tail work with the complement to keep precision.
        let e: Double
        if x > 0 {
            e = -(0.5 * erfc(x / 2.0.squareRoot()) - (1 - p))
        } else {
            e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        }
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// Upper confidence bound on the failure rate after `n` trials with no failure: `1 - (1 - confidence)^(1/n)`
    /// (about `3 / n` at 95%). 1 when `n <= 0`.
    public static func zeroFailureUpperBound(n: Int, confidence: Double = 0.95) -> Double {
        guard n > 0 else { return 1 }
        return 1 - pow(1 - confidence, 1 / Double(n))
    }

    /// Items needed to detect a difference `delta` with a two-sided test at level `alpha` and the given power:
    /// `n = (z_{alpha/2} + z_beta)^2 * omegaSquared / delta^2`, rounded up.
    ///
    /// `omegaSquared` is the variance of the per-item difference (or of the scores, for one model against a
    /// fixed value). For `omegaSquared = 0.1161`, `delta = 0.03`: 1013.
    public static func requiredSampleSize(omegaSquared: Double, delta: Double, alpha: Double = 0.05, power: Double = 0.8) -> Int {
        precondition(delta != 0, "requiredSampleSize: delta must be non-zero")
        let z = normalQuantile(1 - alpha / 2) + normalQuantile(power)
        let n = z * z * omegaSquared / (delta * delta)
        // Guard against a value like 1013.0000000000002 rounding up to 1014.
        return max(1, Int((n - 1e-9).rounded(.up)))
    }
}
