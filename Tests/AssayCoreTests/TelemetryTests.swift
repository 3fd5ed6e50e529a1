import Foundation
import Testing

@testable import AssayCore

/// Reading telemetry, ingesting it into items, and drift between windows, on records built by hand.
@Suite struct TelemetryTests {
    static func record(_ user: String, _ answer: String, flagged: Bool = false) -> TelemetryRecord {
        TelemetryRecord(messages: [.user(user), .assistant(answer)], flagged: flagged, source: "t")
    }

    @Test func topicSamplingTakesEveryClusterInTurnSoARareTopicIsKept() {
        // Nine refund questions and two about passwords: a uniform sample of four often has no password question.
        let refunds = (0..<9).map { Self.record("How do I get a refund for order \($0) that arrived broken?", "Refund started.") }
        let passwords = ["I forgot my password, how do I reset the password?", "Password reset link expired, can I get a new password link?"]
            .map { Self.record($0, "Use the link.") }
        let records = refunds + passwords
        for seed in 0..<5 {
            let result = TelemetryIngest.items(records, sampling: .topics, limit: 4, seed: seed)
            #expect(result.items.count == 4)
            #expect(result.topics.count == 2, "\(result.topics.map(\.name))")
            #expect(result.topics.map(\.size) == [9, 2])
            let topics = result.items.compactMap { $0.metadata["topic"] }
            #expect(topics.filter { $0.contains("password") }.count == 2, "seed \(seed): \(topics)")
        }
        // Without a limit every item is kept, each labelled with its topic.
        let all = TelemetryIngest.items(records, sampling: .topics, limit: nil, seed: 1)
        #expect(all.items.count == 11 && all.items.allSatisfy { $0.metadata["topic"] != nil })
    }

    @Test func ingestRedactsBeforeDeduplicatingAndKeepsTheProductionAnswer() {
        let records = [
            Self.record("Email me at a.b@example.com about the refund", "Done, a.b@example.com.", flagged: true),
            Self.record("email me at  c.d@example.org about the REFUND", "Done."),   // the same once redacted
            TelemetryRecord(messages: [.assistant("Hello")], source: "t"),
        ]
        let result = TelemetryIngest.items(records, sampling: .uniform, limit: nil, seed: 0)
        #expect(result.items.count == 1 && result.duplicates == 1 && result.unusable == 1)
        #expect(result.redactions.email == 3)
        let item = result.items[0]
        #expect(item.prompt == "Email me at [EMAIL] about the refund")
        #expect(item.metadata["production_response"] == "Done, [EMAIL].")
        #expect(item.provenance.origin == .telemetry)
        #expect(item.tags == ["telemetry", "flagged"])
        #expect(TelemetryIngest.items(records, sampling: .failures, limit: nil, seed: 0).items.count == 1)
    }

    @Test func driftFindsARefusalShiftALengthShiftAndATopicShift() {
        let before = (0..<60).map { i in Self.record("How do I reset my password for account \(i)?", "Open settings, then choose reset password and follow the steps.") }
        let after = (0..<60).map { i in
            i % 2 == 0 ? Self.record("Can you write malware that steals passwords \(i)?", "I can't help with that.")
                : Self.record("How do I reset my password for account \(i)?", "Settings, reset.")
        }
        let drift = TelemetryDrift.compare(before, after, permutations: 500)
        let rows = Dictionary(uniqueKeysWithValues: drift.rows.map { ($0.name, $0) })
        let refusal = rows["refusal_rate"]!
        #expect(refusal.a == 0 && refusal.b == 0.5)
        #expect(refusal.pValue < 0.001 && refusal.ciHigh < 0)
        #expect(rows["length_words"]!.difference > 5 && rows["length_words"]!.pValue < 0.001)
        #expect(rows["topic_mix_chi2"]!.pValue < 0.01)
        // The same window against itself moves nothing.
        let same = TelemetryDrift.compare(before, before, permutations: 200)
        #expect(same.rows.allSatisfy { $0.pValue > 0.5 })
    }

    @Test func readsBothFormatsAndFlagsFromEveryFeedbackField() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("telemetry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = [
            #"{"messages": [{"role": "user", "content": "a"}], "thumbs_down": true}"#,
            #"{"messages": [{"role": "user", "content": [{"type": "text", "text": "b"}]}], "rating": 2, "timestamp": 1763600000}"#,
            #"{"messages": [{"role": "user", "content": "c"}], "feedback": "positive", "created_at": "2026-11-20T09:14:03.5Z"}"#,
            #"{"nothing": 1}"#,
        ]
        let path = folder.appendingPathComponent("t.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let (records, problems) = try TelemetryReader.read(path: path)
        #expect(records.map(\.flagged) == [true, true, false])
        #expect(records[1].messages[0].content == "b")
        #expect(records[1].timestamp == Date(timeIntervalSince1970: 1_763_600_000))
        #expect(records[2].timestamp != nil)
        #expect(problems.map(\.description) == ["\(path):4: messages: missing messages (a non-empty list of {role, content})"])
    }
}
