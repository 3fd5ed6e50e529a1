import AssayCore
import AssayStore
import AssayTestKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `assay export` in every format on a stored run whose model output is hostile markup.
@Suite struct ExportCLITests {
    static let hostile = "<script>alert('x')</script> | `tick` & \"quote\""

    @Test func everyFormatCarriesTheRunAndEscapesTheModelsOutput() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("export.db").path
        let store = try SQLiteStore(path: db)
        let items = (0..<4).map { Item(prompt: "Question \($0)", target: .text(["yes"]), tags: ["t"]) }
        let suite = Suite(config: SuiteConfig(name: "exp", scorers: [ScorerSpec(type: "includes")]), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["includes"])
        let run = RunRecord(id: "20261128-000000-export01", suiteName: "exp", suiteVersion: suite.version, model: "openai:m", configHash: config.hash,
                            config: config, status: .completed)
        try await store.createRun(run)
        try await store.record(items.enumerated().map { index, item in
            SampleResult(sample: Sample(runID: run.id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: index < 2 ? "yes" : Self.hostile)),
                         scores: [index < 2 ? .pass("includes") : .fail("includes", "no 'yes' in \(Self.hostile)")])
        })

        func export(_ format: String) async throws -> String {
            let out = directory.appendingPathComponent("run.\(format)").path
            let result = try await CLI.run(["export", run.id, "--format", format, "--out", out, "--db", db], in: directory)
            #expect(result.status == 0, "\(format): \(result.stderr)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try await export("json").utf8)) as? [String: Any])
        #expect(json["run"] as? String == run.id && json["samples"] as? Int == 4)

        let lines = try await export("jsonl").split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.filter { $0["output"] as? String == Self.hostile }.count == 2)
        #expect(objects.allSatisfy { (($0["scores"] as? [[String: Any]])?.first?["scorer"] as? String) == "includes" })

        let junit = try await export("junit")
        let parser = XMLParser(data: Data(junit.utf8))
        #expect(parser.parse(), "the JUnit file is well-formed XML")
        #expect(junit.contains("failures=\"2\"") && !junit.contains("<script>"))

        let markdown = try await export("markdown")
        #expect(markdown.contains("# Assay run `\(run.id)`") && markdown.contains("| includes |"))

        let html = try await export("html")
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("<svg") && html.contains("2 samples with a failing score"))

        let stdout = try await CLI.run(["export", run.id, "--format", "markdown", "--db", db], in: directory)
        #expect(stdout.stdout == markdown)
        let missing = try await CLI.run(["export", "nope", "--db", db], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("no run 'nope'"))
        let badFormat = try await CLI.run(["export", run.id, "--format", "pdf", "--db", db], in: directory)
        #expect(badFormat.status != 0 && badFormat.stderr.contains("pdf"))
    }
}
