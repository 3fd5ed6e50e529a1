public import AssayCore
import Foundation

/// An abrupt shift in a curve.
public struct ChangePoint: Hashable, Sendable, Encodable {
    /// The axis value of the first point after the shift.
    public var axis: Double
    /// Mean level after minus before, over the neighbouring window.
    public var jump: Double
    /// The transition window: the last point still within 10% of the old level and the first within 10% of the new one.
    public var windowStart: Double
    public var windowEnd: Double
}

/// The CUSUM statistic of a curve: where the cumulative sum of deviations from the mean peaks.
public struct CUSUMResult: Hashable, Sendable, Encodable {
    /// The axis value of the first point after the most likely single change.
    public var axis: Double
    /// `max |S_t| / (sigma sqrt(n))`, with `sigma` the robust noise estimate: above about 1.36 a single mean change is
    /// significant at 5% (the Kolmogorov bound for the Brownian-bridge limit).
    public var statistic: Double
}

/// Change-point detection on training curves and ladders (`assay changepoints`).
///
/// Candidates come from binary segmentation for shifts in the mean, with a Gaussian cost and a BIC penalty `2 sigma² ln n`,
/// `sigma` estimated robustly from first differences (`MAD / 0.6745 / sqrt 2`), so a smooth trend does not count as noise.
/// A candidate is reported only when the shift is *abrupt*: across a window of 10% of the points (at least 2) on each side, the level moves
/// by at least 40% of the curve's whole range. A smooth rise over the run is split by segmentation but never reported.
public enum ChangePoints {
    public static func detect(_ curve: [CurvePoint], windowShare: Double = 0.1, abruptShare: Double = 0.4) -> [ChangePoint] {
        let sorted = curve.sorted { $0.axis < $1.axis }
        let ys = sorted.map(\.value)
        let n = ys.count
        // With fewer than 10 points any monotone curve moves 40% of its range within a few points: too few to tell a jump.
        guard n >= 10, let lo = ys.min(), let hi = ys.max(), hi > lo else { return [] }
        let sigma = max(noise(ys), 1e-9 * (hi - lo))
        let penalty = 2 * sigma * sigma * log(Double(n))
        var boundaries: [Int] = []
        segment(ys, 0, n, penalty: penalty, into: &boundaries)
        let w = max(2, Int((Double(n) * windowShare).rounded()))
        var out: [ChangePoint] = []
        for tau in boundaries.sorted() {
            let before = Statistics.mean(Array(ys[max(0, tau - w)..<tau]))
            let after = Statistics.mean(Array(ys[tau..<min(n, tau + w)]))
            let jump = after - before
            guard abs(jump) >= abruptShare * (hi - lo) else { continue }
            // The transition window around tau, within the neighbouring segments.
            let oldLevel = before, newLevel = after
            var start = tau - 1, end = tau
            while start > 0 && abs(ys[start] - oldLevel) > 0.1 * abs(jump) { start -= 1 }
            while end < n - 1 && abs(ys[end] - newLevel) > 0.1 * abs(jump) { end += 1 }
            let point = ChangePoint(axis: sorted[tau].axis, jump: jump, windowStart: sorted[max(0, start)].axis, windowEnd: sorted[end].axis)
            // Segmentation may cut one jump several times; keep the largest cut of each transition window.
            if let last = out.last, point.windowStart <= last.windowEnd, (point.jump > 0) == (last.jump > 0) {
                if abs(point.jump) > abs(last.jump) { out[out.count - 1] = point }
            } else {
                out.append(point)
            }
        }
        return out
    }

    /// Robust noise: the median absolute first difference, scaled to a normal SD of one value.
    static func noise(_ ys: [Double]) -> Double {
        let diffs = zip(ys, ys.dropFirst()).map { abs($1 - $0) }.sorted()
        guard !diffs.isEmpty else { return 0 }
        let median = diffs.count % 2 == 1 ? diffs[diffs.count / 2] : (diffs[diffs.count / 2 - 1] + diffs[diffs.count / 2]) / 2
        return median / 0.6745 / 2.0.squareRoot()
    }

    /// Binary segmentation: split `ys[start..<end]` where the cost falls most, if it falls by more than `penalty`, and recurse.
    static func segment(_ ys: [Double], _ start: Int, _ end: Int, penalty: Double, into boundaries: inout [Int]) {
        let count = end - start
        guard count >= 4 else { return }
        var prefix = [0.0], prefixSq = [0.0]
        for i in start..<end {
            prefix.append(prefix.last! + ys[i])
            prefixSq.append(prefixSq.last! + ys[i] * ys[i])
        }
        func cost(_ a: Int, _ b: Int) -> Double {
            let m = Double(b - a), s = prefix[b] - prefix[a]
            return prefixSq[b] - prefixSq[a] - s * s / m
        }
        let whole = cost(0, count)
        var best = (gain: 0.0, at: -1)
        for split in 2...(count - 2) {
            let gain = whole - cost(0, split) - cost(split, count)
            if gain > best.gain { best = (gain, split) }
        }
        guard best.at > 0, best.gain > penalty else { return }
        boundaries.append(start + best.at)
        segment(ys, start, start + best.at, penalty: penalty, into: &boundaries)
        segment(ys, start + best.at, end, penalty: penalty, into: &boundaries)
    }

    /// CUSUM of deviations from the mean, scaled by the robust noise.
    public static func cusum(_ curve: [CurvePoint]) -> CUSUMResult? {
        let sorted = curve.sorted { $0.axis < $1.axis }
        let ys = sorted.map(\.value)
        guard ys.count >= 3 else { return nil }
        let mean = Statistics.mean(ys)
        var s = 0.0, best = (value: 0.0, at: 1)
        for i in 0..<(ys.count - 1) {
            s += ys[i] - mean
            if abs(s) > best.value { best = (abs(s), i + 1) }
        }
        let sigma = noise(ys)
        let statistic = sigma > 0 ? best.value / (sigma * Double(ys.count).squareRoot()) : .infinity
        return CUSUMResult(axis: sorted[best.at].axis, statistic: statistic)
    }

    /// The first axis value where a curve has covered `share` of its way to its last value, counted from its lowest point
    /// (or highest, for a falling curve) so that an early dip, like the loss spike while a network memorises, does not count.
    static func firstReaching(_ curve: [CurvePoint], share: Double) -> Double? {
        guard let last = curve.last?.value, let first = curve.first?.value, first != last else { return nil }
        let rising = last > first
        guard let start = (rising ? curve.indices.min { curve[$0].value < curve[$1].value } : curve.indices.max { curve[$0].value < curve[$1].value })
        else { return nil }
        let from = curve[start].value
        guard from != last else { return nil }
        let target = from + share * (last - from)
        return curve[start...].first { rising ? $0.value >= target : $0.value <= target }?.axis
    }
}

/// Delayed generalization (grokking) read off a training run's curves.
public struct GrokkingReport: Sendable, Encodable {
    /// First step where train accuracy reached 0.99 (nil when it never did).
    public var trainSaturated: Double?
    /// The generalization onset: the first upward abrupt change point of test accuracy.
    public var onset: ChangePoint?
    /// First step where test accuracy reached 0.5.
    public var testCrossesHalf: Double?
    /// `onset - trainSaturated`: how long the network memorised before generalizing.
    public var memorizationPhase: Double?
    public var runLength: Double
    /// Whether the run shows delayed generalization: train saturated, then an abrupt rise of test accuracy at least 10% of
    /// the run later and at least twice as long after saturation as train accuracy took to saturate (a network that
    /// generalizes as soon as it fits, however steeply, is not grokking).
    public var grokking: Bool
    /// Where the continuous measure (test log-probability of the answer, or test loss) had covered 10% of its movement,
    /// against where test accuracy had: positive `lead` means the continuous measure moved first.
    public var continuousMetric: String?
    public var continuousMoved: Double?
    public var accuracyMoved: Double?
    public var lead: Double?

    public static func analyze(_ points: [SeriesPoint]) -> GrokkingReport? {
        let train = SeriesBuilder.curve(points, metric: "train/accuracy"), test = SeriesBuilder.curve(points, metric: "test/accuracy")
        guard test.count >= 6, let first = test.first?.axis, let last = test.last?.axis else { return nil }
        let saturated = train.first { $0.value >= 0.99 }?.axis
        let onset = ChangePoints.detect(test).first { $0.jump > 0 }
        let half = test.first { $0.value >= 0.5 }?.axis
        let length = last - first
        let phase = saturated.flatMap { s in onset.map { $0.axis - s } }
        let fitting = (saturated ?? first) - first
        let delayed = phase.map { $0 >= 0.1 * length && $0 >= 2 * fitting } ?? false
        var report = GrokkingReport(trainSaturated: saturated, onset: onset, testCrossesHalf: half, memorizationPhase: phase, runLength: length,
                                    grokking: delayed)
        for metric in ["test/logprob", "test/loss"] {
            let curve = SeriesBuilder.curve(points, metric: metric)
            guard curve.count >= 6 else { continue }
            report.continuousMetric = metric
            // Count from train saturation: before it, every measure moves with memorisation.
            let after = { (c: [CurvePoint]) in c.filter { $0.axis >= (saturated ?? first) } }
            report.continuousMoved = ChangePoints.firstReaching(after(curve), share: 0.1)
            report.accuracyMoved = ChangePoints.firstReaching(after(test), share: 0.1)
            if let c = report.continuousMoved, let a = report.accuracyMoved { report.lead = a - c }
            break
        }
        return report
    }
}
