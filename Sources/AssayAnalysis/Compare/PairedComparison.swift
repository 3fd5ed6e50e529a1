public import AssayCore

/// One paired comparison of two runs on one quantity (a scorer's metric or a behaviour feature), over all shared
/// items or over those carrying one tag.
public struct PairedComparison: Hashable, Sendable, Encodable {
    /// The test behind ``pValue``.
    public enum Test: String, Hashable, Sendable, Codable {
        /// Exact McNemar on the discordant items (every item score 0 or 1 in both runs).
        case mcnemar
        /// Two-sided paired bootstrap of the mean difference (fractional or continuous item scores).
        case pairedBootstrap = "paired-bootstrap"
        /// Fewer than two items, or no variation at all: nothing to test.
        case none
    }

    /// `accuracy` or `mean` for a scorer's metric; a feature name (`refusal_rate`, ...) for the behaviour profile.
    public var name: String
    /// The scorer, for metric comparisons; nil for behaviour features.
    public var scorer: String?
    /// The tag the items were restricted to; nil for all shared items.
    public var tag: String?
    public var a: Double
    public var b: Double
    /// `a - b`.
    public var difference: Double
    public var stderr: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var pValue: Double
    /// Benjamini-Hochberg adjusted p-value across the comparisons of the same table.
    public var qValue: Double
    public var n: Int
    public var test: Test
    /// Correlation of the two runs' item scores.
    public var correlation: Double
    /// For McNemar: items the first run passed and the second failed, and the reverse.
    public var discordant: Discordant?

    /// Discordant pair counts of a McNemar test.
    public struct Discordant: Hashable, Sendable, Codable {
        /// First passed, second failed.
        public var aOnly: Int
        /// First failed, second passed.
        public var bOnly: Int
    }

    private enum CodingKeys: String, CodingKey {
        case name, scorer, tag, a, b, difference, stderr, ciLow, ciHigh, pValue, qValue, n, test, correlation, discordant
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(scorer, forKey: .scorer)
        try c.encode(tag, forKey: .tag)
        try c.encodeFinite(a, forKey: .a)
        try c.encodeFinite(b, forKey: .b)
        try c.encodeFinite(difference, forKey: .difference)
        try c.encodeFinite(stderr, forKey: .stderr)
        try c.encodeFinite(ciLow, forKey: .ciLow)
        try c.encodeFinite(ciHigh, forKey: .ciHigh)
        try c.encodeFinite(pValue, forKey: .pValue)
        try c.encodeFinite(qValue, forKey: .qValue)
        try c.encode(n, forKey: .n)
        try c.encode(test, forKey: .test)
        try c.encodeFinite(correlation, forKey: .correlation)
        try c.encodeIfPresent(discordant, forKey: .discordant)
    }

    /// Whether the difference is significant at false-discovery rate `alpha` after the Benjamini-Hochberg correction.
    public func significant(alpha: Double = 0.05) -> Bool { qValue.isFinite && qValue <= alpha }

    /// Compares paired item values: the paired difference with its interval, and McNemar when both sides are all 0/1
    /// (`binary`), else the paired bootstrap. When every pair agrees and the values lie in [0, 1], the interval is ± the
    /// Wilson upper bound of 0 differing pairs. ``qValue`` is left equal to ``pValue`` until the table is corrected.
    public static func measure(name: String, scorer: String?, tag: String?, a: [Double], b: [Double], clusters: [String]? = nil,
                               binary: Bool, seed: UInt64) -> PairedComparison {
        let estimate = PairedStatistics.difference(a: a, b: b, clusters: clusters)
        var test = Test.none
        var p = Double.nan
        var discordant: Discordant?
        if a.count >= 1 {
            if binary && a.allSatisfy({ $0 == 0 || $0 == 1 }) && b.allSatisfy({ $0 == 0 || $0 == 1 }) {
                var aOnly = 0, bOnly = 0
                for (x, y) in zip(a, b) where x != y {
                    if x == 1 { aOnly += 1 } else { bOnly += 1 }
                }
                discordant = Discordant(aOnly: aOnly, bOnly: bOnly)
                test = .mcnemar
                p = PairedStatistics.mcNemarExact(b: aOnly, c: bOnly)
            } else if a.count >= 2 {
                test = .pairedBootstrap
                p = PairedStatistics.pairedBootstrapPValue(differences: zip(a, b).map { $0 - $1 }, seed: seed)
            }
        }
        var (low, high) = (estimate.ciLow, estimate.ciHigh)
        if estimate.n > 0, zip(a, b).allSatisfy({ $0 == $1 }), (a + b).allSatisfy({ (0...1).contains($0) }) {
            // Every pair agrees, so the sample SE is 0; but n pairs only bound the rate at which pairs differ, and with
            // values in [0, 1] no difference exceeds that rate: ± the Wilson upper bound of 0 differing pairs in n, not
            // a point. (Fractional scores too: four scenarios that disclosed the same share under both prompts.)
            let bound = Statistics.wilsonInterval(successes: 0, n: estimate.n).high
            (low, high) = (estimate.difference - bound, estimate.difference + bound)
        }
        return PairedComparison(name: name, scorer: scorer, tag: tag, a: estimate.a, b: estimate.b, difference: estimate.difference,
                                stderr: estimate.stderr, ciLow: low, ciHigh: high, pValue: p, qValue: p,
                                n: estimate.n, test: test, correlation: estimate.correlation, discordant: discordant)
    }
}

extension Array where Element == PairedComparison {
    /// The same comparisons with Benjamini-Hochberg q-values computed across all of them.
    public func correctedForMultipleTesting() -> [PairedComparison] {
        let q = PairedStatistics.benjaminiHochberg(map(\.pValue))
        return zip(self, q).map { comparison, q in
            var c = comparison
            c.qValue = q
            return c
        }
    }
}
