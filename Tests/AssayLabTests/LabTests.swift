import AssayCore
import Testing

@testable import AssayLab

@Suite struct MLPTests {
    /// The summed cross-entropy of the MLP's heads, in Double, for finite differences.
    private func loss(_ model: MLP, _ examples: LabExamples) -> Double { model.lossAndGradient(examples).loss }

    @Test(arguments: [Activation.relu, .square])
    func analyticGradientsMatchFiniteDifferences(activation: Activation) {
        var generator = SeededGenerator(seed: 7)
        let shape = MLPShape(vocabulary: 5, slots: 2, embedding: 3, hidden: 6, heads: 2, classes: 4, activation: activation)
        var model = MLP(shape: shape, generator: &generator)
        if activation == .relu {
            // Keep every pre-activation far from the kink (half the units always on, half always off), so a finite
            // difference never crosses it and every gradient must match, the masked ones included.
            for j in 0..<shape.hidden { model.parameters[shape.b1Offset + j] = j.isMultiple(of: 2) ? 5 : -5 }
        }
        let examples = LabExamples(slots: 2, heads: 2, tokens: [0, 1, 2, 3, 4, 4, 1, 0], targets: [1, 3, 0, 2, 3, 3, 2, 1])
        let (_, gradient) = model.lossAndGradient(examples)
        #expect(gradient.count == shape.parameterCount)
        #expect(gradient.contains { $0 != 0 })
        var errors: [Double] = []
        for i in 0..<shape.parameterCount {
            let h: Float = 1e-2
            var plus = model, minus = model
            plus.parameters[i] += h
            minus.parameters[i] -= h
            let numeric = (loss(plus, examples) - loss(minus, examples)) / Double(2 * h)
            errors.append(abs(numeric - Double(gradient[i])) / max(1e-2, abs(numeric) + abs(Double(gradient[i]))))
        }
        #expect(errors.allSatisfy { $0 < 0.02 }, "largest relative gradient error \(errors.max() ?? 0)")
    }

    @Test func aBatchSplitOverTwoThreadsEqualsItsHalvesCombined() {
        var generator = SeededGenerator(seed: 11)
        let model = MLP(shape: MLPShape(vocabulary: 10, slots: 4, embedding: 4, hidden: 16, heads: 3, classes: 10), generator: &generator)
        let examples = Addition.examples(digits: 2, count: 600, generator: &generator)
        let whole = model.lossAndGradient(examples)
        let first = model.lossAndGradient(examples.subset(0..<300)), second = model.lossAndGradient(examples.subset(300..<600))
        #expect(abs(whole.loss - (first.loss + second.loss) / 2) < 1e-9)
        let worst = zip(whole.gradient, zip(first.gradient, second.gradient)).map { abs(Double($0) - Double($1.0 + $1.1) / 2) }.max() ?? 1
        #expect(worst < 1e-5)
        #expect(whole.gradient.contains { $0 != 0 })
    }

    @Test func predictionsGiveLogProbabilitiesThatSumToTheLoss() {
        var generator = SeededGenerator(seed: 3)
        let model = MLP(shape: MLPShape(vocabulary: 4, slots: 2, embedding: 2, hidden: 5, heads: 1, classes: 4), generator: &generator)
        let examples = LabExamples(slots: 2, heads: 1, tokens: [0, 1, 2, 3, 3, 3], targets: [1, 1, 2])
        let predictions = model.predict(examples)
        let meanLogProbability = predictions.targetLogProbability.reduce(0, +) / 3
        #expect(abs(-meanLogProbability - model.lossAndGradient(examples).loss) < 1e-5)
        #expect(predictions.targetLogProbability.allSatisfy { $0 < 0 })
    }
}

@Suite struct AdamWTests {
    @Test func oneStepMatchesHandComputedValues() {
        // Step 1: m̂ = g, v̂ = g², so the Adam step is lr·g/(|g|+ε) ≈ lr·sign(g); decay first multiplies by (1 − lr·λ).
        var optimiser = AdamW(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5)
        var parameters: [Float] = [1.0, -2.0, 0.0]
        optimiser.update(&parameters, gradient: [0.5, -0.25, 0])
        #expect(abs(parameters[0] - (1.0 * 0.95 - 0.1)) < 1e-6)
        #expect(abs(parameters[1] - (-2.0 * 0.95 + 0.1)) < 1e-6)
        #expect(parameters[2] == 0)
        // Step 2 with gradient 1 on the first parameter: m = 0.9·0.05 + 0.1 = 0.145 (÷0.19), v = 0.999·0.000250 + 0.001 (÷0.001999).
        optimiser.update(&parameters, gradient: [1, 0, 0])
        let m = (0.9 * 0.05 + 0.1) / (1 - 0.81)
        let v = (0.999 * 0.00025 + 0.001) / (1 - 0.999 * 0.999)
        let expected = (0.85) * 0.95 - 0.1 * m / (v.squareRoot() + 1e-8)
        #expect(abs(Double(parameters[0]) - expected) < 1e-5)
    }

    @Test func weightDecayAloneShrinksParametersGeometrically() {
        var optimiser = AdamW(learningRate: 0.01, weightDecay: 2)
        var parameters: [Float] = [3]
        for _ in 0..<10 { optimiser.update(&parameters, gradient: [0]) }
        #expect(abs(Double(parameters[0]) - 3 * power(0.98, 10)) < 1e-5)
    }

    private func power(_ x: Double, _ k: Int) -> Double { (0..<k).reduce(1) { r, _ in r * x } }
}

@Suite struct LabTaskTests {
    @Test func tinyGrokkingConfigurationTrainsDeterministically() {
        let config = GrokkingConfig(prime: 11, trainFraction: 0.6, steps: 120, every: 40, learningRate: 1e-2, weightDecay: 0.1,
                                    embedding: 8, hidden: 32)
        let log = Grokking.run(config)
        #expect(log.map(\.step) == [0, 40, 80, 120])
        let first = log[0], last = log[log.count - 1]
        #expect(last.trainLoss < first.trainLoss / 2)
        #expect(last.trainAccuracy > first.trainAccuracy + 0.5)
        #expect(Grokking.run(config) == log)
        #expect(first.trainCount == 73 && first.testCount == 48)
    }

    @Test func grokkingSeriesPointsUseTheDocumentedNames() {
        let config = GrokkingConfig(prime: 7, trainFraction: 0.5, steps: 4, every: 2, embedding: 4, hidden: 8)
        let points = Grokking.points(Grokking.run(config), series: "g")
        let metrics = ["train/accuracy", "test/accuracy", "train/loss", "test/loss", "test/logprob", "weight/norm"]
        #expect(Set(points.map(\.metric)) == Set(metrics))
        #expect(Set(points.map(\.axis)) == [0, 2, 4])
        #expect(points.allSatisfy { $0.series == "g" })
        let train = 25, test = 24
        #expect(points.filter { $0.metric.hasPrefix("train/") }.allSatisfy { $0.n == train })
        #expect(points.filter { $0.metric.hasPrefix("test/") }.allSatisfy { $0.n == test })
        for point in points where point.metric.hasSuffix("/accuracy") {
            #expect(abs(point.stderr! - (point.value * (1 - point.value) / Double(point.n)).squareRoot()) < 1e-12)
        }
        let logprob = points.first { $0.metric == "test/logprob" && $0.axis == 4 }!.value
        let loss = points.first { $0.metric == "test/loss" && $0.axis == 4 }!.value
        #expect(abs(logprob + loss) < 1e-9)
    }

    @Test func additionDigitsAndTargetsAreRight() {
        #expect(Addition.digitsOf(907, count: 4) == [0, 9, 0, 7])
        var generator = SeededGenerator(seed: 1)
        let examples = Addition.examples(digits: 3, count: 50, generator: &generator)
        #expect(examples.count == 50)
        for i in 0..<50 {
            let t = examples.tokens[(i * 6)..<(i * 6 + 6)].map(Int.init)
            let a = t[0] * 100 + t[1] * 10 + t[2], b = t[3] * 100 + t[4] * 10 + t[5]
            let s = examples.targets[(i * 4)..<(i * 4 + 4)].map(Int.init).reduce(0) { $0 * 10 + $1 }
            #expect(s == a + b)
        }
    }

    @Test func tinyAdditionLadderImprovesWithWidthAndWritesTheDocumentedSeries() async {
        let config = AdditionConfig(digits: 2, widths: [2, 48], steps: 300, batchSize: 64, testSize: 300, learningRate: 1e-2)
        let results = await Addition.run(config)
        #expect(results.map(\.width) == [2, 48])
        #expect(results[1].metrics.headAccuracy > results[0].metrics.headAccuracy + 0.1)
        #expect(results[1].metrics.targetLogProbability > results[0].metrics.targetLogProbability)
        let again = await Addition.run(config)
        #expect(again == results)
        let points = Addition.points(results, series: "a")
        #expect(Set(points.map(\.metric)) == ["exact_match/accuracy", "digit_accuracy/mean", "token/probability", "target/logprob",
                                              "target/length"])
        #expect(Set(points.map(\.axis)) == Set(results.map { Double($0.parameterCount) }))
        #expect(points.first { $0.metric == "target/length" }?.value == 3)
        #expect(points.first { $0.metric == "exact_match/accuracy" }?.n == 300)
        #expect(points.first { $0.metric == "digit_accuracy/mean" }?.n == 900)
        // parameter count: embeddings 10·e, W1 (2·digits·e)·w + w, W2 w·30 + 30
        #expect(results[0].parameterCount == 10 * 8 + 32 * 2 + 2 + 2 * 30 + 30)
    }

    @Test func exactMatchNeedsEveryHead() {
        let predictions = LabPredictions(heads: 2, correct: [true, true, true, false, false, false],
                                         targetLogProbability: [0, 0, 0, -1, -2, -2])
        let metrics = LabMetrics(predictions)
        #expect(metrics.exactMatch == 1.0 / 3)
        #expect(abs(metrics.headAccuracy - 0.5) < 1e-12)
        #expect(abs(metrics.targetLogProbability - (-5.0 / 3)) < 1e-12)
    }
}
