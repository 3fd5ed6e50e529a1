public import AssayCore

/// Settings for multi-digit addition learned by MLPs of several widths (a scale ladder).
///
/// Each model reads the two operands' digits (most significant first, one input slot per digit) and predicts every
/// answer digit with its own head, `digits + 1` heads in all (the first is the carry out).
public struct AdditionConfig: Sendable, Hashable, Codable {
    /// Digits per operand.
    public var digits: Int
    /// Hidden-layer widths, one model each.
    public var widths: [Int]
    public var steps: Int
    /// Fresh random pairs per step (the training stream never repeats a batch).
    public var batchSize: Int
    /// Held-out pairs every model is measured on.
    public var testSize: Int
    public var learningRate: Double
    public var weightDecay: Double
    public var embedding: Int
    public var seed: Int

    public init(digits: Int = 5, widths: [Int] = [4, 8, 16, 32, 64, 128, 256], steps: Int = 1500, batchSize: Int = 128,
                testSize: Int = 2000, learningRate: Double = 3e-3, weightDecay: Double = 0.01, embedding: Int = 8, seed: Int = 0) {
        self.digits = digits
        self.widths = widths
        self.steps = steps
        self.batchSize = batchSize
        self.testSize = testSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.embedding = embedding
        self.seed = seed
    }

    /// Why the settings cannot run, or nil.
    public var problem: String? {
        if digits < 1 || digits > 9 { return "--digits must be between 1 and 9" }
        if widths.isEmpty || widths.contains(where: { $0 < 1 }) { return "--widths must list positive widths" }
        if steps < 1 || batchSize < 1 || testSize < 1 { return "--steps, --batch and --test-size must be at least 1" }
        if !(learningRate > 0) { return "--lr must be positive" }
        if !(weightDecay >= 0) || learningRate * weightDecay >= 1 { return "--weight-decay must be at least 0 and below 1/lr" }
        if embedding < 1 { return "--embedding must be at least 1" }
        return nil
    }

    func shape(width: Int) -> MLPShape {
        MLPShape(vocabulary: 10, slots: 2 * digits, embedding: embedding, hidden: width, heads: digits + 1, classes: 10)
    }
}

/// One rung of the addition ladder: a trained width measured on the held-out pairs.
public struct AdditionResult: Sendable, Hashable, Codable {
    public var width: Int
    public var parameterCount: Int
    public var metrics: LabMetrics
}

/// Multi-digit addition: per-digit accuracy rises smoothly with model size while exact match over all digits (about
/// the product of the per-digit accuracies) jumps, the metric effect of Schaeffer et al. (2023).
public enum Addition {
    /// `count` random pairs of `digits`-digit numbers and their sums, digit by digit.
    public static func examples(digits: Int, count: Int, generator: inout SeededGenerator) -> LabExamples {
        var out = LabExamples(slots: 2 * digits, heads: digits + 1)
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        for _ in 0..<count {
            let a = Int(generator.next() % UInt64(limit)), b = Int(generator.next() % UInt64(limit))
            out.tokens += Self.digitsOf(a, count: digits) + Self.digitsOf(b, count: digits)
            out.targets += Self.digitsOf(a + b, count: digits + 1)
        }
        return out
    }

    /// The `count` lowest decimal digits of `value`, most significant first.
    static func digitsOf(_ value: Int, count: Int) -> [Int32] {
        var v = value
        var out = [Int32](repeating: 0, count: count)
        for i in stride(from: count - 1, through: 0, by: -1) {
            out[i] = Int32(v % 10)
            v /= 10
        }
        return out
    }

    /// Trains one width and measures it on `test`.
    public static func train(width: Int, config: AdditionConfig, test: LabExamples) -> AdditionResult {
        let shape = config.shape(width: width)
        var generator = SeededGenerator(seed: config.seed &* 1_000_003 &+ width)
        var model = MLP(shape: shape, generator: &generator)
        var optimiser = AdamW(learningRate: Float(config.learningRate), weightDecay: Float(config.weightDecay))
        for _ in 0..<config.steps {
            let batch = examples(digits: config.digits, count: config.batchSize, generator: &generator)
            let (_, gradient) = model.lossAndGradient(batch)
            optimiser.update(&model.parameters, gradient: gradient)
        }
        return AdditionResult(width: width, parameterCount: shape.parameterCount, metrics: LabMetrics(model.predict(test)))
    }

    /// The held-out pairs for `config` (the same for every width).
    public static func testSet(_ config: AdditionConfig) -> LabExamples {
        var generator = SeededGenerator(seed: config.seed &+ 0x7e57)
        return examples(digits: config.digits, count: config.testSize, generator: &generator)
    }

    /// Trains every width, two at a time, and returns the results in width order. Each width has its own seed, so
    /// the results do not depend on scheduling.
    public static func run(_ config: AdditionConfig, finished: @escaping @Sendable (AdditionResult) -> Void = { _ in })
        async -> [AdditionResult]
    {
        let test = testSet(config)
        var results: [AdditionResult] = []
        await withTaskGroup(of: AdditionResult.self) { group in
            var pending = config.widths.sorted(by: >)[...]
            func startNext() {
                guard let width = pending.popFirst() else { return }
                group.addTask { train(width: width, config: config, test: test) }
            }
            startNext()
            startNext()
            for await result in group {
                finished(result)
                results.append(result)
                startNext()
            }
        }
        return results.sorted { $0.parameterCount < $1.parameterCount }
    }

    /// The ladder as series points (axis: parameter count), metrics `exact_match/accuracy`, `digit_accuracy/mean`,
    /// `token/probability`, `target/logprob` and `target/length`, each over the held-out pairs.
    public static func points(_ results: [AdditionResult], series: String) -> [SeriesPoint] {
        results.flatMap { r -> [SeriesPoint] in
            let axis = Double(r.parameterCount), m = r.metrics, n = m.count
            return [
                SeriesPoint(series: series, axis: axis, metric: "exact_match/accuracy", value: m.exactMatch, n: n,
                            stderr: LabMetrics.bernoulliStderr(m.exactMatch, n: n)),
                SeriesPoint(series: series, axis: axis, metric: "digit_accuracy/mean", value: m.headAccuracy, n: n * m.heads,
                            stderr: LabMetrics.bernoulliStderr(m.headAccuracy, n: n * m.heads)),
                SeriesPoint(series: series, axis: axis, metric: "token/probability", value: m.tokenProbability, n: n,
                            stderr: m.tokenProbabilityStderr),
                SeriesPoint(series: series, axis: axis, metric: "target/logprob", value: m.targetLogProbability, n: n,
                            stderr: m.targetLogProbabilityStderr),
                SeriesPoint(series: series, axis: axis, metric: "target/length", value: Double(m.heads), n: n),
            ]
        }
    }
}
