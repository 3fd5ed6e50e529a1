public import AssayCore
import Foundation

/// One point of a metric's curve along a ladder's axis.
public struct CurvePoint: Hashable, Sendable, Encodable {
    public var axis: Double
    public var value: Double
    public var n: Int
    /// Standard error when known (a rate with `n` gets its Bernoulli SE).
    public var stderr: Double?

    public init(axis: Double, value: Double, n: Int, stderr: Double? = nil) {
        self.axis = axis
        self.value = value
        self.n = n
        self.stderr = stderr
    }

    /// The SE used for tests: the stored one, else Bernoulli for a rate with a known `n`, else nil.
    var effectiveStderr: Double? {
        if let stderr { return stderr }
        if n > 0, value >= 0, value <= 1 { return Statistics.bernoulliStandardError(p: value, n: n) }
        return nil
    }
}

/// Emergence arithmetic and the sharpness of a curve (Schaeffer, Miranda and Koyejo 2023, "Are Emergent Abilities of
/// Large Language Models a Mirage?").
///
/// If each of a target's `L` tokens is right with probability `p`, independently, exact match over the target is `p^L`
/// and the expected token edit distance is `L (1 - p)`: a smooth rise of `p` gives a sharp rise of `p^L` when `L` is large.
public enum Emergence {
    /// Exact match predicted from per-token probability: `p^L` (0.9^10 = 0.3487).
    public static func exactMatch(perTokenProbability p: Double, length: Int) -> Double { pow(p, Double(length)) }

    /// Expected token edit distance (substitutions only) from per-token probability: `L (1 - p)`.
    public static func tokenEditDistance(perTokenProbability p: Double, length: Int) -> Double { Double(length) * (1 - p) }

    /// Per-token probability from a per-token cross-entropy loss: `exp(-loss)`.
    public static func perTokenProbability(loss: Double) -> Double { exp(-loss) }

    /// How abrupt a curve is: the share of its total rise (or fall) made in its single largest step between neighbouring
    /// axis points, in [0, 1]. An even rise over `k` steps gives `1/k`; a single jump gives 1. NaN for fewer than 2 points or
    /// a flat curve.
    public static func sharpness(_ curve: [CurvePoint]) -> Double {
        let sorted = curve.sorted { $0.axis < $1.axis }
        guard sorted.count >= 2 else { return .nan }
        let steps = zip(sorted, sorted.dropFirst()).map { $1.value - $0.value }
        let total = steps.map(abs).reduce(0, +)
        guard total > 0 else { return .nan }
        return steps.map(abs).max()! / total
    }

    /// The largest step between neighbouring points and whether it exceeds its own noise: `|step| > z sqrt(se1² + se2²)`
    /// when both SEs are known (otherwise it counts as significant).
    public static func largestStep(_ curve: [CurvePoint], z: Double = Statistics.z95) -> (from: Double, to: Double, size: Double, significant: Bool)? {
        let sorted = curve.sorted { $0.axis < $1.axis }
        guard sorted.count >= 2 else { return nil }
        var best: (from: Double, to: Double, size: Double, significant: Bool)?
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let size = b.value - a.value
            if best == nil || abs(size) > abs(best!.size) {
                var significant = true
                if let s1 = a.effectiveStderr, let s2 = b.effectiveStderr {
                    significant = abs(size) > z * (s1 * s1 + s2 * s2).squareRoot()
                }
                best = (a.axis, b.axis, size, significant)
            }
        }
        return best
    }
}
