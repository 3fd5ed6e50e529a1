import AssayAnalysis
import AssayCore
import AssayStore
import ArgumentParser
import Foundation

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs on the items they share: paired differences, behaviour shift, flipped items, distribution test.",
        discussion: """
            Differences are a − b. Pass/fail metrics with one epoch are tested with exact McNemar, others with a paired \
            bootstrap; q-values are Benjamini-Hochberg adjusted across each table. The distribution test needs at least \
            two epochs per run.
            """)

    @Argument(help: "The first run (id or unique prefix).")
    var runA: String

    @Argument(help: "The second run.")
    var runB: String

    @Option(name: .long, help: "False-discovery rate for marking differences significant.")
    var alpha: Double = 0.05

    @Option(name: .long, help: "Permutations of the distribution test.")
    var permutations: Int = 1000

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1") }
        if permutations < 1 { throw ValidationError("--permutations must be at least 1") }
    }

    func run() async throws {
        let opened = try StoreFactory.open(store.db)
        let a = try await ComparedRun.load(runA, from: opened)
        let b = try await ComparedRun.load(runB, from: opened)
        let items = try await AnalysisInputs.items(of: [a.record, b.record], store: opened)
        let kind = try await AnalysisInputs.sharedKind(of: [a.record, b.record], store: opened)
        let comparison = RunComparison.compare(a, b, items: items, alpha: alpha, permutations: permutations, kind: kind)
        print(json ? comparison.json() : comparison.table(), terminator: json ? "\n" : "")
    }
}

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Check runs against a release policy; exit 0 when every rule holds, 1 when one does not, 2 on a bad policy.",
        discussion: """
            Rules (one key each): threshold (a scorer's value or 95% bound, optionally per tag, at_most/at_least), \
            no_regression (no significant drop against a baseline run), freshness (the suite was run within N days).
            """)

    @Argument(help: "The policy file (YAML).")
    var policy: String

    @Option(name: .customLong("run"), help: "A run to check (repeat for several suites).")
    var runs: [String] = []

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(name: .long, help: "Also write JUnit XML here.")
    var junit: String?

    @Option(name: .long, help: "Also write a Markdown summary here.")
    var markdown: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one --run") }
    }

    func run() async throws {
        let parsed = try GatePolicyParser.load(path: policy)
        let opened = try StoreFactory.open(store.db)
        var loaded: [ComparedRun] = []
        for id in runs { loaded.append(try await ComparedRun.load(id, from: opened)) }
        let report = try await GateEvaluator(store: opened, runs: loaded).evaluate(parsed)
        if let junit { try AnalysisInputs.write(report.junit(), to: junit) }
        if let markdown { try AnalysisInputs.write(report.markdown(), to: markdown) }
        print(json ? report.json() : report.table(), terminator: json ? "\n" : "")
        if !report.passed { throw ExitCode(1) }
    }
}

struct PowerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Estimate the items a comparison needs to detect a difference.",
        discussion: """
            n = (z_{alpha/2} + z_beta)^2 omega^2 / delta^2, with omega^2 the variance of the per-item difference: given with \
            --omega2, or estimated per scorer from --baseline-runs (paired differences when two or more runs share items; \
            twice the score variance from one run).
            """)

    @Option(name: .long, help: "The smallest difference worth detecting (in the metric's units).")
    var delta: Double

    @Option(name: .customLong("baseline-runs"), parsing: .upToNextOption, help: "Runs to estimate omega² from.")
    var baselineRuns: [String] = []

    @Option(name: .customLong("omega2"), help: "The variance of the per-item difference, when known.")
    var omegaSquared: Double?

    @Option(name: .long, help: "Only these scorers (repeatable).")
    var scorer: [String] = []

    @Option(name: .long, help: "Two-sided significance level.")
    var alpha: Double = 0.05

    @Option(name: .long, help: "Power (1 − beta).")
    var power: Double = 0.8

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if delta == 0 || !delta.isFinite { throw ValidationError("--delta must be a non-zero number") }
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1") }
        if !(power > 0 && power < 1) { throw ValidationError("--power must be between 0 and 1") }
        if (omegaSquared == nil) == baselineRuns.isEmpty { throw ValidationError("give either --omega2 or --baseline-runs") }
        if let omegaSquared, !(omegaSquared > 0) { throw ValidationError("--omega2 must be positive") }
    }

    func run() async throws {
        var estimates: [PowerEstimate]
        if let omegaSquared {
            estimates = [PowerAnalysis.estimate(omegaSquared: omegaSquared, delta: abs(delta), alpha: alpha, power: power)]
        } else {
            let opened = try StoreFactory.open(store.db)
            var runs: [ComparedRun] = []
            for id in baselineRuns { runs.append(try await ComparedRun.load(id, from: opened)) }
            estimates = PowerAnalysis.estimates(runs: runs, scorers: scorer.isEmpty ? nil : scorer, delta: abs(delta), alpha: alpha, power: power)
            if estimates.isEmpty { throw AssayError(.badInput, "no scorer has at least two scored items in the baseline runs") }
        }
        if json {
            print(ReportJSON.encode(estimates))
            return
        }
        let rows = estimates.map { e in
            [e.scorer ?? "—", NumberFormat.fixed(e.omegaSquared, 4), e.source, "\(e.baselineItems)", "\(e.items)"]
        }
        print("items needed to detect |difference| ≥ \(NumberFormat.plain(abs(delta))) at alpha \(NumberFormat.plain(alpha)) (two-sided) with power \(NumberFormat.plain(power))")
        print(TextTable.render(header: ["scorer", "omega²", "from", "baseline items", "items needed"], rows: rows, rightAligned: [1, 3, 4]),
              terminator: "")
    }
}

/// What the analysis commands share: items of runs' suites, writing report files.
enum AnalysisInputs {
    /// The suite kind all the runs' suites share, if they are dimension suites of one kind.
    static func sharedKind(of runs: [RunRecord], store: any Store) async throws -> SuiteKind? {
        var kinds = Set<SuiteKind?>()
        for version in Set(runs.map(\.suiteVersion)) { kinds.insert(try await store.suite(version: version)?.config.kind) }
        return kinds.count == 1 ? kinds.first! : nil
    }

    static func items(of runs: [RunRecord], store: any Store) async throws -> [String: Item] {
        var items: [String: Item] = [:]
        for version in Set(runs.map(\.suiteVersion)) {
            for item in try await store.suite(version: version)?.items ?? [] where items[item.id] == nil { items[item.id] = item }
        }
        return items
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AssayError(.runtime, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
