import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// Inspect logs and lm-eval results, written by those tools themselves against the stub (bench/interop/produce.sh
/// made the fixtures), imported as runs and compared.
@Suite struct InteropCLITests {
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/AssayCLITests/Fixtures/interop")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func accuracy(_ object: [String: Any], scorer: String) -> Double? {
        ((object["metrics"] as? [[String: Any]]) ?? []).first { $0["scorer"] as? String == scorer && $0["name"] as? String == "accuracy" }?["value"] as? Double
    }

    @Test func twoInspectLogsImportWithTheirReportedAccuracyAndCompareItemByItem() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("interop.db").path
        var runs: [String] = []
        for file in ["inspect-arith.json", "inspect-arith-openai.json"] {
            let imported = try await CLI.run(["import", "inspect", Self.fixtures.appendingPathComponent(file).path, "--db", db, "--json"], in: directory)
            #expect(imported.status == 0, "\(imported.stderr)")
            let object = try Self.json(imported.stdout)
            #expect(object["samples"] as? Int == 10)
            // Assay's accuracy from the samples equals the one Inspect computed.
            let reported = try #require(object["reported"] as? [String: Double])
            #expect(Self.accuracy(object, scorer: "match") == reported["match/accuracy"])
            #expect(reported["match/accuracy"] == 0.6)
            runs.append(try #require(object["run"] as? String))
        }
        let store = try SQLiteStore(path: db)
        let first = try #require(try await store.run(id: runs[0]))
        #expect(first.model == "openai-api/stub/stub" && first.labels["imported_from"] == "inspect")
        let samples = try await store.results(runID: first.id)
        let wrong = try #require(samples.first { $0.sample.messages.first?.content.hasPrefix("What is 17 + 25?") == true })
        #expect(wrong.sample.text == "43" && wrong.scores.first?.verdict == .fail)
        let suite = try #require(try await store.suite(version: first.suiteVersion))
        #expect(suite.name == "arith" && suite.items.count == 10)
        #expect(suite.items.allSatisfy { $0.provenance.origin == .imported && $0.provenance.source?.hasPrefix("inspect:inspect-arith.json#arith-") == true })

        let compared = try await CLI.run(["compare", runs[0], runs[1], "--db", db, "--json"], in: directory)
        #expect(compared.status == 0, "\(compared.stderr)")
        let comparison = try Self.json(compared.stdout)
        #expect(comparison["shared_items"] as? Int == 10)
        let metrics = try #require(comparison["metrics"] as? [[String: Any]])
        let match = try #require(metrics.first { $0["scorer"] as? String == "match" && $0["tag"] is NSNull })
        #expect(match["difference"] as? Double == 0)
        #expect((comparison["flipped"] as? [Any])?.isEmpty == true)
    }

    @Test func lmEvalResultsImportAndMatchAnAssayRunOfTheSameItemsOnTheSameStub() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("lmeval.db").path
        let imported = try await CLI.run(["import", "lm-eval", Self.fixtures.appendingPathComponent("lm-eval-results.json").path,
                                          Self.fixtures.appendingPathComponent("lm-eval-samples.jsonl").path, "--db", db, "--json"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        let object = try Self.json(imported.stdout)
        let reported = try #require(object["reported"] as? [String: Double])
        #expect(Self.accuracy(object, scorer: "exact_match") == reported["exact_match,none"])
        let lmRun = try #require(object["run"] as? String)

        // The same ten questions as an Assay suite, run on the stub lm-eval ran against (it answers by a hash of the prompt).
        var lines: [String] = []
        for line in try String(contentsOf: Self.fixtures.appendingPathComponent("lm-eval-samples.jsonl"), encoding: .utf8).split(separator: "\n") {
            let sample = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let doc = try #require(sample["doc"] as? [String: Any])
            let data = try JSONSerialization.data(withJSONObject: ["input": doc["input"]!, "target": "\(sample["target"]!)"], options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let folder = directory.appendingPathComponent("arith10")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: arith10\nitems: items.jsonl\ngeneration: {max_tokens: 16, temperature: 0}\nscorers:\n  - {type: exact_match}\n"
            .write(to: folder.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("items.jsonl"), atomically: true, encoding: .utf8)
        try await StubModelServer.with(StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.6))) { server in
            let native = try await CLI.run(["run", "--suite", folder.path, "--model", "openai:stub@\(server.openAIBaseURL)", "--db", db, "--json"], in: directory)
            #expect(native.status == 0, "\(native.stderr)")
            let nativeRun = try #require(try Self.json(native.stdout)["run"] as? String)
            let compared = try await CLI.run(["compare", lmRun, nativeRun, "--db", db, "--json"], in: directory)
            #expect(compared.status == 0, "\(compared.stderr)")
            let comparison = try Self.json(compared.stdout)
            let metrics = try #require(comparison["metrics"] as? [[String: Any]])
            let exact = try #require(metrics.first { $0["scorer"] as? String == "exact_match" && $0["tag"] is NSNull })
            #expect(exact["n"] as? Int == 10, "every item is shared: \(exact)")
            #expect(exact["difference"] as? Double == 0)
            #expect((comparison["flipped"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func badFilesNameTheFileLineAndFieldAndStoreNothing() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("bad.db").path
        let notInspect = directory.appendingPathComponent("other.json")
        try #"{"version": 2, "samples": []}"#.write(to: notInspect, atomically: true, encoding: .utf8)
        let inspect = try await CLI.run(["import", "inspect", notInspect.path, "--db", db], in: directory)
        #expect(inspect.status == 2 && inspect.stderr.contains("other.json: field 'eval'"), "\(inspect.stderr)")

        let samples = directory.appendingPathComponent("samples_assay_arith_x.jsonl")
        var lines = try String(contentsOf: Self.fixtures.appendingPathComponent("lm-eval-samples.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = "{\"doc_id\": 2, \"arguments\": "
        try lines.joined(separator: "\n").write(to: samples, atomically: true, encoding: .utf8)
        let lm = try await CLI.run(["import", "lm-eval", Self.fixtures.appendingPathComponent("lm-eval-results.json").path, samples.path, "--db", db], in: directory)
        #expect(lm.status == 2 && lm.stderr.contains("samples_assay_arith_x.jsonl:3: not a JSON object"), "\(lm.stderr)")
        let noSamples = try await CLI.run(["import", "lm-eval", Self.fixtures.appendingPathComponent("lm-eval-results.json").path, "--db", db], in: directory)
        #expect(noSamples.status == 2 && noSamples.stderr.contains("--log_samples"))
        let store = try SQLiteStore(path: db)
        #expect(try await store.runs(limit: 10).isEmpty)
    }

    /// The whole path, live: installs inspect-ai and lm-eval from PyPI (about 225 MB, a few minutes), runs both against
    /// the stub, imports what they wrote. Opt-in (`ASSAY_INTEROP=1`), since the fixtures above come from this script.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSAY_INTEROP"] == "1"))
    func theToolsThemselvesProduceFilesThatImport() async throws {
        let directory = try CLI.temporaryDirectory()
        let out = directory.appendingPathComponent("out")
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [CLI.repositoryRoot.appendingPathComponent("bench/interop/produce.sh").path, out.path]
        script.currentDirectoryURL = CLI.repositoryRoot
        try script.run()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let db = directory.appendingPathComponent("live.db").path
        for file in ["inspect-arith.json", "inspect-arith-openai.json"] {
            let imported = try await CLI.run(["import", "inspect", out.appendingPathComponent(file).path, "--db", db, "--json"], in: directory)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let lm = try await CLI.run(["import", "lm-eval", out.appendingPathComponent("lm-eval-results.json").path,
                                    out.appendingPathComponent("lm-eval-samples.jsonl").path, "--db", db], in: directory)
        #expect(lm.status == 0, "\(lm.stderr)")
    }
}
