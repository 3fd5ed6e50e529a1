import AssayAnalysis
import AssayCore
import AssayEngine
import AssayServer
import AssayStore
import ArgumentParser
import Foundation

/// `assay export RUN --format …`: a stored run as a file for other tools and people.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a stored run as JSON, JSON Lines, JUnit XML, Markdown or a self-contained HTML page.",
        discussion: """
            json: the report of `assay run --json` (with the dimension report, for dimension suites). jsonl: one line per \
            sample with its messages, output, error and scores. junit: one test case per item and scorer. markdown: the \
            metrics table. html: one file with the metrics, their interval bars, the per-item distributions and the failing \
            samples, no script and nothing fetched from elsewhere.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, junit, markdown, html
    }

    @Argument(help: "Run id or unique prefix.")
    var run: String

    @Option(name: .long, help: "json, jsonl, junit, markdown or html.")
    var format: Format = .json

    @Option(name: .long, help: "Write here instead of standard output.")
    var out: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try StoreFactory.open(store.db)
        guard let record = try await opened.run(id: run) else {
            throw AssayError(.notFound, "no run '\(run)' in \(opened.location) (ids: `assay runs list`)")
        }
        let suite = try await opened.suite(version: record.suiteVersion)
        var items = suite?.items ?? []
        if let limit = record.config.limit { items = Array(items.prefix(limit)) }
        let report = try await Engine.report(for: record, store: opened, items: items, includeCases: format == .junit)
        let sink = try Sink(path: out)
        switch format {
        case .json:
            sink.write(report.json(dimension: try await DimensionReport.load(run: record.id, from: opened, suite: suite)) + "\n")
        case .jsonl:
            var offset = 0
            while true {
                let page = try await opened.samples(runID: record.id, filter: SampleFilter(), offset: offset, limit: 500)
                for result in page { sink.write(Self.line(result) + "\n") }
                offset += page.count
                if page.count < 500 { break }
            }
        case .junit:
            sink.write(report.junit())
        case .markdown:
            sink.write(report.markdown())
        case .html:
            sink.write(try await RunExport.html(report: report, store: opened))
        }
        try sink.close()
        if let out { Terminal.note("run \(record.id) exported as \(format.rawValue) to \(out)") }
    }

    /// One sample as a JSON object on one line.
    static func line(_ result: SampleResult) -> String {
        let s = result.sample
        var object: [String: Any] = [
            "run": s.runID, "item": s.itemID, "epoch": s.epoch,
            "messages": s.messages.map { ["role": $0.role.rawValue, "content": $0.content] },
            "output": s.completion?.text ?? NSNull(), "error": s.error ?? NSNull(), "attempts": s.attempts, "latency": s.latency, "cached": s.cached,
            "scores": result.scores.map { score in
                ["scorer": score.scorer, "value": score.value, "verdict": score.verdict.rawValue, "explanation": score.explanation ?? NSNull()] as [String: Any]
            },
        ]
        if let finish = s.completion?.finishReason { object["finish_reason"] = finish }
        if let ll = s.choiceLogLikelihoods { object["choice_log_likelihoods"] = ll }
        if let ll = s.targetLogLikelihood { object["target_log_likelihood"] = ll }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Standard output, or a file written whole on close (a failed export leaves no half file).
    final class Sink {
        let path: String?
        var buffer = ""

        init(path: String?) throws { self.path = path }

        func write(_ text: String) {
            if path == nil { FileHandle.standardOutput.write(Data(text.utf8)) } else { buffer += text }
        }

        func close() throws {
            guard let path else { return }
            do { try buffer.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw AssayError(.badInput, "--out \(path): cannot write (\(error.localizedDescription))")
            }
        }
    }
}
