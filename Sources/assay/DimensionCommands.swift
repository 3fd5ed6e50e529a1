import AssayAnalysis
import AssayCore
import AssayEngine
import AssayProviders
import ArgumentParser
import Foundation
import Logging

/// `assay omission validate`: the omission scorer against the team's labelled responses.
struct OmissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omission",
        abstract: "Strategic-omission tools: validate the omission scorer against labelled responses.",
        subcommands: [Validate.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement of the omission scorer (key phrases, or a judge model) with labelled responses.",
            discussion: """
                Labels are JSON Lines: {"scenario", "condition", "response", "facts": [disclosed|omitted|contradicted per \
                material fact], "false_claim": bool}. Without --labels, the built-in suite's labels.jsonl is used. An \
                unsure verdict counts as a disagreement in fact_agreement; fact_agreement_decided leaves it out.
                """)

        @Option(name: .long, help: "The labelled responses (default: the omission suite's labels.jsonl).")
        var labels: String?

        @Option(name: .long, help: "The omission suite whose scenarios the labels refer to.")
        var suite = "omission"

        @Option(name: .long, help: "Assess with this judge model instead of the key phrases.")
        var judge: String?

        @Option(name: .long, help: "Judge requests in flight at once.")
        var concurrency = 2

        @Option(name: .long, help: "Disagreements to list.")
        var limit = 10

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var requests: RequestOptions

        func run() async throws {
            let catalog = SuiteCatalog()
            let path = try catalog.locate(suite)
            let loaded = try SuiteLoader.load(path: path)
            var scenarios: [String: OmissionScenario] = [:]
            for item in loaded.items { if let s = OmissionScenario(metadata: item.metadata) { scenarios[s.id] = s } }
            guard !scenarios.isEmpty else { throw AssayError(.badInput, "suite '\(suite)' has no omission scenarios") }
            let directory = (path as NSString).pathExtension.isEmpty ? path : (path as NSString).deletingLastPathComponent
            let labelsPath = labels ?? (directory as NSString).appendingPathComponent("labels.jsonl")
            let labelled = try OmissionValidation.readLabels(path: labelsPath, scenarios: scenarios)
            let assessments: [OmissionAssessment]
            let assessor: String
            if let judge {
                let spec = try ModelSpec(parsing: judge)
                let (retry, concurrency, scenarios) = (requests.retry, self.concurrency, scenarios)
                assessor = "judge \(spec)"
                assessments = try await Interrupts.cancellingOnSignal {
                    try await ProviderRegistry.with(logger: Logger(label: "assay"), requestTimeout: requests.timeout) { registry in
                        let provider = RetryingProvider(try await registry.provider(for: spec), policy: retry)
                        return await OmissionValidation.assess(labelled, scenarios: scenarios, judge: provider, concurrency: concurrency)
                    }
                }
            } else {
                assessor = "key phrases"
                assessments = await OmissionValidation.assess(labelled, scenarios: scenarios, judge: nil)
            }
            let report = OmissionValidation.measure(labels: labelled, assessments: assessments, assessor: assessor)
            print(json ? report.json() : report.table(limit: limit), terminator: json ? "\n" : "")
        }
    }
}
