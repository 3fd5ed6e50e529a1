import AssayAnalysis
import AssayCore
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AssayServer

/// The findings list, a finding's page and their API, on findings mined from stored runs whose prompts and responses
/// are hostile markup.
@Suite struct FindingsDashboardTests {
    static let hostile = "<script>alert('f')</script>"

    static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-findings-\(UUID().uuidString)/assay.db")
        let items = (0..<6).map { i in
            Item(prompt: i < 3 ? "Spell \(hostile) backwards, word \(i)" : "Add the numbers \(i) and \(i)", target: .text(["x"]), tags: [i < 3 ? "spelling" : "sums"])
        }
        let suite = Suite(config: SuiteConfig(name: "mixed", scorers: [ScorerSpec(type: "exact_match")]), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        var failures: [FailureSample] = []
        var sources: [MinedSource] = []
        for (index, id) in ["20261128-000000-findrun1", "20261128-000001-findrun2"].enumerated() {
            let run = RunRecord(id: id, suiteName: "mixed", suiteVersion: suite.version, model: "m\(index)", configHash: config.hash, config: config,
                                status: .completed, createdAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(index) * 86_400))
            try await store.createRun(run)
            // The second run fails only the spelling items.
            let failing = items.filter { index == 0 || $0.tags == ["spelling"] }
            func response(_ item: Item) -> String { item.tags == ["spelling"] ? "\(hostile) olleh" : "the total is unknown" }
            try await store.record(items.map { item in
                SampleResult(sample: Sample(runID: id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: response(item))),
                             scores: [failing.contains(item) ? .fail("exact_match") : .pass("exact_match")])
            })
            failures += failing.map { FailureSample(key: FindingLink.Key(source: id, itemID: $0.id, epoch: 0), model: run.model, prompt: $0.prompt,
                                                    response: response($0), labels: ["exact_match"] + $0.tags) }
            sources.append(MinedSource(source: id, kind: "run", suite: "mixed", model: run.model, samples: 6, failures: failing.count, startedAt: run.createdAt))
        }
        var result = FailureMiner().mine(failures, existing: [], links: [])
        // A title is model output when a titler wrote it.
        result.findings[0].title = hostile
        try await store.saveFindings(result.findings, links: result.links, sources: sources)
        return store
    }

    @Test func listAndDetailShowCountsTrendAndExamplesWithEverythingEscaped() async throws {
        let store = try await Self.store()
        let summaries = try await FindingSummary.all(store: store)
        #expect(summaries.count == 2)
        let spelling = try #require(summaries.first { $0.finding.terms.contains("spelling") })
        #expect(spelling.trend.map(\.count) == [3, 3])
        try await Fixture.app(store).test(.router) { client in
            try await client.execute(uri: "/findings", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<a href=\"/findings\" aria-current=\"page\">findings</a>"))
                #expect(html.contains("<a href=\"/findings/F-1\">F-1</a>") && html.contains("<a href=\"/findings/F-2\">F-2</a>"))
                #expect(html.contains("<svg class=\"spark\""))
                #expect(!html.contains(Self.hostile) && html.contains("&lt;script&gt;alert(&#39;f&#39;)&lt;/script&gt;"))
            }
            try await client.execute(uri: "/findings/\(spelling.finding.id)", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h2>Trend</h2>") && html.contains("<svg"))
                #expect(html.contains("<a href=\"/runs/20261128-000000-findrun1\">20261128-000000-findrun1</a>"))
                #expect(html.contains("href=\"/runs/20261128-000000-findrun1/samples/"))
                #expect(html.contains("class=\"example\""))
                #expect(!html.contains(Self.hostile))
            }
            try await client.execute(uri: "/findings?status=triaged", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No findings with status triaged"))
            }
            try await client.execute(uri: "/findings?status=<b>", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/findings/F-9", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/findings/\(spelling.finding.id)", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(json["samples"] as? Int == 6 && json["items"] as? Int == 3 && json["runs"] as? Int == 2)
                let trend = try #require(json["trend"] as? [[String: Any]])
                #expect(trend.map { $0["count"] as? Int } == [3, 3])
                #expect(trend.allSatisfy { $0["ci_low"] is Double && $0["ci_high"] is Double && $0["started_at"] is String })
                let examples = try #require(json["examples"] as? [[String: Any]])
                #expect(examples.count == 6 && examples.allSatisfy { ($0["prompt"] as? String)?.contains(Self.hostile) == true })
                #expect(examples.allSatisfy { ($0["response"] as? String) == "\(Self.hostile) olleh" })
            }
            try await client.execute(uri: "/api/findings?status=open", method: .get) { response in
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(json.count == 2)
            }
            try await client.execute(uri: "/api/findings?status=nope", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
