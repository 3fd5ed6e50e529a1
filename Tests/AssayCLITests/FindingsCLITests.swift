import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// Failure mining and the findings tracker through the CLI, on runs against the stub (engine logic; docs/FINDINGS.md
/// shows the same on the bundled model).
@Suite struct FindingsCLITests {
    /// Arithmetic the stub gets wrong half the time, and spelling it cannot do at all: two kinds of failure.
    static func mixedSuite(in directory: URL) throws -> URL {
        let folder = directory.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        name: mixed
        items: items.jsonl
        generation: {max_tokens: 8, temperature: 0}
        scorers:
          - {type: exact_match}
        """.write(to: folder.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let words = ["lantern", "harbour", "meadow", "thistle", "granite", "saffron", "quiver", "bramble", "cobalt", "juniper"]
        var lines = (0..<20).map { i in #"{"input": "What is \#(300 + i * 7) + \#(i * 13)? Add the numbers.", "target": "\#(300 + i * 20)", "tags": ["sums"]}"# }
        lines += words.map { #"{"input": "Spell the word \#($0) backwards, letter by letter.", "target": "\#(String($0.reversed()))", "tags": ["spelling"]}"# }
        lines.append(#"{"input": "What is 2 + 2? <script>alert(1)</script>", "target": "5", "tags": ["sums"]}"#)
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("items.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func minesTwoKindsTracksThemAcrossRunsAndPromotesARegressionSuite() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try Self.mixedSuite(in: directory)
        let db = directory.appendingPathComponent("findings.db").path
        try await StubModelServer.with(StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.5))) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            func run(_ seed: Int) async throws -> String {
                let result = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", db, "--seed", "\(seed)", "--json"], in: directory)
                #expect(result.status == 0, "\(result.stderr)")
                return try #require((try Self.json(result.stdout) as? [String: Any])?["run"] as? String)
            }
            let first = try await run(1)

            let mined = try await CLI.run(["findings", "mine", "--runs", first, "--db", db, "--json"], in: directory)
            #expect(mined.status == 0, "\(mined.stderr)")
            let object = try #require(try Self.json(mined.stdout) as? [String: Any])
            #expect(object["created"] as? [String] == ["F-1", "F-2"], "\(mined.stdout)")
            let findings = try #require(object["findings"] as? [[String: Any]])
            let terms = findings.map { ($0["terms"] as? [String]) ?? [] }
            #expect(terms.contains { $0.contains("spelling") || $0.contains("backwards") }, "\(terms)")
            #expect(terms.contains { $0.contains("sums") || $0.contains("add") }, "\(terms)")

            // Mining the same run again links nothing twice.
            let again = try await CLI.run(["findings", "mine", "--runs", first, "--db", db, "--json"], in: directory)
            let againObject = try #require(try Self.json(again.stdout) as? [String: Any])
            #expect((againObject["created"] as? [String])?.isEmpty == true)
            #expect((againObject["attached"] as? [String: Int])?.isEmpty == true)

            // A second run fails on the same items: its failures join the findings instead of making new ones.
            let second = try await run(2)
            let next = try await CLI.run(["findings", "mine", "--runs", first, second, "--db", db, "--json"], in: directory)
            let nextObject = try #require(try Self.json(next.stdout) as? [String: Any])
            #expect((nextObject["created"] as? [String])?.isEmpty == true, "\(next.stdout)")
            let attached = try #require(nextObject["attached"] as? [String: Int])
            #expect(Set(attached.keys) == ["F-1", "F-2"])

            let list = try await CLI.run(["findings", "list", "--db", db, "--json"], in: directory)
            let listed = try #require(try Self.json(list.stdout) as? [[String: Any]])
            #expect(listed.count == 2)
            for finding in listed {
                #expect(finding["runs"] as? Int == 2)
                let trend = try #require(finding["trend"] as? [[String: Any]])
                #expect(trend.map { $0["count"] as? Int } == [attached[finding["id"] as? String ?? ""], attached[finding["id"] as? String ?? ""]])
                #expect(finding["status"] as? String == "open")
            }
            let spelling = try #require(listed.first { ($0["terms"] as? [String])?.contains("spelling") == true })
            let spellingID = try #require(spelling["id"] as? String)
            #expect(spelling["items"] as? Int == 10)

            let status = try await CLI.run(["findings", "set-status", spellingID, "wont_fix", "--note", "the stub cannot spell", "--db", db], in: directory)
            #expect(status.status == 0 && status.stdout.contains("open -> wont_fix"), "\(status.stderr)")
            let bad = try await CLI.run(["findings", "set-status", spellingID, "closed", "--db", db], in: directory)
            #expect(bad.status != 0 && bad.stderr.contains("open, triaged, fixed, wont_fix"))
            let missing = try await CLI.run(["findings", "show", "F-99", "--db", db], in: directory)
            #expect(missing.status == 2 && missing.stderr.contains("no finding 'F-99'"))

            let shown = try await CLI.run(["findings", "show", spellingID, "--db", db, "--json"], in: directory)
            let shownObject = try #require(try Self.json(shown.stdout) as? [String: Any])
            #expect(shownObject["status"] as? String == "wont_fix" && shownObject["note"] as? String == "the stub cannot spell")
            let examples = try #require(shownObject["examples"] as? [[String: Any]])
            #expect(examples.filter { $0["kind"] as? String == "minimal" }.count == 3)
            #expect(examples.allSatisfy { ($0["prompt"] as? String)?.hasPrefix("Spell the word") == true })
            // Minimal examples are the shortest prompts of the finding.
            let minimalLengths = examples.filter { $0["kind"] as? String == "minimal" }.compactMap { ($0["prompt"] as? String)?.count }
            #expect(minimalLengths == minimalLengths.sorted() && minimalLengths.first == "Spell the word meadow backwards, letter by letter.".count)

            let promoted = try await CLI.run(["findings", "promote", spellingID, "--db", db], in: directory)
            #expect(promoted.status == 0, "\(promoted.stderr)")
            #expect(promoted.stdout.contains("added to mixed-regressions version"))
            let store = try SQLiteStore(path: db)
            let versions = try await store.suiteVersions(name: "mixed-regressions")
            #expect(versions.count == 1)
            let regression = try #require(try await store.suite(version: versions[0].version))
            #expect(regression.items.count >= 3 && regression.items.count <= 6)
            #expect(regression.items.allSatisfy { $0.tags == ["spelling"] })
            #expect(regression.config.scorers.map(\.type) == ["exact_match"])
            let finding = try #require(try await store.finding(id: spellingID))
            #expect(finding.promotedVersions == [versions[0].version])

            // The regression version runs like any stored version.
            let rerun = try await CLI.run(["run", "--suite", "mixed-regressions@\(versions[0].version.prefix(12))", "--model", model, "--db", db, "--json"], in: directory)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect((try Self.json(rerun.stdout) as? [String: Any])?["samples"] as? Int == regression.items.count)
        }
    }

    @Test func embeddingsFromAnOpenAICompatibleServerClusterTheFailures() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try Self.mixedSuite(in: directory)
        let db = directory.appendingPathComponent("embed.db").path
        try await StubModelServer.with(StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.5))) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            let run = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", db, "--json"], in: directory)
            let id = try #require((try Self.json(run.stdout) as? [String: Any])?["run"] as? String)
            let mined = try await CLI.run(["findings", "mine", "--runs", id, "--embeddings", "openai:embed@\(server.openAIBaseURL)", "--db", db], in: directory)
            #expect(mined.status == 0, "\(mined.stderr)")
            let store = try SQLiteStore(path: db)
            let findings = try await store.findings()
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0.representation == "embedding:openai:embed@\(server.openAIBaseURL)" })
            let unknown = try await CLI.run(["findings", "mine", "--runs", "nope", "--db", db], in: directory)
            #expect(unknown.status == 2 && unknown.stderr.contains("no run or evolution 'nope'"))
        }
    }
}
