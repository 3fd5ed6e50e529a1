import AssayCore
import Foundation
import Testing

@testable import AssayAnalysis

@Suite struct LadderTests {
    @Test func emergenceArithmeticReproducesTheVectors() {
        #expect(abs(Emergence.exactMatch(perTokenProbability: 0.9, length: 10) - 0.3487) < 5e-5)
        // Per-token loss (N/1e7)^-0.5 and L = 5: 0.2057, 0.6065, 0.8538 at N = 1e8, 1e9, 1e10.
        let expected = [0.2057, 0.6065, 0.8538]
        for (n, value) in zip([1e8, 1e9, 1e10], expected) {
            let p = Emergence.perTokenProbability(loss: pow(n / 1e7, -0.5))
            #expect(abs(Emergence.exactMatch(perTokenProbability: p, length: 5) - value) < 5e-5)
        }
        #expect(abs(Emergence.tokenEditDistance(perTokenProbability: 0.9, length: 10) - 1) < 1e-12)
    }

    @Test func sharpnessIsTheShareOfTheLargestStep() {
        let even = (0..<5).map { CurvePoint(axis: Double($0), value: Double($0) * 0.2, n: 0) }
        #expect(abs(Emergence.sharpness(even) - 0.25) < 1e-12)
        let jump = [0.0, 0.01, 0.02, 0.9, 0.91].enumerated().map { CurvePoint(axis: Double($0.offset), value: $0.element, n: 0) }
        #expect(Emergence.sharpness(jump) > 0.9)
    }

    /// A scale ladder where per-token probability rises evenly in log-size and exact match over 5 tokens is p^5.
    static func ladder(perToken: [Double], length: Int = 5, n: Int = 2000) -> [SeriesPoint] {
        perToken.enumerated().flatMap { i, p -> [SeriesPoint] in
            let axis = pow(10, 6 + Double(i))
            return [SeriesPoint(series: "s", axis: axis, metric: "exact_match/accuracy", value: pow(p, Double(length)), n: n),
                    SeriesPoint(series: "s", axis: axis, metric: "token/probability", value: p, n: n),
                    SeriesPoint(series: "s", axis: axis, metric: "target/length", value: Double(length), n: n)]
        }
    }

    @Test func aJumpThatPToTheLPredictsIsAnArtifact() throws {
        let verdicts = Ladder.verdicts(Self.ladder(perToken: [0.1, 0.3, 0.5, 0.7, 0.9, 0.99], length: 10))
        let v = try #require(verdicts.first { $0.continuous == "token/probability" })
        #expect(v.verdict == .artifact, "\(v.evidence)")
        #expect(v.consistent == true)
        #expect(v.discreteSharpness > v.continuousSharpness)
    }

    @Test func aJumpInBothIsATransitionAndAnEvenRiseIsSmooth() throws {
        let transition = Ladder.verdicts(Self.ladder(perToken: [0.2, 0.21, 0.22, 0.95, 0.96]))
        #expect(transition.first?.verdict == .transition, "\(transition.first?.evidence ?? "")")
        var smooth: [SeriesPoint] = []
        for i in 0..<6 {
            let axis = Double(i + 1), step = 0.1 * Double(i)
            smooth.append(SeriesPoint(series: "s", axis: axis, metric: "multiple_choice/accuracy", value: 0.3 + step, n: 2000))
            smooth.append(SeriesPoint(series: "s", axis: axis, metric: "brier/mean", value: 0.8 - step, n: 2000))
        }
        let v = try #require(Ladder.verdicts(smooth).first)
        #expect(v.verdict == .smooth && v.continuous == "brier/mean" && v.predicted == nil)
        // A jump the per-token measure does not explain.
        var odd = Self.ladder(perToken: [0.5, 0.55, 0.6, 0.65, 0.7])
        for i in odd.indices where odd[i].metric == "exact_match/accuracy" && odd[i].axis >= 1e9 { odd[i].value = odd[i].axis == 1e9 ? 0.85 : 0.9 }
        #expect(Ladder.verdicts(odd).first?.verdict == .undetermined)
    }

    @Test func forecastRecoversTheCrossingOfAKnownLogisticAndBacktests() throws {
        // True curve: sigmoid(2 (log10 N - 9)), observed with n = 1000 per point; 0.5 is crossed at N = 1e9.
        var g = SeededGenerator(seed: 5)
        let curve = stride(from: 6.0, through: 11.0, by: 0.5).map { x -> CurvePoint in
            let p = 1 / (1 + exp(-2 * (x - 9)))
            return CurvePoint(axis: pow(10, x), value: Forecast.binomial(&g, n: 1000, p: p), n: 1000)
        }
        let r = Forecast.fit(curve, threshold: 0.5, bootstrap: 300, backtest: 0.6)
        #expect(r.scale == "log10")
        let crossing = try #require(r.crossing)
        #expect(abs(log10(crossing) - 9) < 0.1, "crossing \(crossing)")
        let low = try #require(r.crossingLow), high = try #require(r.crossingHigh)
        #expect(low < crossing && crossing < high && low < 1e9 && 1e9 < high)
        let backtest = try #require(r.backtest)
        #expect(backtest.fittedPoints == 6 && backtest.heldOutPoints == 5)
        #expect(abs(backtest.crossingError ?? 9) < 0.3)
        #expect(backtest.meanAbsoluteError < 0.1)
    }

    @Test func aFallingOrFlatCurveDoesNotCross() {
        let flat = (1...5).map { CurvePoint(axis: Double($0), value: 0.2, n: 100) }
        let r = Forecast.fit(flat, threshold: 0.9, bootstrap: 50)
        #expect(r.crossing == nil || r.extrapolated)
        #expect(Forecast.fit(flat.prefix(2).map { $0 }, threshold: 0.5).note == "needs at least 3 points")
    }
}

@Suite struct ChangePointTests {
    static func normal(_ g: inout SeededGenerator) -> Double {
        let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A synthetic grokking run: train accuracy saturates by step 1,000; test accuracy jumps around step 6,000; the
    /// log-probability of the answer starts to climb at step 4,000.
    static func grokking(seed: UInt64) -> [SeriesPoint] {
        var g = SeededGenerator(seed: seed)
        var points: [SeriesPoint] = []
        for step in stride(from: 0.0, through: 10_000, by: 100) {
            let train = min(1, step / 1000)
            let test = min(1, max(0, 0.05 + 0.9 / (1 + exp(-(step - 6000) / 150)) + 0.01 * normal(&g)))
            let logprob = -4 + 3.5 / (1 + exp(-(step - 5000) / 500))
            points += [SeriesPoint(series: "g", axis: step, metric: "train/accuracy", value: train, n: 1000),
                       SeriesPoint(series: "g", axis: step, metric: "test/accuracy", value: test, n: 1000),
                       SeriesPoint(series: "g", axis: step, metric: "test/logprob", value: logprob, n: 1000)]
        }
        return points
    }

    @Test func findsTheGeneralizationOnsetNearTheHalfCrossing() throws {
        let report = try #require(GrokkingReport.analyze(Self.grokking(seed: 3)))
        let onset = try #require(report.onset)
        let half = try #require(report.testCrossesHalf)
        #expect(abs(onset.axis - half) <= 0.05 * report.runLength, "onset \(onset.axis), half \(half)")
        #expect(onset.windowStart < onset.axis && onset.axis <= onset.windowEnd)
        #expect(report.trainSaturated == 1000)
        #expect(report.grokking)
        #expect((report.memorizationPhase ?? 0) > 4000)
        #expect(report.continuousMetric == "test/logprob")
        #expect((report.lead ?? 0) > 0, "the log-probability moved first")
        // Exactly one abrupt change in test accuracy.
        #expect(ChangePoints.detect(SeriesBuilder.curve(Self.grokking(seed: 3), metric: "test/accuracy")).count == 1)
    }

    @Test func smoothCurvesHaveNoChangePoint() {
        var g = SeededGenerator(seed: 8)
        let saturating = stride(from: 0.0, through: 10_000, by: 100).map { step in
            CurvePoint(axis: step, value: 1 - exp(-step / 3000) + 0.01 * Self.normal(&g), n: 1000)
        }
        #expect(ChangePoints.detect(saturating).isEmpty)
        let ramp = (0..<80).map { CurvePoint(axis: Double($0), value: Double($0) / 80 + 0.005 * Self.normal(&g), n: 0) }
        #expect(ChangePoints.detect(ramp).isEmpty)
        let flat = (0..<50).map { CurvePoint(axis: Double($0), value: 0.5 + 0.01 * Self.normal(&g), n: 0) }
        #expect(ChangePoints.detect(flat).isEmpty)
        #expect((ChangePoints.cusum(flat)?.statistic ?? 9) < 1.36)
    }

    @Test func cusumLocatesASingleShift() throws {
        let curve = (0..<40).map { CurvePoint(axis: Double($0), value: $0 < 25 ? 0.2 : 0.7, n: 0) }
        let c = try #require(ChangePoints.cusum(curve))
        #expect(c.axis == 25)
        let detected = ChangePoints.detect(curve)
        #expect(detected.count == 1 && detected[0].axis == 25 && abs(detected[0].jump - 0.5) < 1e-12)
    }
}

@Suite struct OverallVerdictTests {
    @Test func theCompanionThatPredictsTheMetricDecides() throws {
        // Exact match over 6 digits is per-digit accuracy^6; the mean probability of the right digit is lower (argmax
        // decoding) and its log-probability jumps: only per-digit accuracy reproduces exact match.
        var points: [SeriesPoint] = []
        for (i, p) in [0.3, 0.45, 0.6, 0.75, 0.9, 0.97].enumerated() {
            let axis = pow(10, 4 + Double(i))
            points += [SeriesPoint(series: "s", axis: axis, metric: "exact_match/accuracy", value: pow(p, 6), n: 2000),
                       SeriesPoint(series: "s", axis: axis, metric: "digit_accuracy/mean", value: p, n: 2000),
                       SeriesPoint(series: "s", axis: axis, metric: "token/probability", value: p * 0.8, n: 2000),
                       SeriesPoint(series: "s", axis: axis, metric: "target/length", value: 6, n: 2000)]
        }
        let pairs = Ladder.verdicts(points)
        #expect(Set(pairs.map(\.continuous)) == ["digit_accuracy/mean", "token/probability"])
        #expect(pairs.first { $0.continuous == "token/probability" }?.verdict == .undetermined)
        let overall = try #require(Ladder.overall(pairs).first)
        #expect(overall.discrete == "exact_match/accuracy")
        #expect(overall.verdict == .artifact && overall.decidedBy == "digit_accuracy/mean", "\(overall)")
        // Without a consistent prediction, disagreeing pairs give undetermined.
        let disagreeing = Ladder.overall(pairs.filter { $0.continuous == "token/probability" } + [LadderVerdict(
            discrete: "exact_match/accuracy", continuous: "brier/mean", discreteCurve: [], continuousCurve: [], predicted: nil,
            discreteSharpness: .nan, continuousSharpness: .nan, consistent: nil, predictionError: nil, verdict: .smooth, evidence: "")])
        #expect(disagreeing.first?.verdict == .undetermined)
    }
}
