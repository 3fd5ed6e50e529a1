import Foundation
import Testing
@testable import AssayCore

@Suite("Statistics")
struct StatisticsTests {
    @Test func meanVarianceAndStandardError() {
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(values) == 5)
        #expect(abs(Statistics.variance(values) - 32.0 / 7) < 1e-12)
        // sqrt(sum (s - mean)^2 / (n (n - 1))) = sqrt(32 / 56)
        #expect(abs(Statistics.standardError(values) - (32.0 / 56).squareRoot()) < 1e-12)
        #expect(Statistics.mean([]).isNaN)
        #expect(Statistics.variance([3]) == 0)
        #expect(Statistics.standardError([3]) == 0)
    }

    @Test func bernoulliStandardError() {
        #expect(abs(Statistics.bernoulliStandardError(p: 0.5, n: 100) - 0.05) < 1e-12)
        #expect(Statistics.bernoulliStandardError(p: 0, n: 10) == 0)
        #expect(Statistics.bernoulliStandardError(p: 0.5, n: 0) == 0)
    }

    @Test func clusteredStandardErrorMatchesDesignVector() {
        let scores = [1.0, 1, 1, 0, 0, 0]
        let clusters = [0, 1, 1, 1, 0, 0]
        let se = Statistics.clusteredStandardError(values: scores, clusters: clusters)
        #expect((se * 10_000).rounded() / 10_000 == 0.1179)

        // The variant with the small-sample factor C / (C - 1), which Assay does not apply.
        let c = Double(Set(clusters).count)
        let corrected = (se * se * c / (c - 1)).squareRoot()
        #expect((corrected * 10_000).rounded() / 10_000 == 0.1667)
    }

    @Test func clusteredEqualsPlainWithSingletonClustersUpToFactor() {
        // With every item its own cluster the clustered SE is sqrt(sum r^2) / n = SE * sqrt((n - 1) / n).
        let values = [0.2, 0.9, 0.4, 0.7, 0.1]
        let n = Double(values.count)
        let clustered = Statistics.clusteredStandardError(values: values, clusters: Array(0..<5))
        #expect(abs(clustered - Statistics.standardError(values) * ((n - 1) / n).squareRoot()) < 1e-12)
    }

    @Test func normalQuantileAndCDF() {
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959964) < 5e-7)
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(Statistics.normalQuantile(0.8) - 0.8416212335729143) < 1e-12)
        #expect(Statistics.normalQuantile(0.5) == 0)
        #expect(abs(Statistics.normalQuantile(0.001) + 3.090232306167813) < 1e-10)
        #expect(abs(Statistics.normalQuantile(1e-10) + 6.361340902404056) < 1e-9)
        #expect(abs(Statistics.normalQuantile(1 - 1e-10) - 6.361340889697422) < 1e-4)  // 1 - 1e-10 is itself rounded
        #expect(Statistics.normalQuantile(0) == -.infinity)
        #expect(Statistics.normalQuantile(1) == .infinity)
        #expect(abs(Statistics.normalCDF(1.959963984540054) - 0.975) < 1e-15)
        for p in stride(from: 0.0005, to: 1, by: 0.0137) {
            #expect(abs(Statistics.normalCDF(Statistics.normalQuantile(p)) - p) < 1e-12 * max(1, p / (1 - p)))
        }
    }

    @Test func requiredSampleSizeMatchesDesign() {
        let z = Statistics.normalQuantile(0.975) + Statistics.normalQuantile(0.8)
        #expect(((z * z) * 1000).rounded() / 1000 == 7.849)
        let rounded: Double = 1.96 + 0.8416
        #expect(((rounded * rounded) * 1000).rounded() / 1000 == 7.849)
        #expect(Statistics.requiredSampleSize(omegaSquared: 0.1161, delta: 0.03) == 1013)
        #expect(Statistics.requiredSampleSize(omegaSquared: 0.1161, delta: 0.03, alpha: 0.05, power: 0.8) == 1013)
    }

    @Test func zeroFailureUpperBoundIsAboutThreeOverN() {
        for n in [100, 300, 1000, 10_000] {
            let bound = Statistics.zeroFailureUpperBound(n: n)
            #expect(bound == 1 - pow(0.05, 1 / Double(n)))
            // -ln(0.05) = 2.996, so the bound is within 2% of 3/n from n = 100 on.
            #expect(abs(bound - 3 / Double(n)) / (3 / Double(n)) < 0.02)
        }
        #expect(Statistics.zeroFailureUpperBound(n: 0) == 1)
    }

    @Test func emergenceArithmetic() {
        // Per-token correctness 0.9 over 10 tokens: exact match 0.9^10, expected token edit distance 10 * 0.1.
        #expect((pow(0.9, 10) * 10_000).rounded() / 10_000 == 0.3487)
    }

    @Test func wilsonInterval() {
        let zero = Statistics.wilsonInterval(successes: 0, n: 10)
        #expect(zero.low == 0)
        #expect(abs(zero.high - 0.2775) < 5e-5)
        let all = Statistics.wilsonInterval(successes: 10, n: 10)
        #expect(all.high == 1)
        #expect(abs(all.low - 0.7225) < 5e-5)
        let half = Statistics.wilsonInterval(successes: 50, n: 100)
        #expect(abs(half.low - 0.4038) < 5e-5)
        #expect(abs(half.high - 0.5962) < 5e-5)
        #expect(Statistics.wilsonInterval(successes: 0, n: 0) == (0, 1))
    }

    @Test func bootstrapIsReproducibleAndCoversTheMean() {
        var g = SeededGenerator(seed: 11)
        let values = (0..<500).map { _ in g.nextUnit() * 3 }
        let a = Statistics.bootstrap(values: values, resamples: 1000, seed: 42, statistic: Statistics.mean)
        let b = Statistics.bootstrap(values: values, resamples: 1000, seed: 42, statistic: Statistics.mean)
        let c = Statistics.bootstrap(values: values, resamples: 1000, seed: 43, statistic: Statistics.mean)
        #expect(a == b)
        #expect(a != c)
        let m = Statistics.mean(values)
        #expect(a.estimate == m)
        #expect(a.low < m && m < a.high)
        // The bootstrap SE of a mean is close to the analytic SE.
        #expect(abs(a.stderr / Statistics.standardError(values) - 1) < 0.1)
    }

    @Test func bootstrapMedian() {
        let values = (1...101).map(Double.init)
        let r = Statistics.bootstrap(values: values, resamples: 500, seed: 1) { sample in
            let s = sample.sorted()
            return s[s.count / 2]
        }
        #expect(r.estimate == 51)
        #expect(r.low <= 51 && 51 <= r.high)
        #expect(r.high - r.low < 40)
    }

    @Test func bootstrapMeanAgreesWithGenericBootstrap() {
        var g = SeededGenerator(seed: 5)
        let continuous = (0..<301).map { _ in g.nextUnit() }
        let generic = Statistics.bootstrap(values: continuous, resamples: 400, seed: 9, statistic: Statistics.mean)
        let fast = Statistics.bootstrapMean(values: continuous, resamples: 400, seed: 9)
        // Same resamples, only the order of summation differs.
        #expect(abs(generic.stderr - fast.stderr) < 1e-12)
        #expect(abs(generic.low - fast.low) < 1e-12)
        #expect(abs(generic.high - fast.high) < 1e-12)
    }

    @Test func blockedBootstrapMeanMatchesTheDistributionOfUniformResamples() {
        // Above `resampleBlock` values the draws are split over blocks first; the resamples must still be n uniform
        // draws over all values: the right standard error, centred on the mean, and no block over- or under-drawn.
        // Kept small: a synchronous test this heavy holds one of the two cooperative threads the other tests share.
        let n = 2 * Statistics.resampleBlock + 1234
        var g = SeededGenerator(seed: 11)
        let values = (0..<n).map { _ in g.nextUnit() * g.nextUnit() }
        let fast = Statistics.bootstrapMean(values: values, resamples: 2000, seed: 3)
        #expect(fast == Statistics.bootstrapMean(values: values, resamples: 2000, seed: 3))
        let se = Statistics.standardError(values)
        #expect(abs(fast.stderr / se - 1) < 0.07)  // over 4 standard deviations of a 2,000-resample estimate
        #expect(abs((fast.low + fast.high) / 2 - Statistics.mean(values)) < 0.2 * se)

        // Indicator of the last, short block: the resampled mean is then the share of draws that landed there,
        // Binomial(n, p) / n, with p the block's share of the values.
        let lastBlock = 2 * Statistics.resampleBlock
        // Many distinct values so that the index path, not the multinomial shortcut, is taken: add a tiny ramp.
        let ramp = (0..<n).map { ($0 >= lastBlock ? 1.0 : 0.0) + Double($0) * 1e-12 }
        let share = Statistics.bootstrapMean(values: ramp, resamples: 2000, seed: 8)
        let p = Double(n - lastBlock) / Double(n)
        let binomialSE = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(share.stderr / binomialSE - 1) < 0.07)
        #expect(abs((share.low + share.high) / 2 - p) < 0.2 * binomialSE)
    }

    @Test func bootstrapMeanOfBinaryScores() {
        var g = SeededGenerator(seed: 3)
        let values = (0..<5000).map { _ in g.nextUnit() < 0.3 ? 1.0 : 0.0 }
        let p = Statistics.mean(values)
        let r = Statistics.bootstrapMean(values: values, resamples: 2000, seed: 7)
        #expect(r == Statistics.bootstrapMean(values: values, resamples: 2000, seed: 7))
        #expect(r.estimate == p)
        #expect(r.low < p && p < r.high)
        #expect(abs(r.stderr / Statistics.bernoulliStandardError(p: p, n: values.count) - 1) < 0.1)
        let wilson = Statistics.wilsonInterval(successes: p * 5000, n: 5000)
        #expect(abs(r.low - wilson.low) < 0.004)
        #expect(abs(r.high - wilson.high) < 0.004)
    }

    @Test func bootstrapMeanDegenerateInputs() {
        let constant = Statistics.bootstrapMean(values: [0.5, 0.5, 0.5], resamples: 100, seed: 1)
        #expect(constant.estimate == 0.5 && constant.stderr == 0 && constant.low == 0.5 && constant.high == 0.5)
        #expect(Statistics.bootstrapMean(values: [], seed: 1).estimate.isNaN)
    }

    @Test func binomialSamplerMoments() {
        var g = SeededGenerator(seed: 99)
        for (trials, p) in [(10, 0.3), (100_000, 0.3), (1000, 0.001), (50, 0.9)] {
            let draws = (0..<20_000).map { _ in Double(Statistics.binomial(trials: trials, p: p, using: &g)) }
            let mean = Statistics.mean(draws)
            let variance = Statistics.variance(draws)
            let expectedMean = Double(trials) * p
            let expectedVariance = expectedMean * (1 - p)
            #expect(abs(mean - expectedMean) < 5 * (expectedVariance / 20_000).squareRoot())
            #expect(abs(variance / expectedVariance - 1) < 0.05)
            #expect(draws.allSatisfy { $0 >= 0 && $0 <= Double(trials) })
        }
    }

    @Test func logFactorial() {
        #expect(Statistics.logFactorial(0) == 0)
        #expect(abs(Statistics.logFactorial(5) - log(120.0)) < 1e-13)
        var sum = 0.0
        for k in 1...1000 { sum += log(Double(k)) }
        #expect(abs(Statistics.logFactorial(1000) - sum) / sum < 1e-13)
    }
}
