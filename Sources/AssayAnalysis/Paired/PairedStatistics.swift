public import AssayCore
import Foundation

/// The difference between two models' scores on the same items, with its paired uncertainty.
public struct PairedDifference: Hashable, Sendable, Codable {
    /// Mean of the first run's item scores.
    public var a: Double
    /// Mean of the second run's item scores.
    public var b: Double
    /// `a - b`: the mean of the per-item differences.
    public var difference: Double
    /// Paired standard error of `difference` (clustered when the items have clusters).
    public var stderr: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Items in both runs with a score in both.
    public var n: Int
    /// Pearson correlation of the two runs' item scores; NaN when either run's scores are constant.
    public var correlation: Double
}

/// Statistics of paired measurements: two models scored on the same items.
///
/// Pairing removes the variance the items share (a hard item is hard for both models), so a paired interval is
/// narrower than two independent ones whenever the runs' item scores are positively correlated. The formulas follow
/// DESIGN.md: `d_i = a_i - b_i`, `SE = sd(d) / sqrt(n)`; McNemar for paired binary outcomes.
public enum PairedStatistics {
    /// The paired difference of `a` and `b` (same length, item `i` in both at index `i`).
    ///
    /// - Parameters:
    ///   - clusters: the cluster of each item, when items are grouped (passages, templates); the SE is then the
    ///     cluster-robust SE of the differences (``Statistics/clusteredStandardError(values:clusters:)``), computed only when
    ///     there are at least two clusters.
    ///   - z: the critical value of the interval `difference ± z SE`.
    /// - Returns: SE and interval are NaN for fewer than two items (one difference says nothing about spread).
    public static func difference(a: [Double], b: [Double], clusters: [String]? = nil, z: Double = Statistics.z95) -> PairedDifference {
        precondition(a.count == b.count, "PairedStatistics.difference: a and b differ in length")
        let n = a.count
        let d = zip(a, b).map { $0 - $1 }
        let mean = Statistics.mean(d)
        var se = n < 2 ? Double.nan : Statistics.standardError(d)
        if let clusters, n >= 2, Set(clusters).count >= 2 {
            se = Statistics.clusteredStandardError(values: d, clusters: clusters)
        }
        return PairedDifference(a: Statistics.mean(a), b: Statistics.mean(b), difference: mean, stderr: se,
                                ciLow: mean - z * se, ciHigh: mean + z * se, n: n, correlation: pearson(a, b))
    }

    /// Pearson correlation; NaN for fewer than two pairs or when either side is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "PairedStatistics.pearson: x and y differ in length")
        guard x.count >= 2 else { return .nan }
        let mx = Statistics.mean(x), my = Statistics.mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (u, v) in zip(x, y) {
            sxy += (u - mx) * (v - my)
            sxx += (u - mx) * (u - mx)
            syy += (v - my) * (v - my)
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Exact two-sided McNemar test on the discordant pairs.
    ///
    /// - Parameters:
    ///   - b: items the first model passed and the second failed.
    ///   - c: items the first model failed and the second passed.
    /// - Returns: `min(1, 2 P(X <= min(b, c)))` with `X ~ Binomial(b + c, 1/2)`; 1 when there are no discordant pairs.
    public static func mcNemarExact(b: Int, c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "mcNemarExact: counts must be non-negative")
        let n = b + c
        guard n > 0 else { return 1 }
        return min(1, 2 * binomialCDF(min(b, c), trials: n, p: 0.5))
    }

    /// `P(X <= k)` for `X ~ Binomial(trials, p)`, summed in log space so that thousands of trials do not underflow.
    public static func binomialCDF(_ k: Int, trials n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        let logP = log(p), logQ = log1p(-p)
        var terms: [Double] = []
        terms.reserveCapacity(k + 1)
        // log C(n, i), built up as log C(n, i - 1) + log((n - i + 1) / i).
        var logChoose = 0.0
        for i in 0...k {
            if i > 0 { logChoose += log(Double(n - i + 1)) - log(Double(i)) }
            terms.append(logChoose + Double(i) * logP + Double(n - i) * logQ)
        }
        let top = terms.max()!
        let sum = terms.reduce(0) { $0 + exp($1 - top) }
        return min(1, exp(top) * sum)
    }

    /// Two-sided paired bootstrap test of a zero mean difference.
    ///
    /// The differences are centred on zero (so the resampled world satisfies the null hypothesis) and resampled with
    /// replacement `resamples` times; the p-value is `(1 + #{|mean*| >= |mean d|}) / (1 + resamples)`, never 0.
    /// Reproducible for a `seed`. Returns 1 when every difference is 0 and NaN for no differences.
    public static func pairedBootstrapPValue(differences d: [Double], resamples: Int = 4000, seed: UInt64 = 20_241_122) -> Double {
        guard !d.isEmpty else { return .nan }
        let n = d.count
        let mean = Statistics.mean(d)
        let centred = d.map { $0 - mean }
        if centred.allSatisfy({ $0 == 0 }) { return mean == 0 ? 1 : 1 / Double(resamples + 1) }
        let observed = abs(mean)
        // A tolerance so that resamples that equal the observed mean up to rounding count as "at least as extreme".
        let tolerance = 1e-12 * max(1, observed)
        var g = SeededGenerator(seed: seed)
        var extreme = 0
        centred.withUnsafeBufferPointer { values in
            for _ in 0..<resamples {
                var sum = 0.0
                for _ in 0..<n {
                    sum += values[Int(g.next().multipliedFullWidth(by: UInt64(n)).high)]
                }
                if abs(sum / Double(n)) >= observed - tolerance { extreme += 1 }
            }
        }
        return Double(1 + extreme) / Double(1 + resamples)
    }

    /// Benjamini-Hochberg adjusted p-values (q-values), in the input order.
    ///
    /// `q_(i) = min over j >= i of p_(j) m / j`, capped at 1, for the `m` finite p-values sorted ascending;
    /// a comparison is significant at false-discovery rate `alpha` when its q-value is at most `alpha`.
    /// NaN p-values (comparisons that could not be tested) stay NaN and do not count in `m`.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let finite = pValues.indices.filter { pValues[$0].isFinite }.sorted { pValues[$0] < pValues[$1] }
        let m = Double(finite.count)
        var adjusted = [Double](repeating: .nan, count: pValues.count)
        var running = 1.0
        for rank in stride(from: finite.count, through: 1, by: -1) {
            let index = finite[rank - 1]
            running = min(running, pValues[index] * m / Double(rank))
            adjusted[index] = min(1, running)
        }
        return adjusted
    }
}
