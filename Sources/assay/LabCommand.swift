import AssayCore
import AssayLab
import AssayStore
import ArgumentParser
import Foundation
import Synchronization

/// `assay lab`: tiny networks trained here, in pure Swift, whose ladders have a known truth.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Train tiny networks whose ladders have a known truth (grokking, addition) and store them as series.",
        subcommands: [GrokkingLab.self, AdditionLab.self])

    struct GrokkingLab: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grokking",
            abstract: "Modular addition (a + b) mod p: train accuracy saturates long before test accuracy jumps.",
            discussion: """
                An MLP (shared embeddings of a and b, one ReLU hidden layer) trained full-batch with AdamW on a share of
                the p² pairs; every --every steps it logs train/test accuracy and loss, the test log-probability of the
                correct answer and the weight norm, as series points with the training step as axis.
                Defaults: p = 47, half the pairs trained on, 1500 steps, checkpoints every 50, lr 5e-3, weight decay 1.
                --control trains on 90% of the pairs (600 steps, checkpoints every 20), so test accuracy rises as train
                accuracy saturates, with no late jump.
                """)

        @Option(name: .long, help: "The modulus p.") var prime: Int?
        @Option(name: .customLong("train-fraction"), help: "Share of the p² pairs trained on (default 0.5; 0.9 with --control).")
        var trainFraction: Double?
        @Option(name: .long, help: "Training steps (full batch).") var steps: Int?
        @Option(name: .long, help: "Checkpoint every N steps.") var every: Int?
        @Option(name: .long, help: "AdamW learning rate.") var lr: Double?
        @Option(name: .customLong("weight-decay"), help: "AdamW decoupled weight decay.") var weightDecay: Double?
        @Option(name: .long, help: "Embedding size per operand.") var embedding: Int?
        @Option(name: .long, help: "Hidden-layer width.") var hidden: Int?
        @Option(name: .long, help: "Seed for the split and the initial weights.") var seed: Int = 0
        @Flag(name: .long, help: "The smooth control: train on 90% of the pairs with lr 5e-4 (1,500 steps, checkpoints every 50).") var control = false
        @Option(name: .long, help: "Series name (default lab-grokking, or lab-grokking-control).") var series: String?
        @Flag(name: .customLong("no-store"), help: "Do not write the series to the store.") var noStore = false
        @OptionGroup var store: StoreOptions

        var config: GrokkingConfig {
            var c = control ? GrokkingConfig.control : GrokkingConfig.grokking
            if let prime { c.prime = prime }
            if let trainFraction { c.trainFraction = trainFraction }
            if let steps { c.steps = steps }
            if let every { c.every = every }
            if let lr { c.learningRate = lr }
            if let weightDecay { c.weightDecay = weightDecay }
            if let embedding { c.embedding = embedding }
            if let hidden { c.hidden = hidden }
            c.seed = seed
            return c
        }

        func validate() throws {
            if let problem = config.problem { throw ValidationError(problem) }
        }

        func run() async throws {
            let config = self.config
            let name = series ?? (control ? "lab-grokking-control" : "lab-grokking")
            let started = Date()
            Terminal.note("""
                lab grokking: p=\(config.prime), \(String(format: "%.0f%%", config.trainFraction * 100)) of pairs trained on, \
                \(config.steps) steps, lr \(config.learningRate), weight decay \(config.weightDecay), seed \(config.seed)
                """)
            let progress = LabProgress(total: config.steps)
            let checkpoints = Grokking.run(config) { c in
                progress.update(done: c.step, line: String(format: "step %d  train acc %.3f  test acc %.3f  norm %.1f", c.step,
                                                           c.trainAccuracy, c.testAccuracy, c.weightNorm))
            }
            progress.finish()
            try await save(Grokking.points(checkpoints, series: name), series: name)
            let stride = max(1, checkpoints.count / 20)
            let shown = checkpoints.enumerated().filter { $0.offset % stride == 0 || $0.offset == checkpoints.count - 1 }.map(\.element)
            print(TextTable.render(
                header: ["step", "train acc", "test acc", "train loss", "test loss", "test logprob", "weight norm"],
                rows: shown.map { c in
                    ["\(c.step)", f3(c.trainAccuracy), f3(c.testAccuracy), f3(c.trainLoss), f3(c.testLoss), f3(c.testLogProbability),
                     String(format: "%.1f", c.weightNorm)]
                }, rightAligned: Set(0...6)), terminator: "")
            func first(_ what: String, _ test: (GrokkingCheckpoint) -> Bool) -> String {
                "\(what) at step " + (checkpoints.first(where: test).map { "\($0.step)" } ?? "never")
            }
            print([first("train acc ≥ 0.99", { $0.trainAccuracy >= 0.99 }), first("test acc ≥ 0.5", { $0.testAccuracy >= 0.5 }),
                   first("test acc ≥ 0.9", { $0.testAccuracy >= 0.9 })].joined(separator: "; "))
            print(noStore ? "series \(name) (not stored)" : "series \(name): \(checkpoints.count) checkpoints, axis = training step")
            Terminal.note(String(format: "took %.1fs", Date().timeIntervalSince(started)))
        }

        private func save(_ points: [SeriesPoint], series: String) async throws {
            guard !noStore else { return }
            try await StoreFactory.open(store.db).saveSeries(points)
        }
    }

    struct AdditionLab: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "addition",
            abstract: "Multi-digit addition by MLPs of several widths: per-digit accuracy rises smoothly, exact match jumps.",
            discussion: """
                Each width is an MLP (digit embeddings, one ReLU hidden layer, one softmax head per answer digit) trained
                with AdamW on fresh random pairs, then measured on held-out pairs. The series' axis is each model's
                parameter count; metrics exact_match/accuracy, digit_accuracy/mean, token/probability, target/logprob and
                target/length.
                """)

        @Option(name: .long, help: "Digits per operand.") var digits: Int?
        @Option(name: .long, parsing: .upToNextOption, help: "Hidden widths, one model each (e.g. --widths 8 32 128).") var widths: [Int] = []
        @Option(name: .long, help: "Training steps per width.") var steps: Int?
        @Option(name: .long, help: "Random pairs per step.") var batch: Int?
        @Option(name: .customLong("test-size"), help: "Held-out pairs.") var testSize: Int?
        @Option(name: .long, help: "AdamW learning rate.") var lr: Double?
        @Option(name: .customLong("weight-decay"), help: "AdamW decoupled weight decay.") var weightDecay: Double?
        @Option(name: .long, help: "Seed for the data and the initial weights.") var seed: Int = 0
        @Option(name: .long, help: "Series name.") var series = "lab-addition"
        @Flag(name: .customLong("no-store"), help: "Do not write the series to the store.") var noStore = false
        @OptionGroup var store: StoreOptions

        var config: AdditionConfig {
            var c = AdditionConfig()
            if let digits { c.digits = digits }
            if !widths.isEmpty { c.widths = widths }
            if let steps { c.steps = steps }
            if let batch { c.batchSize = batch }
            if let testSize { c.testSize = testSize }
            if let lr { c.learningRate = lr }
            if let weightDecay { c.weightDecay = weightDecay }
            c.seed = seed
            return c
        }

        func validate() throws {
            if let problem = config.problem { throw ValidationError(problem) }
        }

        func run() async throws {
            let config = self.config
            let started = Date()
            Terminal.note("""
                lab addition: \(config.digits)-digit operands, widths \(config.widths.map(String.init).joined(separator: " ")), \
                \(config.steps) steps of \(config.batchSize) pairs each, seed \(config.seed)
                """)
            let progress = LabProgress(total: config.widths.count)
            let results = await Addition.run(config) { r in
                progress.advance(line: String(format: "width %d: digit acc %.3f  exact match %.3f", r.width, r.metrics.headAccuracy,
                                              r.metrics.exactMatch))
            }
            progress.finish()
            if !noStore { try await StoreFactory.open(store.db).saveSeries(Addition.points(results, series: series)) }
            print(TextTable.render(
                header: ["width", "params", "digit acc", "exact match", "digit acc^L", "token prob", "target logprob"],
                rows: results.map { r in
                    let m = r.metrics
                    return ["\(r.width)", "\(r.parameterCount)", f3(m.headAccuracy), f3(m.exactMatch),
                            f3(Foundation.pow(m.headAccuracy, Double(m.heads))), f3(m.tokenProbability), f3(m.targetLogProbability)]
                }, rightAligned: Set(0...6)), terminator: "")
            let n = results.first?.metrics.count ?? 0
            print("L = \(config.digits + 1) answer digits, \(n) held-out pairs")
            print(noStore ? "series \(series) (not stored)" : "series \(series): \(results.count) widths, axis = parameter count")
            Terminal.note(String(format: "took %.1fs", Date().timeIntervalSince(started)))
        }
    }
}

private func f3(_ x: Double) -> String { String(format: "%.3f", x) }

/// Progress for lab training: a redrawn line on a terminal, a plain line every few seconds otherwise.
private final class LabProgress: Sendable {
    private struct State {
        var done = 0
        var lastDraw = 0.0
    }

    private let total: Int
    private let interactive = Terminal.stderrIsTTY
    private let state = Mutex(State())

    init(total: Int) { self.total = total }

    func advance(line: String) {
        let done = state.withLock { $0.done += 1; return $0.done }
        update(done: done, line: line, force: true)
    }

    func update(done: Int, line: String, force: Bool = false) {
        let now = ProcessInfo.processInfo.systemUptime
        let draw = state.withLock { s -> Bool in
            s.done = done
            guard force || now - s.lastDraw >= (interactive ? 0.2 : 5) else { return false }
            s.lastDraw = now
            return true
        }
        guard draw else { return }
        let text = "\(done)/\(total)  \(line)"
        if interactive { Terminal.raw("\r\u{1B}[2K" + text) } else { Terminal.note(text) }
    }

    func finish() {
        if interactive { Terminal.raw("\r\u{1B}[2K") }
    }
}
