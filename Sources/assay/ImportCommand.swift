import AssayCore
import AssayEngine
import AssayStore
import ArgumentParser
import Foundation

/// `assay import inspect|lm-eval`: other harnesses' results become Assay runs.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import another harness's evaluation as a run (compare, ladders, forecasts, gates and findings then work on it).",
        subcommands: [Inspect.self, LMEval.self])

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an Inspect log written with --log-format json.",
            discussion: "Scores map as Inspect's value_to_float: C 1, I 0, P 0.5, N 0. Samples become items of a suite named after the task.")

        @Argument(help: "The log file.")
        var log: String

        @Flag(name: .long, help: "Print JSON (the shape of `assay run --json`, with `reported`).")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.finish(try InspectLog.read(path: log), tool: "Inspect", store: store, json: json)
        }
    }

    struct LMEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lm-eval",
            abstract: "Import lm-evaluation-harness results with their per-sample file (--log_samples).")

        @Argument(help: "The results_*.json file.")
        var results: String

        @Argument(help: "The samples_TASK_*.jsonl file.")
        var samples: String?

        @Flag(name: .long, help: "Print JSON (the shape of `assay run --json`, with `reported`).")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.finish(try LMEvalResults.read(results: results, samples: samples), tool: "lm-eval", store: store, json: json)
        }
    }

    /// Stores the imported run and prints Assay's metrics beside the ones the other harness reported.
    static func finish(_ imported: ImportedRun, tool: String, store options: StoreOptions, json: Bool) async throws {
        let opened = try StoreFactory.open(options.db)
        let run = try await imported.save(to: opened)
        let report = try await Engine.report(for: run, store: opened, items: imported.suite.items)
        if json {
            var object = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any] ?? [:]
            object["reported"] = Dictionary(imported.reported.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            object["imported_from"] = run.labels["imported_from"]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                         as: UTF8.self))
            return
        }
        let errors = imported.results.count { $0.sample.error != nil }
        Terminal.note("imported \(imported.results.count) samples of \(imported.suite.items.count) items from \(tool) as run \(run.id) "
                      + "(suite \(imported.suite.name)@\(imported.suite.version.prefix(12)), model \(run.model))" + (errors > 0 ? ", \(errors) with errors" : ""))
        print(report.table())
        if !imported.reported.isEmpty {
            print("\(tool) reported: " + imported.reported.map { "\($0.name) \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        }
    }
}
