public import AssayCore

/// Settings for modular addition `(a + b) mod p` learned by an ``MLP`` with AdamW.
public struct GrokkingConfig: Sendable, Hashable, Codable {
    public var prime: Int
    /// Share of the p² pairs trained on; the rest is the test set.
    public var trainFraction: Double
    public var steps: Int
    /// Checkpoint (evaluate and log) every this many steps.
    public var every: Int
    public var learningRate: Double
    public var weightDecay: Double
    public var embedding: Int
    public var hidden: Int
    public var activation: Activation
    /// Initial weight scale (see ``MLP/init(shape:scale:generator:)``).
    public var initScale: Double
    public var seed: Int

    public init(prime: Int = 47, trainFraction: Double = 0.5, steps: Int = 1500, every: Int = 50, learningRate: Double = 5e-3,
                weightDecay: Double = 1, embedding: Int = 32, hidden: Int = 128, activation: Activation = .relu, initScale: Double = 1,
                seed: Int = 0) {
        self.activation = activation
        self.prime = prime
        self.trainFraction = trainFraction
        self.steps = steps
        self.every = every
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.embedding = embedding
        self.hidden = hidden
        self.initScale = initScale
        self.seed = seed
    }

    /// The default: delayed generalisation (train accuracy saturates long before test accuracy jumps).
    public static let grokking = GrokkingConfig()

    /// The smooth control: 90% of the pairs trained on, so there is no memorisation phase, and a learning rate ten times
    /// smaller, so test accuracy rises gradually over the run instead of jumping (no change point on any curve).
    public static let control = GrokkingConfig(trainFraction: 0.9, steps: 1500, every: 50, learningRate: 5e-4)

    /// Why the settings cannot run, or nil.
    public var problem: String? {
        if prime < 3 { return "--prime must be at least 3" }
        if !(trainFraction > 0 && trainFraction < 1) { return "--train-fraction must be between 0 and 1 (exclusive)" }
        let train = Int((Double(prime * prime) * trainFraction).rounded())
        if train < 1 || train >= prime * prime { return "--train-fraction leaves no training or no test pairs" }
        if steps < 1 { return "--steps must be at least 1" }
        if every < 1 { return "--every must be at least 1" }
        if !(learningRate > 0) { return "--lr must be positive" }
        if !(weightDecay >= 0) || learningRate * weightDecay >= 1 { return "--weight-decay must be at least 0 and below 1/lr" }
        if embedding < 1 || hidden < 1 { return "--embedding and --hidden must be at least 1" }
        if !(initScale > 0) { return "--init-scale must be positive" }
        return nil
    }
}

/// One logged checkpoint of a grokking run.
public struct GrokkingCheckpoint: Sendable, Hashable, Codable {
    public var step: Int
    public var trainAccuracy: Double
    public var testAccuracy: Double
    public var trainLoss: Double
    public var testLoss: Double
    /// Mean log-probability of the correct answer over the test pairs.
    public var testLogProbability: Double
    public var weightNorm: Double
    public var trainCount: Int
    public var testCount: Int
}

/// Modular addition, trained full-batch: the classic setting for grokking (Power et al. 2022).
public enum Grokking {
    /// All p² pairs `(a, b) → (a + b) mod p`, shuffled by `seed`, split into train and test.
    public static func split(prime: Int, trainFraction: Double, seed: Int) -> (train: LabExamples, test: LabExamples) {
        var all = LabExamples(slots: 2, heads: 1)
        for a in 0..<prime {
            for b in 0..<prime {
                all.tokens += [Int32(a), Int32(b)]
                all.targets.append(Int32((a + b) % prime))
            }
        }
        var generator = SeededGenerator(seed: seed &+ 0x5eed)
        let order = Array(0..<all.count).shuffled(using: &generator)
        let cut = Int((Double(all.count) * trainFraction).rounded())
        return (all.subset(order[..<cut]), all.subset(order[cut...]))
    }

    /// Trains per `config`, calling `checkpoint` at step 0, every `config.every` steps and at the last step.
    public static func run(_ config: GrokkingConfig, checkpoint: (GrokkingCheckpoint) -> Void = { _ in }) -> [GrokkingCheckpoint] {
        let (train, test) = split(prime: config.prime, trainFraction: config.trainFraction, seed: config.seed)
        let shape = MLPShape(vocabulary: config.prime, slots: 2, embedding: config.embedding, hidden: config.hidden, heads: 1,
                             classes: config.prime, activation: config.activation)
        var generator = SeededGenerator(seed: config.seed)
        var model = MLP(shape: shape, scale: Float(config.initScale), generator: &generator)
        var optimiser = AdamW(learningRate: Float(config.learningRate), weightDecay: Float(config.weightDecay))
        var log: [GrokkingCheckpoint] = []
        func record(step: Int, trainLoss: Double?) {
            let trainMetrics = LabMetrics(model.predict(train))
            let testMetrics = LabMetrics(model.predict(test))
            let point = GrokkingCheckpoint(
                step: step, trainAccuracy: trainMetrics.exactMatch, testAccuracy: testMetrics.exactMatch,
                trainLoss: trainLoss ?? -trainMetrics.targetLogProbability, testLoss: -testMetrics.targetLogProbability,
                testLogProbability: testMetrics.targetLogProbability, weightNorm: model.weightNorm,
                trainCount: train.count, testCount: test.count)
            log.append(point)
            checkpoint(point)
        }
        record(step: 0, trainLoss: nil)
        for step in 1...config.steps {
            let (_, gradient) = model.lossAndGradient(train)
            optimiser.update(&model.parameters, gradient: gradient)
            if step % config.every == 0 || step == config.steps { record(step: step, trainLoss: nil) }
        }
        return log
    }

    /// The checkpoints as series points (axis: training step), metrics `train/accuracy`, `test/accuracy`, `train/loss`,
    /// `test/loss`, `test/logprob` and `weight/norm`.
    public static func points(_ checkpoints: [GrokkingCheckpoint], series: String) -> [SeriesPoint] {
        checkpoints.flatMap { c -> [SeriesPoint] in
            let axis = Double(c.step)
            return [
                SeriesPoint(series: series, axis: axis, metric: "train/accuracy", value: c.trainAccuracy, n: c.trainCount,
                            stderr: LabMetrics.bernoulliStderr(c.trainAccuracy, n: c.trainCount)),
                SeriesPoint(series: series, axis: axis, metric: "test/accuracy", value: c.testAccuracy, n: c.testCount,
                            stderr: LabMetrics.bernoulliStderr(c.testAccuracy, n: c.testCount)),
                SeriesPoint(series: series, axis: axis, metric: "train/loss", value: c.trainLoss, n: c.trainCount),
                SeriesPoint(series: series, axis: axis, metric: "test/loss", value: c.testLoss, n: c.testCount),
                SeriesPoint(series: series, axis: axis, metric: "test/logprob", value: c.testLogProbability, n: c.testCount),
                SeriesPoint(series: series, axis: axis, metric: "weight/norm", value: c.weightNorm, n: 0),
            ]
        }
    }
}
