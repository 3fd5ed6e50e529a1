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
            if !json { print("labels: \(labelsPath)") }
            print(json ? report.json() : report.table(limit: limit), terminator: json ? "\n" : "")
        }
    }
}

/// `assay goodhart paraphrase`: the model-written operator of the Goodhart gap.
struct GoodhartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goodhart",
        abstract: "Goodhart-gap tools: have a model paraphrase a goodhart suite's original questions.",
        subcommands: [Paraphrase.self])

    struct Paraphrase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask a model to reword each original question; keep rewordings that keep every number, write them as JSON Lines.",
            discussion: """
                Add the file to the suite's generator (goodhart: {..., paraphrases: FILE}) and the variants appear with \
                tag op=paraphrase. A rewording is kept when it differs from the original, is still a question, keeps \
                every number of the original and adds none, does not state a choice item's correct option, and is \
                between half and twice the original's length.
                """)

        @Option(name: .long, help: "The goodhart suite whose originals are reworded.")
        var suite = "goodhart"

        @Option(name: .long, help: "The model that rewords.")
        var model = "local"

        @Option(name: .long, help: "Write the kept paraphrases here (JSON Lines).")
        var out: String

        @Option(name: .long, help: "Requests in flight at once.")
        var concurrency = 2

        @OptionGroup var requests: RequestOptions

        func run() async throws {
            let loaded = try SuiteCatalog().load(suite)
            guard loaded.config.kind == .goodhart else { throw AssayError(.badInput, "suite '\(suite)' is not a goodhart suite (kind: goodhart)") }
            let originals = loaded.items.filter { $0.metadata["role"] == "original" }
            let questions = originals.map { item in
                item.prompt.hasSuffix(WordProblemTemplate.instruction) ? String(item.prompt.dropLast(WordProblemTemplate.instruction.count)) : item.prompt
            }
            let answers: [String?] = originals.map { item in
                if case .choice(let index, let options) = item.target, options.indices.contains(index) { return options[index] }
                return nil
            }
            let spec = try ModelSpec(parsing: model)
            let (retry, concurrency) = (requests.retry, self.concurrency)
            let replies: [String?] = try await Interrupts.cancellingOnSignal {
                try await ProviderRegistry.with(logger: Logger(label: "assay"), requestTimeout: requests.timeout) { registry in
                    let provider = RetryingProvider(try await registry.provider(for: spec), policy: retry)
                    var out = [String?](repeating: nil, count: questions.count)
                    try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                        var next = 0
                        func add() {
                            guard next < questions.count else { return }
                            let i = next, question = questions[i]
                            next += 1
                            group.addTask {
                                let prompt = """
                                    Rewrite the following question in different words. Keep every number, name and fact exactly \
                                    as they are, and do not answer it. Reply with the rewritten question only.

                                    \(question)
                                    """
                                let request = GenerationRequest(messages: [.user(prompt)], parameters: GenerationParameters(maxTokens: 160, temperature: 0),
                                                                logprobs: false)
                                return (i, try? await provider.generate(request).text)
                            }
                        }
                        for _ in 0..<max(1, concurrency) { add() }
                        while let (i, text) = try await group.next() {
                            out[i] = text
                            add()
                        }
                    }
                    return out
                }
            }
            var kept: [String] = []
            var failed = 0
            var rejected: [GoodhartGenerator.Paraphrase.Rejection: Int] = [:]
            for (i, question) in questions.enumerated() {
                guard let reply = replies[i] else { failed += 1; continue }
                let text = reply.trimmingCharacters(in: .whitespacesAndNewlines)
                if let why = GoodhartGenerator.Paraphrase.rejection(original: question, text: text, answer: answers[i]) {
                    rejected[why, default: 0] += 1
                } else {
                    kept.append(JSONLValue.line([("original", .string(question)), ("paraphrase", .string(text)), ("model", .string(spec.description))]))
                }
            }
            try AnalysisInputs.write(kept.map { $0 + "\n" }.joined(), to: out)
            let reasons = GoodhartGenerator.Paraphrase.Rejection.allCases.compactMap { why in rejected[why].map { "\(why.rawValue) \($0)" } }
            print("\(questions.count) originals: \(kept.count) paraphrases kept, \(rejected.values.reduce(0, +)) rejected"
                  + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))") + ", \(failed) requests failed; written to \(out)")
        }
    }
}
