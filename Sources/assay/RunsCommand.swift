import AssayAnalysis
import AssayCore
import AssayEngine
import AssayStore
import ArgumentParser
import Foundation

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List and show stored runs.", subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

        @Option(name: .long, help: "How many runs.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let runs = try await opened.runs(limit: limit)
            var rows: [[String]] = []
            var objects: [[String: Any]] = []
            for run in runs {
                let counts = try await opened.counts(runID: run.id)
                rows.append([run.id, run.suiteName, String(run.suiteVersion.prefix(12)), run.model, run.status.rawValue, "\(counts.samples)",
                             "\(counts.errors)", ISO8601DateFormatter().string(from: run.createdAt)])
                objects.append(["run": run.id, "suite": run.suiteName, "suite_version": run.suiteVersion, "model": run.model,
                                "status": run.status.rawValue, "samples": counts.samples, "errors": counts.errors,
                                "created_at": ISO8601DateFormatter().string(from: run.createdAt)])
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else if rows.isEmpty {
                print("no runs in \(opened.location)")
            } else {
                print(TextTable.render(header: ["run", "suite", "version", "model", "status", "samples", "errors", "created"], rows: rows,
                                       rightAligned: [5, 6]), terminator: "")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a run's metrics with confidence intervals.")

        @Argument(help: "Run id or unique prefix.")
        var run: String

        @Flag(name: .long, help: "Print JSON (the same shape as `assay run --json`).")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard let record = try await opened.run(id: run) else {
                throw AssayError(.notFound, "no run '\(run)' in \(opened.location) (ids: `assay runs list`)")
            }
            let suite = try await opened.suite(version: record.suiteVersion)
            var items = suite?.items ?? []
            if let limit = record.config.limit { items = Array(items.prefix(limit)) }
            let report = try await Engine.report(for: record, store: opened, items: items)
            let dimension = try await DimensionReport.load(run: record.id, from: opened, suite: suite)
            if json {
                print(report.json(dimension: dimension))
            } else {
                print("status \(record.status.rawValue)")
                print(report.table())
                if let dimension { print(dimension.table()) }
            }
        }
    }
}
