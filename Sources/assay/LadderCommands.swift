import AssayAnalysis
import AssayCore
import AssayStore
import ArgumentParser
import Foundation

struct SeriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "List, show and import series (ladders: metric values along an axis).",
        subcommands: [List.self, Show.self, Import.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored series.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let list = try await opened.seriesList()
            guard !list.isEmpty else { return print("no series in \(opened.location)") }
            print(TextTable.render(header: ["series", "points", "axis", "metrics"], rows: list.map { s in
                [s.name, "\(s.points)", "\(NumberFormat.plain(s.axisRange.lowerBound))…\(NumberFormat.plain(s.axisRange.upperBound))",
                 s.metrics.joined(separator: ", ")]
            }, rightAligned: [1]), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a series' points, one column per metric.")
        @Argument(help: "Series name.") var name: String
        @Flag(name: .long, help: "Print JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let points = try await LadderInputs.points(name, store: StoreFactory.open(store.db))
            if json { return print(ReportJSON.encode(points)) }
            let metrics = Array(Set(points.map(\.metric))).sorted()
            let axes = Array(Set(points.map(\.axis))).sorted()
            let lookup = Dictionary(points.map { ("\($0.metric)\u{1f}\($0.axis)", $0.value) }, uniquingKeysWith: { a, _ in a })
            print(TextTable.render(header: ["axis"] + metrics, rows: axes.map { axis in
                [NumberFormat.plain(axis)] + metrics.map { m in lookup["\(m)\u{1f}\(axis)"].map { NumberFormat.fixed($0, 4) } ?? "—" }
            }, rightAligned: Set(0...metrics.count)), terminator: "")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import series points from JSON Lines: {\"series\", \"axis\", \"metric\", \"value\", \"n\"} per line (optional \"stderr\").")
        @Argument(help: "The JSON Lines file.") var path: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let points = try SeriesBuilder.read(path: path)
            let opened = try StoreFactory.open(store.db)
            try await opened.saveSeries(points)
            for name in Set(points.map(\.series)).sorted() { print(name) }
        }
    }
}

struct LadderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Emergence verdicts along a ladder: is a jump in a discrete metric real (transition) or made by the metric (artifact)?",
        discussion: """
            Give a stored series (--series), or runs with their axis values (--runs A,B,C --axis 1e8,3e8,1e9), which are stored \
            as a series first. Each discrete metric is paired with its continuous companions (per-token probability, target \
            log-probability, token edit distance, Brier score) and judged smooth, artifact, transition or undetermined.
            """)

    @Option(name: .long, help: "A stored series (or the name to store --runs under).") var series: String?
    @Option(name: .long, help: "Runs, comma-separated, in axis order.") var runs: String?
    @Option(name: .long, help: "Axis values of the runs, comma-separated (or the runs' axis= labels).") var axis: String?
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if series == nil && runs == nil { throw ValidationError("give --series or --runs") }
    }

    func run() async throws {
        let opened = try StoreFactory.open(store.db)
        var name = series ?? ""
        if let runs {
            let ids = runs.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            var loaded: [ComparedRun] = []
            for id in ids { loaded.append(try await ComparedRun.load(id, from: opened)) }
            let axes: [Double]
            if let axis {
                axes = try axis.split(separator: ",").map { text in
                    guard let v = Double(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--axis: '\(text)' is not a number") }
                    return v
                }
            } else {
                axes = try loaded.map { run in
                    guard let text = run.record.labels["axis"], let v = Double(text) else {
                        throw AssayError(.badInput, "run \(run.record.id) has no axis= label: give --axis")
                    }
                    return v
                }
            }
            guard axes.count == loaded.count else { throw ValidationError("--axis has \(axes.count) values for \(loaded.count) runs") }
            if name.isEmpty { name = "ladder-\(loaded[0].record.suiteName)" }
            let items = try await AnalysisInputs.items(of: loaded.map(\.record), store: opened)
            try await opened.saveSeries(SeriesBuilder.points(series: name, runs: Array(zip(loaded, axes)).map { ($0.0, $0.1) }, items: items))
            Terminal.note("stored as series \(name)")
        }
        let points = try await LadderInputs.points(name, store: opened)
        let verdicts = Ladder.verdicts(points)
        let overall = Ladder.overall(verdicts)
        if json {
            struct Output: Encodable { var overall: [OverallVerdict]; var pairs: [LadderVerdict] }
            return print(ReportJSON.encode(Output(overall: overall, pairs: verdicts)))
        }
        guard !verdicts.isEmpty else {
            return print("series \(name) has no discrete metric (…/accuracy) with a continuous companion (metrics: \(Set(points.map(\.metric)).sorted().joined(separator: ", ")))")
        }
        for o in overall {
            print("\(o.discrete): \(o.verdict.rawValue.uppercased())" + (o.decidedBy.map { " (decided by \($0))" } ?? "") + ": \(o.reason)")
        }
        print("")
        for v in verdicts {
            print("\(v.discrete) vs \(v.continuous): \(v.verdict.rawValue.uppercased())")
            let predicted = Dictionary((v.predicted ?? []).map { ($0.axis, $0.value) }, uniquingKeysWith: { a, _ in a })
            let companion = Dictionary(v.continuousCurve.map { ($0.axis, $0.value) }, uniquingKeysWith: { a, _ in a })
            var header = ["axis", v.discrete, "95% CI", v.continuous]
            if v.predicted != nil { header.append("p^L predicted") }
            print(TextTable.render(header: header, rows: v.discreteCurve.map { p in
                let se = p.stderr ?? (p.n > 0 ? Statistics.bernoulliStandardError(p: p.value, n: p.n) : .nan)
                var row = [NumberFormat.plain(p.axis), NumberFormat.fixed(p.value, 4),
                           se.isFinite ? "[\(NumberFormat.fixed(max(0, p.value - Statistics.z95 * se), 3)), \(NumberFormat.fixed(min(1, p.value + Statistics.z95 * se), 3))]" : "—",
                           companion[p.axis].map { NumberFormat.fixed($0, 4) } ?? "—"]
                if v.predicted != nil { row.append(predicted[p.axis].map { NumberFormat.fixed($0, 4) } ?? "—") }
                return row
            }, rightAligned: Set(0..<header.count)), terminator: "")
            print("sharpness \(NumberFormat.fixed(v.discreteSharpness, 2)) vs \(NumberFormat.fixed(v.continuousSharpness, 2)); \(v.evidence)\n")
        }
    }
}

struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Forecast where a rate crosses a threshold along a series, with a 90% bootstrap interval.",
        discussion: "Fits a logistic curve in log10(axis) when the axis is positive and spans a decade or more, else in the axis itself.")

    @Option(name: .long, help: "The series.") var series: String
    @Option(name: .long, help: "The metric (a rate in [0, 1]).") var metric: String
    @Option(name: .long, help: "The threshold to cross.") var threshold: Double
    @Option(name: .long, help: "Fit on this first share of the axis and score the prediction on the rest.") var backtest: Double?
    @Option(name: .long, help: "Bootstrap refits.") var bootstrap: Int = 500
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be strictly between 0 and 1") }
        if let backtest, !(backtest > 0 && backtest < 1) { throw ValidationError("--backtest must be strictly between 0 and 1") }
        if bootstrap < 10 { throw ValidationError("--bootstrap must be at least 10") }
    }

    func run() async throws {
        let points = try await LadderInputs.points(series, store: StoreFactory.open(store.db))
        let curve = SeriesBuilder.curve(points, metric: metric)
        guard !curve.isEmpty else {
            throw AssayError(.badInput, "series \(series) has no metric '\(metric)' (it has \(Set(points.map(\.metric)).sorted().joined(separator: ", ")))")
        }
        let r = Forecast.fit(curve, threshold: threshold, bootstrap: bootstrap, backtest: backtest)
        if json { return print(ReportJSON.encode(r)) }
        print("\(metric) on \(series): logistic in \(r.scale == "log10" ? "log10(axis)" : "the axis") over \(r.points) points")
        if let at = r.alreadyCrossedAt { print("already at or above \(NumberFormat.plain(threshold)) at axis \(LadderInputs.axis(at)) (observed)") }
        if let crossing = r.crossing {
            let interval = r.crossingLow.map { "[\(LadderInputs.axis($0)), \(LadderInputs.axis(r.crossingHigh!))]" } ?? "(no interval)"
            print("crosses \(NumberFormat.plain(threshold)) at axis \(LadderInputs.axis(crossing)), 90% interval \(interval)\(r.extrapolated ? ", beyond the observed range" : "")")
        }
        if let note = r.note { print(note) }
        if let b = r.backtest {
            print("backtest: fitted on the first \(b.fittedPoints) points, \(b.heldOutPoints) held out: mean absolute error \(NumberFormat.fixed(b.meanAbsoluteError, 3))"
                  + (b.predictedCrossing.map { "; predicted crossing \(LadderInputs.axis($0))" } ?? "; no predicted crossing")
                  + (b.observedCrossing.map { ", observed \(LadderInputs.axis($0))" } ?? ", not crossed in the data")
                  + (b.crossingError.map { ", error \(NumberFormat.fixed($0, 3))\(r.scale == "log10" ? " decades" : "")" } ?? ""))
        }
    }
}

enum LadderInputs {
    /// An axis value with four significant digits (`2.183e+04`, `850`).
    static func axis(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(format: "%.4g", x)
    }

    static func points(_ name: String, store: any Store) async throws -> [SeriesPoint] {
        let points = try await store.series(name: name)
        guard !points.isEmpty else {
            let known = try await store.seriesList().map(\.name)
            throw AssayError(.notFound, "no series '\(name)' in \(store.location)" + (known.isEmpty ? "" : " (series: \(known.joined(separator: ", ")))"))
        }
        return points
    }
}

struct ChangePointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Abrupt shifts in a series' curves (binary segmentation with a BIC penalty, CUSUM) and a grokking report.",
        discussion: """
            A shift is reported only when it is abrupt: within 10% of the points on either side the level moves by 40% of the \
            curve's range. When the series has train/accuracy and test/accuracy, the report adds when train accuracy \
            saturated, the generalization onset, the memorization phase, and whether test log-probability or loss moved first.
            """)

    @Option(name: .long, help: "The series.") var series: String
    @Option(name: .long, help: "Only this metric (repeatable).") var metric: [String] = []
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    struct Output: Encodable {
        struct Curve: Encodable {
            var metric: String
            var changePoints: [ChangePoint]
            var cusum: CUSUMResult?
        }
        var series: String
        var curves: [Curve]
        var grokking: GrokkingReport?
    }

    func run() async throws {
        let points = try await LadderInputs.points(series, store: StoreFactory.open(store.db))
        let metrics = metric.isEmpty ? Array(Set(points.map(\.metric))).sorted() : metric
        let curves = metrics.map { m in
            let curve = SeriesBuilder.curve(points, metric: m)
            return Output.Curve(metric: m, changePoints: ChangePoints.detect(curve), cusum: ChangePoints.cusum(curve))
        }
        let output = Output(series: series, curves: curves, grokking: GrokkingReport.analyze(points))
        if json { return print(ReportJSON.encode(output)) }
        print(TextTable.render(header: ["metric", "abrupt changes (axis: jump, window)", "CUSUM peak", "CUSUM statistic"], rows: curves.map { c in
            [c.metric,
             c.changePoints.isEmpty ? "none" : c.changePoints.map { "\(NumberFormat.plain($0.axis)): \(NumberFormat.fixed($0.jump, 3)), \(NumberFormat.plain($0.windowStart))–\(NumberFormat.plain($0.windowEnd))" }.joined(separator: "; "),
             c.cusum.map { NumberFormat.plain($0.axis) } ?? "—", c.cusum.map { NumberFormat.fixed($0.statistic, 2) } ?? "—"]
        }), terminator: "")
        if let g = output.grokking {
            let f = { (x: Double?) in x.map(NumberFormat.plain) ?? "—" }
            print("\ngrokking: \(g.grokking ? "yes" : "no")")
            print("  train accuracy reached 0.99 at \(f(g.trainSaturated)); test accuracy crossed 0.5 at \(f(g.testCrossesHalf))")
            if let onset = g.onset {
                print("  generalization onset at \(NumberFormat.plain(onset.axis)) (transition \(NumberFormat.plain(onset.windowStart))–\(NumberFormat.plain(onset.windowEnd)), jump \(NumberFormat.fixed(onset.jump, 3)))")
            } else {
                print("  no abrupt rise of test accuracy")
            }
            if let phase = g.memorizationPhase { print("  memorization phase: \(NumberFormat.plain(phase)) (\(NumberFormat.fixed(100 * phase / g.runLength, 1))% of the run)") }
            if let metric = g.continuousMetric {
                print("  \(metric) covered 10% of its movement at \(f(g.continuousMoved)); test accuracy at \(f(g.accuracyMoved))"
                      + (g.lead.map { $0 > 0 ? ": the continuous measure moved \(NumberFormat.plain($0)) earlier" : ": no early warning" } ?? ""))
            }
        }
    }
}
