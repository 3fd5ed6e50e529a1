import Foundation

/// Summaries of ``LabPredictions`` over a held-out set.
public struct LabMetrics: Sendable, Hashable, Codable {
    /// Examples measured.
    public var count: Int
    /// Answer positions per example (L).
    public var heads: Int
    /// Share of examples with every head right.
    public var exactMatch: Double
    /// Share of (example, head) pairs right: the per-digit accuracy.
    public var headAccuracy: Double
    /// Mean probability of the correct class per head.
    public var tokenProbability: Double
    /// Mean, over examples, of the summed log-probability of the whole correct answer.
    public var targetLogProbability: Double
    /// Standard error of ``tokenProbability`` and of ``targetLogProbability`` (across examples).
    public var tokenProbabilityStderr: Double
    public var targetLogProbabilityStderr: Double

    public init(_ predictions: LabPredictions) {
        let n = predictions.count, h = predictions.heads
        count = n
        heads = h
        var exact = 0, right = 0
        var prob = 0.0, prob2 = 0.0, logp = 0.0, logp2 = 0.0
        for i in 0..<n {
            var all = true, sumLog = 0.0, sumProb = 0.0
            for j in 0..<h {
                let k = i * h + j
                if predictions.correct[k] { right += 1 } else { all = false }
                sumLog += predictions.targetLogProbability[k]
                sumProb += exp(predictions.targetLogProbability[k])
            }
            if all { exact += 1 }
            let meanProb = sumProb / Double(max(h, 1))
            prob += meanProb
            prob2 += meanProb * meanProb
            logp += sumLog
            logp2 += sumLog * sumLog
        }
        let dn = Double(max(n, 1))
        exactMatch = Double(exact) / dn
        headAccuracy = Double(right) / Double(max(n * h, 1))
        tokenProbability = prob / dn
        targetLogProbability = logp / dn
        tokenProbabilityStderr = Self.meanStderr(sum: prob, sumSquares: prob2, n: n)
        targetLogProbabilityStderr = Self.meanStderr(sum: logp, sumSquares: logp2, n: n)
    }

    /// √(p(1−p)/n), the standard error of an accuracy.
    public static func bernoulliStderr(_ p: Double, n: Int) -> Double {
        n > 0 ? (p * (1 - p) / Double(n)).squareRoot() : 0
    }

    static func meanStderr(sum: Double, sumSquares: Double, n: Int) -> Double {
        guard n > 1 else { return 0 }
        let mean = sum / Double(n)
        let variance = max(0, (sumSquares - Double(n) * mean * mean) / Double(n - 1))
        return (variance / Double(n)).squareRoot()
    }
}
