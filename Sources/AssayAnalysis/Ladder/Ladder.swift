public import AssayCore
import Foundation

/// The emergence verdict for one discrete metric and its continuous companion along a ladder.
public struct LadderVerdict: Sendable, Encodable {
    public enum Kind: String, Hashable, Sendable, Encodable {
        /// The discrete metric has no abrupt step.
        case smooth
        /// The discrete metric jumps, its continuous companion does not, and the jump is what `p^L` predicts: the jump is
        /// made by the metric, not by the model.
        case artifact
        /// Both the discrete metric and its continuous companion jump: something changed in the model.
        case transition
        /// The discrete metric jumps and the companion does not, but the jump is not what `p^L` predicts.
        case undetermined
    }

    public var discrete: String
    public var continuous: String
    public var discreteCurve: [CurvePoint]
    public var continuousCurve: [CurvePoint]
    /// Exact match predicted from the per-token probability, `p^L`, where the companion gives `p` and the series `L`.
    public var predicted: [CurvePoint]?
    public var discreteSharpness: Double
    public var continuousSharpness: Double
    /// Whether the observed discrete values agree with ``predicted`` (nil when there is no prediction).
    public var consistent: Bool?
    /// Mean absolute difference between the observed discrete values and ``predicted``.
    public var predictionError: Double?
    public var verdict: Kind
    /// The evidence, in words.
    public var evidence: String

    private enum CodingKeys: String, CodingKey {
        case discrete, continuous, discreteCurve, continuousCurve, predicted, discreteSharpness, continuousSharpness, consistent, predictionError,
             verdict, evidence
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(discrete, forKey: .discrete)
        try c.encode(continuous, forKey: .continuous)
        try c.encode(discreteCurve, forKey: .discreteCurve)
        try c.encode(continuousCurve, forKey: .continuousCurve)
        try c.encode(predicted, forKey: .predicted)
        try c.encodeFinite(discreteSharpness, forKey: .discreteSharpness)
        try c.encodeFinite(continuousSharpness, forKey: .continuousSharpness)
        try c.encode(consistent, forKey: .consistent)
        try c.encode(predictionError, forKey: .predictionError)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(evidence, forKey: .evidence)
    }
}

/// The verdict for one discrete metric across its companions (see ``Ladder/overall(_:)``).
public struct OverallVerdict: Hashable, Sendable, Encodable {
    public var discrete: String
    public var verdict: LadderVerdict.Kind
    /// The companion whose verdict was taken, when one decided.
    public var decidedBy: String?
    public var reason: String
}

/// Emergence verdicts for a series (`assay ladder`).
///
/// Metric pairs are found by name: a discrete `X/accuracy` (`exact_match`, `multiple_choice`, ...) against
/// - `token/probability` (per-token probability `p`), `target/logprob` (`p = exp(logprob / L)`) or
///   `token_edit_distance/mean` (`p = 1 - d / L`), with `target/length` giving `L`: then `p^L` is predicted;
/// - `brier/mean` for multiple choice;
/// - `digit_accuracy/mean` (per-digit accuracy as `p`, with `target/length`).
///
/// A curve is *sharp* when its largest step between neighbouring axis points makes at least 40% of its total movement,
/// exceeds 1.96 times its own standard error, and (for rates) moves at least 0.1. Observed exact match is *consistent*
/// with `p^L` when at 80% or more of the points it lies within `max(2 SE, 0.05)` of the prediction.
public enum Ladder {
    public static let sharpShare = 0.4

    /// Verdicts for every metric pair the series has.
    public static func verdicts(_ points: [SeriesPoint]) -> [LadderVerdict] {
        let byMetric = Dictionary(grouping: points, by: \.metric).mapValues { group in
            group.sorted { $0.axis < $1.axis }.map { CurvePoint(axis: $0.axis, value: $0.value, n: $0.n, stderr: $0.stderr) }
        }
        let lengths = byMetric["target/length"]
        var out: [LadderVerdict] = []
        for discrete in byMetric.keys.sorted() where discrete.hasSuffix("/accuracy") && !discrete.hasPrefix("train/") && !discrete.hasPrefix("test/") {
            let curve = byMetric[discrete]!
            var companions: [(name: String, curve: [CurvePoint], perToken: ((CurvePoint, Int) -> Double)?)] = []
            if let p = byMetric["token/probability"] { companions.append(("token/probability", p, { point, _ in point.value })) }
            if let p = byMetric["digit_accuracy/mean"] { companions.append(("digit_accuracy/mean", p, { point, _ in point.value })) }
            if let lp = byMetric["target/logprob"] { companions.append(("target/logprob", lp, { point, l in exp(point.value / Double(l)) })) }
            if let d = byMetric["token_edit_distance/mean"] { companions.append(("token_edit_distance/mean", d, { point, l in 1 - point.value / Double(l) })) }
            if discrete.hasPrefix("multiple_choice"), let b = byMetric["brier/mean"] { companions.append(("brier/mean", b, nil)) }
            for companion in companions {
                out.append(verdict(discrete: discrete, curve: curve, continuous: companion.name, companion: companion.curve,
                                   lengths: lengths, perToken: companion.perToken))
            }
        }
        return out
    }

    /// The verdict for one pair. `perToken` turns a companion point and the target length into a per-token probability.
    public static func verdict(discrete: String, curve: [CurvePoint], continuous: String, companion: [CurvePoint], lengths: [CurvePoint]?,
                               perToken: ((CurvePoint, Int) -> Double)?) -> LadderVerdict {
        let ds = Emergence.sharpness(curve), cs = Emergence.sharpness(companion)
        let dSharp = isSharp(curve, rate: true)
        let cSharp = isSharp(companion, rate: companion.allSatisfy { $0.value >= 0 && $0.value <= 1 })

        var predicted: [CurvePoint]?
        var consistent: Bool?
        var predictionError: Double?
        if let perToken, let lengths {
            let lengthAt = Dictionary(lengths.map { ($0.axis, Int($0.value.rounded())) }, uniquingKeysWith: { a, _ in a })
            let companionAt = Dictionary(companion.map { ($0.axis, $0) }, uniquingKeysWith: { a, _ in a })
            predicted = curve.compactMap { point in
                guard let l = lengthAt[point.axis], l > 0, let c = companionAt[point.axis] else { return nil }
                return CurvePoint(axis: point.axis, value: Emergence.exactMatch(perTokenProbability: perToken(c, l), length: l), n: point.n)
            }
            if let predicted, !predicted.isEmpty {
                let observedAt = Dictionary(curve.map { ($0.axis, $0) }, uniquingKeysWith: { a, _ in a })
                let agreeing = predicted.filter { p in
                    guard let o = observedAt[p.axis] else { return false }
                    return abs(o.value - p.value) <= max(2 * (o.effectiveStderr ?? 0), 0.05)
                }.count
                consistent = Double(agreeing) >= 0.8 * Double(predicted.count)
                predictionError = Statistics.mean(predicted.compactMap { p in observedAt[p.axis].map { abs($0.value - p.value) } })
            }
        }

        func describe(_ name: String, _ c: [CurvePoint], _ share: Double) -> String {
            guard let step = Emergence.largestStep(c) else { return "\(name) has fewer than two points" }
            return "\(name)'s largest step (\(NumberFormat.plain(step.from)) → \(NumberFormat.plain(step.to)): \(signed(step.size))) makes "
                + "\(percent(share)) of its movement\(step.significant ? "" : ", within noise")"
        }
        let dText = describe(discrete, curve, ds), cText = describe(continuous, companion, cs)
        let kind: LadderVerdict.Kind
        var evidence: String
        if !dSharp {
            kind = .smooth
            evidence = "no abrupt step: \(dText)."
        } else if cSharp {
            kind = .transition
            evidence = "both jump: \(dText); \(cText)."
        } else if consistent == false {
            kind = .undetermined
            evidence = "\(dText), while \(cText); but the observed values are not what p^L predicts, so the per-token measure does not explain the jump."
        } else {
            kind = .artifact
            evidence = "\(dText), while \(cText)"
                + (consistent == true ? "; p^L from the continuous measure reproduces the observed values, so the jump is the metric's." : "; the continuous measure moves smoothly.")
        }
        return LadderVerdict(discrete: discrete, continuous: continuous, discreteCurve: curve, continuousCurve: companion, predicted: predicted,
                             discreteSharpness: ds, continuousSharpness: cs, consistent: consistent, predictionError: predictionError,
                             verdict: kind, evidence: evidence)
    }

    /// One verdict per discrete metric from its pairs.
    ///
    /// The pair whose `p^L` prediction reproduces the discrete metric decides (the smallest prediction error among the
    /// consistent ones): its continuous measure is the one the discrete metric is actually built from, such as per-digit
    /// accuracy for exact match under argmax decoding. Without a consistent prediction, pairs that all agree decide; pairs
    /// that disagree give `undetermined`.
    public static func overall(_ verdicts: [LadderVerdict]) -> [OverallVerdict] {
        var order: [String] = []
        var byDiscrete: [String: [LadderVerdict]] = [:]
        for v in verdicts {
            if byDiscrete[v.discrete] == nil { order.append(v.discrete) }
            byDiscrete[v.discrete, default: []].append(v)
        }
        return order.map { discrete in
            let pairs = byDiscrete[discrete]!
            if let best = pairs.filter({ $0.consistent == true }).min(by: { ($0.predictionError ?? .infinity) < ($1.predictionError ?? .infinity) }) {
                return OverallVerdict(discrete: discrete, verdict: best.verdict, decidedBy: best.continuous,
                                      reason: "\(best.continuous) predicts \(discrete) through p^L (mean error \(NumberFormat.fixed(best.predictionError ?? .nan, 3)))")
            }
            let kinds = Set(pairs.map(\.verdict))
            if kinds.count == 1, let only = kinds.first {
                return OverallVerdict(discrete: discrete, verdict: only, decidedBy: nil, reason: "every companion gives the same verdict")
            }
            return OverallVerdict(discrete: discrete, verdict: .undetermined, decidedBy: nil,
                                  reason: "companions disagree (\(pairs.map { "\($0.continuous): \($0.verdict.rawValue)" }.joined(separator: ", "))) and none predicts it through p^L")
        }
    }

    /// Sharp: the largest step makes at least ``sharpShare`` of the movement, exceeds its noise and, for a rate, moves ≥ 0.1.
    static func isSharp(_ curve: [CurvePoint], rate: Bool) -> Bool {
        guard let step = Emergence.largestStep(curve) else { return false }
        let share = Emergence.sharpness(curve)
        return share.isFinite && share >= sharpShare && step.significant && (!rate || abs(step.size) >= 0.1)
    }

    private static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + NumberFormat.fixed(x, 3) }
    private static func percent(_ x: Double) -> String { NumberFormat.fixed(100 * x, 0) + "%" }
}
