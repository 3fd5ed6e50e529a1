import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

@Suite struct EvolveCLITests {
    static func planted(latency: Double) -> StubModelServer.Configuration {
        var configuration = StubModelServer.Configuration(answer: PlantedWeaknesses.answer(weakTo: [.base64, .roleplay]), latency: latency)
        configuration.answersWholeConversation = true
        return configuration
    }

    @Test func evolveKilledMidwayResumesWithoutRepeatingQueriesThenPromotesAndDiffs() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("evolve.db").path
        // The stub holds every request after the 100th, so the search is killed partway however slowly this machine runs.
        var configuration = Self.planted(latency: 0.01)
        configuration.holdAfter = 100
        try await StubModelServer.with(configuration) { server in
            let target = "openai:stub@\(server.openAIBaseURL)"
            let arguments = ["evolve", "--suite", "redteam", "--target", target, "--budget", "300", "--seed", "5", "--db", db, "--json"]
            let (process, _, _) = try CLI.start(arguments, in: directory)
            let store = try SQLiteStore(path: db)
            var used = 0
            let deadline = Date().addingTimeInterval(120)
            while used < 80, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
                if let record = try await store.evolutions(limit: 1).first,
                   let state = try? JSONSerialization.jsonObject(with: Data(record.state.utf8)) as? [String: Any] {
                    used = state["targetQueries"] as? Int ?? 0
                }
            }
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            server.release()
            #expect(used >= 80 && used <= 100, "checkpointed \(used) queries")
            let killed = try #require(try await store.evolutions(limit: 1).first)
            #expect(killed.status == .running)

            let resumed = try await CLI.run(arguments + ["--promote"], in: directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("resuming evolution \(killed.id)"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
            let summary = try #require(object["summary"] as? [String: Any])
            let queries = try #require(summary["targetQueries"] as? Int)
            #expect(queries <= 300)
            // Every answered request was cached as it arrived, so the resumed search asked none of them again: the target
            // saw the budget's requests give or take the 4 that were in flight when the process was killed (asked again,
            // and counted once whether or not they had reached the server). Repeating finished queries would add dozens.
            #expect(abs(server.statistics.requests - queries) <= 4, "\(resumed.stderr)")
            let families = try #require(summary["families"] as? [String: Int])
            #expect(families["base64"] != nil, "\(families)")
            #expect(families["roleplay_frame"] != nil || families["persona_frame"] != nil, "\(families)")
            let promotedVersion = try #require(object["promoted_version"] as? String)
            let promotedItems = try #require(object["promoted_items"] as? [String])
            #expect(!promotedItems.isEmpty)

            // The resumed search is the search an uninterrupted run makes: same items evaluated, same failures validated.
            let whole = try await CLI.run(["evolve", "--suite", "redteam", "--target", target, "--budget", "300", "--seed", "5",
                                           "--db", directory.appendingPathComponent("whole.db").path, "--json"], in: directory)
            let wholeObject = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
            let wholeSummary = try #require(wholeObject["summary"] as? [String: Any])
            #expect(summary["evaluated"] as? Int == wholeSummary["evaluated"] as? Int)
            let validatedIDs = { (object: [String: Any]) in
                Set(((object["findings"] as? [[String: Any]]) ?? []).filter { $0["status"] as? String == "validated" }.compactMap { $0["item"] as? String })
            }
            #expect(validatedIDs(object) == validatedIDs(wholeObject))
            // The stored search reads back whole.
            let shown = try await CLI.run(["evolutions", "show", killed.id, "--db", db, "--json"], in: directory)
            #expect(shown.status == 0, "\(shown.stderr)")
            let shownObject = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            #expect((shownObject["summary"] as? [String: Any])?["evaluated"] as? Int == summary["evaluated"] as? Int)

            // The new version is listed with its parent, and the diff names every promoted item.
            let versions = try await CLI.run(["suites", "versions", "redteam", "--db", db], in: directory)
            let lines = versions.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix(String(promotedVersion.prefix(12))) == true)
            let parent = String(try #require(lines.last?.split(separator: "\t").first))
            #expect(lines.first?.split(separator: "\t")[1] == Substring(parent))
            let diff = try await CLI.run(["suites", "diff", "redteam", parent, String(promotedVersion.prefix(12)), "--db", db, "--json"], in: directory)
            #expect(diff.status == 0, "\(diff.stderr)")
            let diffObject = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
            let added = try #require(diffObject["added"] as? [[String: Any]])
            #expect(Set(added.compactMap { $0["item"] as? String }) == Set(promotedItems))
            #expect((diffObject["removed"] as? [Any])?.isEmpty == true)

            // A promoted item carries its evidence in the store.
            let item = try #require(try await store.item(id: promotedItems[0]))
            let evidence = try #require(item.provenance.evidence)
            #expect(evidence.evolution == killed.id)
            #expect(evidence.reruns == 3 && evidence.rerunFailures == 3)
            #expect(evidence.operatorChain.last == item.provenance.operator)

            // `assay run` on the suite now evaluates the promoted version.
            let run = try await CLI.run(["run", "--suite", "redteam", "--model", target, "--db", db, "--json"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            let runObject = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(runObject["suite_version"] as? String == promotedVersion)
            #expect(runObject["samples"] as? Int == 24 + promotedItems.count)
            #expect(run.stderr.contains("promoted from the file's version"))
        }
    }

    @Test func evolveStopsWhenTheTargetIsDownAndKeepsTheSearchResumable() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("down.db").path
        // Port 9 (discard) on loopback: nothing listens, every request is refused.
        let result = try await CLI.run(["evolve", "--target", "openai:x@http://127.0.0.1:9/v1", "--budget", "100", "--max-attempts", "1",
                                        "--db", db], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the target failed every request of the last 3 steps"))
        let record = try #require(try await SQLiteStore(path: db).evolutions(limit: 1).first)
        #expect(record.status == .failed)
    }

    @Test func evolveRejectsUnknownOperatorsAndModelOperatorsWithoutAnAttacker() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("bad.db").path
        let unknown = try await CLI.run(["evolve", "--suite", "redteam", "--target", "openai:x@http://127.0.0.1:9/v1", "--operators", "base64,nope",
                                         "--db", db], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown operator 'nope'"))
        let attacker = try await CLI.run(["evolve", "--suite", "redteam", "--target", "openai:x@http://127.0.0.1:9/v1", "--operators", "pair_refinement",
                                          "--db", db], in: directory)
        #expect(attacker.status == 2)
        #expect(attacker.stderr.contains("needs --attacker"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
