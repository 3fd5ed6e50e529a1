import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// The `assay` executable, run as a process, against the stub server over real HTTP.
@Suite("assay CLI", .serialized)
struct CLITests {
    @Test func helpAndBadUsageExitCodes() async throws {
        let directory = try CLI.temporaryDirectory()
        let help = try await CLI.run(["--help"], in: directory)
        #expect(help.status == 0)
        #expect(help.stdout.contains("run"))
        for command in [["run", "--help"], ["runs", "list", "--help"], ["suites", "import", "--help"], ["models", "check", "--help"]] {
            #expect(try await CLI.run(command, in: directory).status == 0, "\(command)")
        }
        #expect(try await CLI.run(["run", "--epochs", "0"], in: directory).status == 2)
        #expect(try await CLI.run(["run", "--bogus"], in: directory).status == 2)
        let badModel = try await CLI.run(["run", "--model", "nope:x"], in: directory)
        #expect(badModel.status == 2)
        #expect(badModel.stderr.contains("unknown provider 'nope'"))
        #expect(try await CLI.run(["runs", "show", "no-such-run"], in: directory).status == 2)
    }

    @Test func jsonOutputHasExactlyTheDocumentedShape() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try CLI.arithmeticSuite(count: 30, in: directory)
        try await StubModelServer.with(.init(answer: StubAnswers.arithmetic(accuracy: 0.6), faultRate: 0.2, seed: 9)) { server in
            let result = try await CLI.run(["run", "--suite", suite.path, "--model", "openai:stub@\(server.openAIBaseURL)", "--json", "--epochs", "2",
                                      "--timeout", "0.5", "--concurrency", "8", "--junit", "out.xml", "--markdown", "out.md"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["run", "suite", "suite_version", "model", "samples", "errors", "metrics"])
            #expect(object["samples"] as? Int == 60)
            #expect(object["errors"] as? Int == 0)
            #expect(object["suite"] as? String == "arith")
            #expect(object["model"] as? String == "openai:stub@\(server.openAIBaseURL)")
            let metrics = try #require(object["metrics"] as? [[String: Any]])
            let first = try #require(metrics.first)
            #expect(Set(first.keys) == ["name", "scorer", "value", "stderr", "ci_low", "ci_high", "n", "method"])
            #expect(first["name"] as? String == "accuracy")
            #expect(first["n"] as? Int == 30)
            let prompts = (0..<30).map { "What is \(2000 + $0 * 3) + \($0 * 11)?" }
            let truth = Double(prompts.filter { StubAnswers.isAnsweredCorrectly($0, accuracy: 0.6) }.count) / 30
            #expect(abs((first["value"] as? Double ?? -1) - truth) < 1e-12)
            let junit = try String(contentsOf: directory.appendingPathComponent("out.xml"), encoding: .utf8)
            #expect(junit.contains("<testsuites"))
            #expect(junit.components(separatedBy: "<testcase").count - 1 == 30)
            let markdown = try String(contentsOf: directory.appendingPathComponent("out.md"), encoding: .utf8)
            #expect(markdown.contains("| exact\\_match | accuracy |"))
        }
    }

    @Test(arguments: [
        ("suite.yaml", "name: broken\nitems: items.jsonl\nscorers:\n  - {type: exactmatch}\n", "suite.yaml:4"),
        ("items.jsonl", "{\"input\": \"a\", \"target\": \"b\"}\n{\"input\": \"c\", \"target\": \n", "items.jsonl:2"),
        ("items.csv", "input,target\n\"a\",b\n\"unterminated,c\n", "items.csv:3"),
    ])
    func malformedInputExitsTwoWithALocationAndLeavesTheStoreUnchanged(file: String, content: String, location: String) async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = directory.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: suite, withIntermediateDirectories: true)
        let itemsFile = file == "items.csv" ? "items.csv" : "items.jsonl"
        try "name: bad\nitems: \(itemsFile)\n".write(to: suite.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        try "{\"input\": \"ok\", \"target\": \"ok\"}\n".write(to: suite.appendingPathComponent("items.jsonl"), atomically: true, encoding: .utf8)
        try content.write(to: suite.appendingPathComponent(file), atomically: true, encoding: .utf8)

        // A store with one finished run in it, to check it is left exactly as it was.
        let good = try CLI.arithmeticSuite(count: 3, in: directory)
        let db = directory.appendingPathComponent("store.db").path
        try await StubModelServer.with { server in
            let seeded = try await CLI.run(["run", "--suite", good.path, "--model", "openai:stub@\(server.openAIBaseURL)", "--db", db], in: directory)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            let before = try await CLI.run(["runs", "list", "--json", "--db", db], in: directory).stdout

            let result = try await CLI.run(["run", "--suite", suite.path, "--model", "openai:stub@\(server.openAIBaseURL)", "--db", db], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains(location), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            let validate = try await CLI.run(["suites", "validate", suite.path], in: directory)
            #expect(validate.status == 2)
            #expect(validate.stderr.contains(location))
            #expect(try await CLI.run(["runs", "list", "--json", "--db", db], in: directory).stdout == before)
        }
    }

    @Test func aRunKilledWithSIGKILLResumesToTheSameMetricsWithoutRepeatingStoredSamples() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try CLI.arithmeticSuite(count: 200, in: directory)
        let db = directory.appendingPathComponent("kill.db").path
        // Requests after the 60th are held until the kill, so it lands partway however slowly this machine runs.
        var configuration = StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.55), latency: 0.02)
        configuration.holdAfter = 60
        try await StubModelServer.with(configuration) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            let arguments = ["run", "--suite", suite.path, "--model", model, "--db", db, "--json", "--no-cache", "--concurrency", "4"]
            let (process, _, _) = try CLI.start(arguments, in: directory)
            // Kill it once roughly a third of the samples are stored.
            let store = try SQLiteStore(path: db)
            var stored = 0
            let deadline = Date().addingTimeInterval(120)
            while stored < 40, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
                if let run = try await store.runs(limit: 1).first { stored = try await store.counts(runID: run.id).samples }
            }
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            server.release()
            let run = try #require(try await store.runs(limit: 1).first)
            #expect(run.status == .running)
            let before = try await store.results(runID: run.id)
            #expect(before.count >= 40 && before.count <= 60)
            let answeredBefore = server.statistics.answered

            let resumed = try await CLI.run(arguments, in: directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("resuming run \(run.id)"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
            #expect(object["run"] as? String == run.id)
            #expect(object["samples"] as? Int == 200)
            // No sample stored before the kill was requested again.
            for result in before {
                let prompt = result.sample.messages.last?.content ?? ""
                #expect(server.statistics.answered[prompt] == answeredBefore[prompt])
            }

            // Metrics equal an uninterrupted run of the same suite on a fresh store.
            let fresh = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", directory.appendingPathComponent("fresh.db").path,
                                     "--json", "--no-cache"], in: directory)
            let freshObject = try #require(try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])
            let resumedMetrics = try #require(object["metrics"] as? [[String: Any]])
            let freshMetrics = try #require(freshObject["metrics"] as? [[String: Any]])
            #expect(NSArray(array: resumedMetrics).isEqual(to: freshMetrics))
        }
    }

    @Test func importsAPublicDatasetAndListsIt() async throws {
        let data = CLI.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/gsm8k/test.jsonl")
        guard FileManager.default.fileExists(atPath: data.path) else { return }
        let directory = try CLI.temporaryDirectory()
        let imported = try await CLI.run(["suites", "import", "gsm8k", data.path], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "gsm8k\n")
        let list = try await CLI.run(["suites", "list"], in: directory)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("gsm8k\t") })
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("starter\t") })
        let show = try await CLI.run(["suites", "show", "gsm8k", "--items", "1"], in: directory)
        #expect(show.status == 0)
        #expect(show.stdout.contains("items: 915"))
    }
}
