import Foundation
import Testing

/// `assay telemetry ingest` on the team-written sample files: nothing personal or secret reaches the suite files or the
/// store, duplicates are kept once, and the failure sample keeps only flagged conversations.
@Suite(.serialized) struct TelemetryCLITests {
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/AssayCLITests/Fixtures")
    static let secrets = ["dana.wu@example.com", "4111 1111 1111 1111", "555-0134", "sk-proj-9f8e7d6c5b4a3f2e1d0c", "landlord.jones@rentmail.co.uk",
                          "7946 0958", "ghp_0123456789abcdefghijABCDEFGHIJ012345", "AKIAIOSFODNN7EXAMPLE", "accounts@northwind-traders.com",
                          "7700 900123", "omar.haddad@example.org"]

    @Test func ingestRedactsDeduplicatesAndStoresCandidateItems() async throws {
        let directory = try CLI.temporaryDirectory()
        let jsonl = try await CLI.run(["telemetry", "ingest", Self.fixtures.appendingPathComponent("telemetry.jsonl").path, "--name", "prod",
                                       "--db", "t.db"], in: directory)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        #expect(jsonl.stdout.contains("read 12 conversations: 1 without a user turn, 1 duplicates"), "\(jsonl.stdout)")
        #expect(jsonl.stdout.contains("redacted: 3 e-mail addresses, 3 phone numbers, 1 card numbers, 3 keys"))
        #expect(jsonl.stdout.contains("10 items (5 flagged)"))
        let spans = try await CLI.run(["telemetry", "ingest", Self.fixtures.appendingPathComponent("telemetry-otel.json").path, "--name", "spans",
                                       "--db", "t.db"], in: directory)
        #expect(spans.status == 0, "\(spans.stderr)")
        #expect(spans.stdout.contains("2 items (1 flagged)"), "\(spans.stdout)")
        #expect(spans.stderr.contains("span 051581bf3cb55c15: no user message"))

        // No secret survives anywhere Assay wrote: the suite files and the SQLite store (its WAL included).
        var written = Data()
        for path in [".assay/suites/prod/items.jsonl", ".assay/suites/spans/items.jsonl", "t.db", "t.db-wal"] {
            written += (try? Data(contentsOf: directory.appendingPathComponent(path))) ?? Data()
        }
        let text = String(decoding: written, as: UTF8.self)
        for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) reached the disk") }
        #expect(text.contains("[EMAIL]") && text.contains("[KEY]") && text.contains("[CARD]") && text.contains("[PHONE]"))

        let items = try String(contentsOf: directory.appendingPathComponent(".assay/suites/prod/items.jsonl"), encoding: .utf8)
        #expect(items.contains("\"origin\":\"telemetry\""))
        #expect(items.contains("\"source\":\"telemetry.jsonl:1\""))
        #expect(items.contains("production_response"))
        // The run command finds the written suite by name.
        let shown = try await CLI.run(["suites", "show", "prod"], in: directory)
        #expect(shown.stdout.contains("items: 10"), "\(shown.stdout)\(shown.stderr)")
    }

    @Test func theFailureSampleKeepsOnlyFlaggedConversations() async throws {
        let directory = try CLI.temporaryDirectory()
        let result = try await CLI.run(["telemetry", "ingest", Self.fixtures.appendingPathComponent("telemetry.jsonl").path, "--name", "bad",
                                        "--sample", "failures", "--limit", "3", "--db", "t.db", "--out", "bad"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 items (3 flagged)"), "\(result.stdout)")
        let wrong = try await CLI.run(["telemetry", "ingest", "missing.jsonl", "--name", "x"], in: directory)
        #expect(wrong.status != 0)
    }

    @Test func driftComparesTwoWindowsOfOneFile() async throws {
        let directory = try CLI.temporaryDirectory()
        let result = try await CLI.run(["telemetry", "drift", Self.fixtures.appendingPathComponent("telemetry.jsonl").path, "--split", "2026-11-22"],
                                       in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("window a: 6 conversations, window b: 6"), "\(result.stdout)")
        for name in ["refusal_rate", "length_words", "topic_mix_chi2"] { #expect(result.stdout.contains(name)) }
        let bad = try await CLI.run(["telemetry", "drift", Self.fixtures.appendingPathComponent("telemetry.jsonl").path, "--split", "soon"], in: directory)
        #expect(bad.status != 0 && bad.stderr.contains("--split 'soon'"))
    }
}
