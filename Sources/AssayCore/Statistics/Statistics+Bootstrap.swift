import Dispatch
import Foundation

extension Statistics {
    /// Percentile bootstrap of any statistic over items.
    ///
    /// Resample `r` draws `values.count` indices with replacement from its own ``SeededGenerator``, seeded from
    /// a master generator with `seed`, so the result depends only on the inputs and `seed`.
    ///
    /// - Returns: `estimate` = `statistic(values)`; `stderr` = standard deviation (n - 1) of the resampled
    ///   statistics; `low`/`high` = their `(1 - confidence) / 2` and `(1 + confidence) / 2` quantiles
    ///   (linear interpolation between order statistics). All `nan` for an empty array.
    public static func bootstrap(
        values: [Double], resamples: Int = 2000, seed: UInt64, confidence: Double = 0.95,
        statistic: ([Double]) -> Double
    ) -> (estimate: Double, stderr: Double, low: Double, high: Double) {
        guard !values.isEmpty, resamples > 0 else { return (.nan, .nan, .nan, .nan) }
        let n = values.count
        let seeds = resampleSeeds(seed: seed, count: resamples)
        var stats = [Double](repeating: 0, count: resamples)
        var buffer = [Double](repeating: 0, count: n)
        for r in 0..<resamples {
            var g = SeededGenerator(seed: seeds[r])
            buffer.withUnsafeMutableBufferPointer { out in
                values.withUnsafeBufferPointer { src in
                    var i = 0
                    while i + 2 <= n {
                        let (a, b) = indexPair(&g, n)
                        out[i] = src[a]
                        out[i + 1] = src[b]
                        i += 2
                    }
                    if i < n { out[i] = src[indexPair(&g, n).0] }
                }
            }
            stats[r] = statistic(buffer)
        }
        return summarize(estimate: statistic(values), stats: &stats, confidence: confidence)
    }

    /// Percentile bootstrap of the mean, fast enough for 100,000 items and 10,000 resamples.
    ///
    /// Two exact strategies, chosen by the data:
    /// - few distinct values (the usual case: pass/fail scores, epoch averages): each resample's counts of the
    ///   distinct values are drawn directly from their multinomial distribution as a chain of binomials, so a
    ///   resample costs O(distinct values) rather than O(n);
    /// - otherwise: index resamples summed in place without allocating, in parallel over resamples. Up to
    ///   ``resampleBlock`` values these are the same resamples as ``bootstrap(values:resamples:seed:confidence:statistic:)``.
    ///   Above it, a resample first splits its `n` draws over consecutive blocks of ``resampleBlock`` values (a
    ///   multinomial, drawn as a chain of binomials), then draws each block's share uniformly inside the block: the
    ///   same distribution as `n` uniform indices over all values, with every draw landing in a block small enough
    ///   for the core's cache (at 100,000 values and 10,000 resamples, 0.73 s against 1.09 s on the 2-core machine).
    ///
    /// Both are reproducible for a `seed` and independent of the number of threads. Where they draw different random
    /// streams (few distinct values, or more than ``resampleBlock`` values), they agree with
    /// ``bootstrap(values:resamples:seed:confidence:statistic:)`` in distribution, not draw for draw.
    public static func bootstrapMean(
        values: [Double], resamples: Int = 2000, seed: UInt64, confidence: Double = 0.95
    ) -> (estimate: Double, stderr: Double, low: Double, high: Double) {
        guard !values.isEmpty, resamples > 0 else { return (.nan, .nan, .nan, .nan) }
        let n = values.count
        let seeds = resampleSeeds(seed: seed, count: resamples)
        var stats = [Double](repeating: 0, count: resamples)

        let sorted = values.sorted()
        var distinct: [Double] = []
        var counts: [Int] = []
        for v in sorted {
            if let last = distinct.last, last == v {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(v)
                counts.append(1)
            }
        }

        if distinct.count * 64 <= n {
            for r in 0..<resamples {
                var g = SeededGenerator(seed: seeds[r])
                var remainingDraws = n
                var remainingItems = n
                var sum = 0.0
                for j in distinct.indices {
                    let c = draws(landingIn: counts[j], remainingDraws: &remainingDraws, remainingItems: &remainingItems, using: &g)
                    sum += Double(c) * distinct[j]
                }
                stats[r] = sum / Double(n)
            }
        } else {
            let chunks = n * resamples >= 1 << 20 ? min(resamples, 64) : 1
            values.withUnsafeBufferPointer { source in
                stats.withUnsafeMutableBufferPointer { out in
                    // The workers only read `src` and write disjoint slots of `base`, and
                    // `concurrentPerform` returns only after every worker has finished.
                    nonisolated(unsafe) let src = source
                    nonisolated(unsafe) let base = out.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = resamples * chunk / chunks
                        let end = resamples * (chunk + 1) / chunks
                        for r in start..<end {
                            var g = SeededGenerator(seed: seeds[r])
                            (base + r).pointee = resampledSum(src, using: &g) / Double(n)
                        }
                    }
                }
            }
        }
        return summarize(estimate: mean(values), stats: &stats, confidence: confidence)
    }

    /// Values per block of ``bootstrapMean(values:resamples:seed:confidence:)``'s blocked index resampling: 64 KiB
    /// of `Double`s, which stays in a core's L2 cache while its draws land. In a standalone loop of the same draws on
    /// the 2-core AMD machine (100,000 values, 10,000 resamples), blocks of 32-128 KiB were equally fast, 256 and
    /// 512 KiB 10-25% slower, and no blocks (draws across all 800 KB) over twice as slow.
    public static let resampleBlock = 8192

    /// The sum of one resample: `source.count` draws with replacement from `source`.
    ///
    /// Up to ``resampleBlock`` values the draws are `indexPair`'s over the whole buffer, in the order
    /// ``bootstrap(values:resamples:seed:confidence:statistic:)`` makes them; above it, block by block, the share of
    /// the draws that lands in the block (the multinomial split, one binomial at a time), then that many uniform
    /// draws inside it.
    static func resampledSum(_ source: UnsafeBufferPointer<Double>, using g: inout SeededGenerator) -> Double {
        let n = source.count
        var remainingDraws = n
        var remainingItems = n
        var sum = 0.0
        var offset = 0
        while offset < n {
            let size = min(resampleBlock, n - offset)
            // One block (n up to resampleBlock) is the last category: all n draws, the generator untouched.
            let c = draws(landingIn: size, remainingDraws: &remainingDraws, remainingItems: &remainingItems, using: &g)
            sum += uniformDrawSum(source.baseAddress! + offset, count: size, draws: c, using: &g)
            offset += size
        }
        return sum
    }

    /// One step of a multinomial draw as a chain of binomials: of `remainingDraws` uniform draws over
    /// `remainingItems` items, how many land in the next `size` of them; both remainders are updated. The last
    /// category (`size == remainingItems`) takes every remaining draw without using the generator.
    @inline(__always)
    static func draws(landingIn size: Int, remainingDraws: inout Int, remainingItems: inout Int,
                      using g: inout SeededGenerator) -> Int {
        let c = binomial(trials: remainingDraws, p: Double(size) / Double(remainingItems), using: &g)
        remainingDraws -= c
        remainingItems -= size
        return c
    }

    /// The sum of `draws` uniform draws with replacement from the `count` values at `values`.
    @inline(__always)
    static func uniformDrawSum(_ values: UnsafePointer<Double>, count: Int, draws: Int,
                               using g: inout SeededGenerator) -> Double {
        // Four accumulators break the floating-point add dependency chain.
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= draws {
            let (a, b) = indexPair(&g, count)
            let (c, d) = indexPair(&g, count)
            s0 += values[a]
            s1 += values[b]
            s2 += values[c]
            s3 += values[d]
            i += 4
        }
        while i + 2 <= draws {
            let (a, b) = indexPair(&g, count)
            s0 += values[a]
            s1 += values[b]
            i += 2
        }
        if i < draws { s0 += values[indexPair(&g, count).0] }
        return (s0 + s1) + (s2 + s3)
    }

    /// One generator seed per resample, drawn from a master generator.
    static func resampleSeeds(seed: UInt64, count: Int) -> [UInt64] {
        var master = SeededGenerator(seed: seed)
        return (0..<count).map { _ in master.next() }
    }

    /// Two uniform indices in `0..<n` from one 64-bit draw (multiply-high on each 32-bit half).
    ///
    /// Each index has probability within a factor `1 ± n / 2^32` of `1 / n`, far below bootstrap noise.
    /// Falls back to one draw per index when `n` does not fit in 32 bits.
    @inline(__always)
    static func indexPair(_ g: inout SeededGenerator, _ n: Int) -> (Int, Int) {
        let bound = UInt64(n)
        if n <= Int(UInt32.max) {
            let x = g.next()
            return (Int(truncatingIfNeeded: ((x & 0xffff_ffff) &* bound) >> 32),
                    Int(truncatingIfNeeded: ((x >> 32) &* bound) >> 32))
        }
        return (Int(truncatingIfNeeded: g.next().multipliedFullWidth(by: bound).high),
                Int(truncatingIfNeeded: g.next().multipliedFullWidth(by: bound).high))
    }

    /// A draw from Binomial(`trials`, `p`) by inversion, searching outward from the mode.
    ///
    /// Exact up to floating-point rounding; expected work grows with the standard deviation, not with `trials`.
    static func binomial(trials n: Int, p: Double, using g: inout SeededGenerator) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(trials: n, p: 1 - p, using: &g) }
        let q = 1 - p
        let ratio = p / q
        let mode = min(n, Int((Double(n + 1) * p).rounded(.down)))
        let logPMF = logFactorial(n) - logFactorial(mode) - logFactorial(n - mode)
            + Double(mode) * log(p) + Double(n - mode) * log1p(-p)
        let pmfMode = exp(logPMF)
        var u = g.nextUnit()
        if u < pmfMode { return mode }
        u -= pmfMode
        var low = mode, high = mode
        var pLow = pmfMode, pHigh = pmfMode
        while true {
            var moved = false
            if high < n {
                pHigh *= Double(n - high) / Double(high + 1) * ratio
                high += 1
                moved = true
                if u < pHigh { return high }
                u -= pHigh
            }
            if low > 0 {
                pLow *= Double(low) / Double(n - low + 1) / ratio
                low -= 1
                moved = true
                if u < pLow { return low }
                u -= pLow
            }
            // Out of support or out of representable mass: the leftover `u` is rounding error.
            if !moved || (pHigh == 0 && pLow == 0) { return mode }
        }
    }

    /// Small factorials' logarithms, exact sums.
    private static let logFactorialTable: [Double] = {
        var table = [0.0]
        var sum = 0.0
        for k in 1..<128 {
            sum += log(Double(k))
            table.append(sum)
        }
        return table
    }()

    /// `log(k!)`: a table below 128, Stirling's series (error below 1e-17 relative) above.
    static func logFactorial(_ k: Int) -> Double {
        if k < logFactorialTable.count { return logFactorialTable[k] }
        let x = Double(k)
        let inv = 1 / x
        let inv2 = inv * inv
        return x * log(x) - x + 0.5 * log(2 * Double.pi * x)
            + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260))
    }

    /// Standard deviation and percentile interval of resampled statistics (sorts `stats`).
    static func summarize(estimate: Double, stats: inout [Double], confidence: Double) -> (estimate: Double, stderr: Double, low: Double, high: Double) {
        let se = variance(stats).squareRoot()
        stats.sort()
        let tail = (1 - confidence) / 2
        return (estimate, se, quantile(sorted: stats, tail), quantile(sorted: stats, 1 - tail))
    }

    /// The `q` quantile of sorted values, interpolating linearly between order statistics.
    package static func quantile(sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
