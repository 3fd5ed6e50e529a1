import AssayCore
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AssayServer

/// The dimension page and API on a stored learning run whose task names are hostile markup.
@Suite struct DimensionDashboardTests {
    static let hostile = "<script>alert('k')</script>"

    static func store() async throws -> (SQLiteStore, RunRecord, RunRecord) {
        let store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-dim-\(UUID().uuidString)/assay.db")
        var items = LearningTasks.items(tasks: [.cipher], shots: [0, 2, 8], perShot: 6, seed: 1)
        // A task name from a hand-written suite file is user input: it reaches group labels and must be escaped.
        for i in items.indices where i % 2 == 0 { items[i].metadata["task"] = hostile }
        let suite = Suite(config: SuiteConfig(name: "learn", scorers: [ScorerSpec(type: "exact_match")], kind: .learning), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        let run = RunRecord(id: "20261128-000000-learn001", suiteName: "learn", suiteVersion: suite.version, model: "openai:stub",
                            configHash: config.hash, config: config, status: .completed)
        try await store.createRun(run)
        try await store.record(items.map { item in
            let pass = Int(item.metadata["shots"]!)! >= 2
            return SampleResult(sample: Sample(runID: run.id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: hostile)),
                                scores: [pass ? .pass("exact_match") : .fail("exact_match")])
        })
        let plain = Suite(config: SuiteConfig(name: "plain"), items: [Item(prompt: "x", target: .text(["y"]))])
        try await store.saveSuite(plain)
        let other = RunRecord(id: "20261128-000000-plain001", suiteName: "plain", suiteVersion: plain.version, model: "m", configHash: config.hash,
                              config: config, status: .completed)
        try await store.createRun(other)
        return (store, run, other)
    }

    @Test func thePageShowsTheCurveTheEstimatesAndEscapesNames() async throws {
        let (store, run, plain) = try await Self.store()
        try await Fixture.app(store).test(.router) { client in
            try await client.execute(uri: "/runs/\(run.id)", method: .get) { response in
                #expect(String(buffer: response.body).contains("href=\"/runs/\(run.id)/dimension\">learning report</a>"))
            }
            try await client.execute(uri: "/runs/\(run.id)/dimension", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<h2>Curves</h2>"))
                #expect(body.contains("<svg"))
                #expect(body.contains("shots (k)"))
                #expect(body.contains("slope_per_doubling"))
                #expect(!body.contains(Self.hostile))
                #expect(body.contains("&lt;script&gt;"))
            }
            try await client.execute(uri: "/api/runs/\(run.id)/dimension", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(json["kind"] as? String == "learning")
                let estimates = try #require(json["estimates"] as? [[String: Any]])
                let k8 = estimates.first { $0["name"] as? String == "accuracy" && $0["group"] as? String == "k=8" }
                #expect(k8?["value"] as? Double == 1)
                #expect(k8?["x"] as? Double == 8)
            }
            try await client.execute(uri: "/api/runs/\(plain.id)/dimension", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/runs/\(plain.id)/dimension", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
