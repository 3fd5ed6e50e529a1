import AssayCore

/// How many items a comparison needs to detect a difference of a given size.
///
/// `n = (z_{alpha/2} + z_beta)^2 omega^2 / delta^2` (DESIGN.md), where `omega^2` is the variance of the per-item
/// difference between the two models being compared. It is estimated from baseline runs: from the paired per-item
/// differences when two or more runs share items (the average over pairs of runs), or, from a single run, as twice
/// the variance of its item scores (two independent models of that variance: no credit for pairing, so an upper bound).
public struct PowerEstimate: Hashable, Sendable, Encodable {
    public var scorer: String?
    public var omegaSquared: Double
    /// How omega² was obtained: `given`, `paired` (runs sharing items) or `single-run`.
    public var source: String
    public var delta: Double
    public var alpha: Double
    public var power: Double
    /// Items needed.
    public var items: Int
    /// Items per run the estimate of omega² came from (0 when given).
    public var baselineItems: Int

    private enum CodingKeys: String, CodingKey { case scorer, omegaSquared, source, delta, alpha, power, items, baselineItems }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scorer, forKey: .scorer)
        try c.encodeFinite(omegaSquared, forKey: .omegaSquared)
        try c.encode(source, forKey: .source)
        try c.encode(delta, forKey: .delta)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(power, forKey: .power)
        try c.encode(items, forKey: .items)
        try c.encode(baselineItems, forKey: .baselineItems)
    }
}

public enum PowerAnalysis {
    /// omega² from paired per-item scores of two runs: the sample variance of `a_i - b_i`.
    public static func omegaSquared(paired a: [Double], _ b: [Double]) -> Double {
        Statistics.variance(zip(a, b).map { $0 - $1 })
    }

    /// omega² from one run: `2 Var(scores)`.
    public static func omegaSquared(single scores: [Double]) -> Double {
        2 * Statistics.variance(scores)
    }

    /// The estimate for a known omega².
    public static func estimate(omegaSquared: Double, delta: Double, alpha: Double = 0.05, power: Double = 0.8,
                                scorer: String? = nil, source: String = "given", baselineItems: Int = 0) -> PowerEstimate {
        let n = omegaSquared > 0 ? Statistics.requiredSampleSize(omegaSquared: omegaSquared, delta: delta, alpha: alpha, power: power) : 1
        return PowerEstimate(scorer: scorer, omegaSquared: omegaSquared, source: source, delta: delta, alpha: alpha, power: power,
                             items: n, baselineItems: baselineItems)
    }

    /// Per scorer, omega² from baseline runs (per-item epoch means; abstentions left out) and the items needed.
    public static func estimates(runs: [ComparedRun], scorers: [String]? = nil, delta: Double, alpha: Double = 0.05,
                                 power: Double = 0.8) -> [PowerEstimate] {
        guard let first = runs.first else { return [] }
        let tables = runs.map { ItemTable($0, features: false) }
        let chosen = scorers ?? first.record.config.scorers
        var out: [PowerEstimate] = []
        for scorer in chosen {
            if runs.count == 1 {
                let values = tables[0].itemIDs.sorted().compactMap { tables[0].score(scorer, $0) }
                guard values.count >= 2 else { continue }
                out.append(estimate(omegaSquared: omegaSquared(single: values), delta: delta, alpha: alpha, power: power,
                                    scorer: scorer, source: "single-run", baselineItems: values.count))
                continue
            }
            var omegas: [Double] = []
            var counts: [Int] = []
            for i in 0..<tables.count {
                for j in (i + 1)..<tables.count {
                    var a: [Double] = [], b: [Double] = []
                    for id in tables[i].itemIDs.intersection(tables[j].itemIDs).sorted() {
                        guard let x = tables[i].score(scorer, id), let y = tables[j].score(scorer, id) else { continue }
                        a.append(x)
                        b.append(y)
                    }
                    guard a.count >= 2 else { continue }
                    omegas.append(omegaSquared(paired: a, b))
                    counts.append(a.count)
                }
            }
            guard !omegas.isEmpty else { continue }
            out.append(estimate(omegaSquared: Statistics.mean(omegas), delta: delta, alpha: alpha, power: power, scorer: scorer,
                                source: "paired", baselineItems: counts.min() ?? 0))
        }
        return out
    }
}
