import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// The CLI on a PostgreSQL store (`ASSAY_TEST_POSTGRES_URL`, as `.ci/postgres start` prints it): a run killed with
/// SIGKILL resumes to the metrics of an uninterrupted run on SQLite, and findings, compare and export read it back.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"] != nil))
struct PostgresCLITests {
    /// A new database on the test server, made with `psql`; returns its URL.
    static func freshDatabase() throws -> String {
        let base = try #require(ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"])
        let name = "assay_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", base, "-qc", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        var parts = try #require(URLComponents(string: base))
        parts.path = "/" + name
        return try #require(parts.string)
    }

    @Test func aKilledRunResumesOnPostgresToTheMetricsOfAnUninterruptedRun() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try CLI.arithmeticSuite(count: 120, in: directory)
        let db = try Self.freshDatabase()
        var configuration = StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.55), latency: 0.02)
        configuration.holdAfter = 50
        try await StubModelServer.with(configuration) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            let arguments = ["run", "--suite", suite.path, "--model", model, "--db", db, "--json", "--no-cache", "--concurrency", "4"]
            let (process, _, _) = try CLI.start(arguments, in: directory)
            let store = try PostgresStore(url: db)
            var stored = 0
            let deadline = Date().addingTimeInterval(120)
            while stored < 30, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                if let run = try await store.runs(limit: 1).first { stored = try await store.counts(runID: run.id).samples }
            }
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            server.release()
            let run = try #require(try await store.runs(limit: 1).first)
            #expect(run.status == .running)
            let before = try await store.results(runID: run.id)
            #expect(before.count >= 30 && before.count <= 50)
            let answeredBefore = server.statistics.answered

            let resumed = try await CLI.run(arguments, in: directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("resuming run \(run.id)"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
            #expect(object["samples"] as? Int == 120)
            // No sample stored before the kill was requested again.
            for result in before {
                let prompt = result.sample.messages.last?.content ?? ""
                #expect(server.statistics.answered[prompt] == answeredBefore[prompt])
            }

            let sqlite = directory.appendingPathComponent("fresh.db").path
            let fresh = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", sqlite, "--json", "--no-cache"], in: directory)
            let freshObject = try #require(try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])
            #expect(NSArray(array: object["metrics"] as? [[String: Any]] ?? []).isEqual(to: freshObject["metrics"] as? [[String: Any]] ?? []))

            // The rest of the tool reads the PostgreSQL store like a SQLite one.
            let mined = try await CLI.run(["findings", "mine", "--runs", run.id, "--db", db, "--json"], in: directory)
            #expect(mined.status == 0, "\(mined.stderr)")
            #expect(try await store.findings().count >= 1)
            let exported = try await CLI.run(["export", run.id, "--format", "jsonl", "--db", db], in: directory)
            #expect(exported.stdout.split(separator: "\n").count == 120)
            let second = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", db, "--json", "--no-cache", "--seed", "3"], in: directory)
            let secondID = try #require((try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])?["run"] as? String)
            let compared = try await CLI.run(["compare", run.id, secondID, "--db", db, "--json"], in: directory)
            #expect(compared.status == 0, "\(compared.stderr)")
            #expect((try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])?["shared_items"] as? Int == 120)
        }
    }
}
