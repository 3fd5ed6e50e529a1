import AssayAnalysis
import AssayCore
import AssayProviders
import AssayStore
import ArgumentParser
import Foundation
import Logging

struct JudgesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judges", abstract: "Validate judges against human labels and correct the rates they measure.",
        subcommands: [Validate.self, Correct.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a judge against human labels: accuracy, Cohen's kappa, sensitivity, specificity, each with SE.",
            discussion: """
                JUDGE is `refusal` (the rule-based refusal judge; labels need "expected": "refuse" or "comply") or any model \
                spec, which then grades with a rubric on a 1–10 scale. The labels file is JSON Lines: \
                {"input": ..., "response": ..., "label": "pass"|"fail"} with optional "id", "target" and "expected". \
                Save the JSON output to correct a run's rates with `assay judges correct`.
                """)

        @Argument(help: "The judge: `refusal` or a model spec (local, openai:MODEL[@URL], anthropic:MODEL).")
        var judge: String

        @Option(name: .long, help: "The labels file (JSON Lines).")
        var labels: String

        @Option(name: .long, help: "The rubric a model judge grades with.")
        var rubric: String?

        @Option(name: .long, help: "Lowest passing grade of a model judge (1–10).")
        var threshold: Double = 7

        @Option(name: .long, help: "Judge calls at once.")
        var concurrency: Int = 4

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @Option(name: .long, help: "Also write the JSON report here (for `assay judges correct`).")
        var out: String?

        @OptionGroup var requests: RequestOptions

        func validate() throws {
            if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
            if !(1...10).contains(threshold) { throw ValidationError("--threshold must be between 1 and 10") }
        }

        func run() async throws {
            let labelled = try JudgeValidation.labels(path: labels)
            let report: JudgeValidationReport
            if judge == "refusal" {
                guard labelled.allSatisfy({ if case .behavior = $0.item.target { true } else { false } }) else {
                    let line = labelled.first { if case .behavior = $0.item.target { false } else { true } }?.line ?? 0
                    throw AssayError.invalid([Diagnostic(file: labels, line: line, field: "expected",
                                                         message: "the refusal judge needs \"expected\": \"refuse\" or \"comply\" on every line")])
                }
                let judged = await JudgeValidation.judge(labelled, with: RefusalScorer(), concurrency: concurrency)
                report = JudgeValidationReport(judge: judge, labels: labels, judged: judged)
            } else {
                let spec = try ModelSpec(parsing: judge)
                let (retry, rubric, threshold, concurrency, labels) = (requests.retry, self.rubric, self.threshold, self.concurrency, self.labels)
                report = try await Interrupts.cancellingOnSignal {
                    try await ProviderRegistry.with(logger: Logger(label: "assay"), requestTimeout: requests.timeout) { registry in
                        let provider = RetryingProvider(try await registry.provider(for: spec), policy: retry)
                        let scorer = JudgeScorer(judge: provider, judgeSpec: spec.description, rubric: rubric ?? JudgeScorer.defaultRubric,
                                                 threshold: threshold)
                        let judged = await JudgeValidation.judge(labelled, with: scorer, concurrency: concurrency)
                        return JudgeValidationReport(judge: spec.description, labels: labels, judged: judged)
                    }
                }
            }
            if let out { try AnalysisInputs.write(report.json() + "\n", to: out) }
            print(json ? report.json() : report.table(), terminator: json ? "\n" : "")
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a run's pass rates measured by a judge for the judge's error (Rogan-Gladen), with widened CIs.",
            discussion: "The validation file is the JSON written by `assay judges validate --out FILE`.")

        @Argument(help: "Run id or unique prefix.")
        var run: String

        @Option(name: .long, help: "The scorer whose rates the judge measured.")
        var scorer: String

        @Option(name: .long, help: "The judge's validation (JSON from `assay judges validate --out`).")
        var validation: String

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let validated = try JudgeCorrection.read(path: validation)
            let opened = try StoreFactory.open(store.db)
            let loaded = try await ComparedRun.load(run, from: opened)
            let items = try await AnalysisInputs.items(of: [loaded.record], store: opened)
            let rows = try JudgeCorrection.correct(loaded, scorer: scorer, items: items, with: validated)
            if json {
                print(ReportJSON.encode(rows))
                return
            }
            print("\(scorer) in run \(loaded.record.id.prefix(12)) corrected for judge \(validated.judge) "
                  + "(sensitivity \(RunComparison.fmt(validated.sensitivity.value)), specificity \(RunComparison.fmt(validated.specificity.value)))")
            print(TextTable.render(header: ["tag", "n", "observed [95% CI]", "corrected [95% CI]"], rows: rows.map { r in
                [r.tag ?? "all", "\(r.n)",
                 "\(RunComparison.fmt(r.observed.value)) [\(RunComparison.fmt(r.observed.ciLow)), \(RunComparison.fmt(r.observed.ciHigh))]",
                 "\(RunComparison.fmt(r.corrected.value)) [\(RunComparison.fmt(r.corrected.ciLow)), \(RunComparison.fmt(r.corrected.ciHigh))]"]
            }, rightAligned: [1]), terminator: "")
        }
    }
}
