import AssayCore
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AssayServer

/// Two finished runs of one suite whose accuracies are known: on the 20 shared items run a passes items 0–15 (0.8)
/// and run b items 0–5 (0.3), so items 6–15 flip pass → fail, and run b's failing responses are hostile HTML. Item 20
/// is only in run a. Item 6 also carries a hostile tag, and run b's model name is hostile.
struct CompareFixture {
    static let script = "<script>document.title='pwned'</script>"
    static let image = "<img src=x onerror=alert(1)>"
    static let hostileTag = "<i>tag</i>"
    static let runA = "20261122-100000-cmpa0001"
    static let runB = "20261122-110000-cmpb0001"

    let store: SQLiteStore
    let items: [Item]

    init() async throws {
        store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-compare-\(UUID().uuidString)/assay.db")
        items = (0..<21).map { (i: Int) -> Item in
            var tags = [i % 2 == 0 ? "even" : "odd"]
            if i == 6 { tags.append(Self.hostileTag) }
            return Item(prompt: "What is \(i) + \(i)?", target: .number(Double(2 * i)), tags: tags)
        }
        let suite = Suite(config: SuiteConfig(name: "cmp", scorers: [ScorerSpec(type: "exact_match", normalize: "number")]), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        for (id, model, passes, count, hour) in [(Self.runA, "openai:model-a", 16, 21, 0.0), (Self.runB, "openai:b\(Self.image)", 6, 20, 1.0)] {
            let run = RunRecord(id: id, suiteName: "cmp", suiteVersion: suite.version, model: model, configHash: config.hash, config: config,
                                status: .completed, createdAt: Date(timeIntervalSince1970: 1_800_000_000 + 3600 * hour))
            try await store.createRun(run)
            let results: [SampleResult] = items.prefix(count).enumerated().map { i, item in
                let pass = i < passes || i == 20
                let text = pass ? "\(2 * i)" : (id == Self.runB ? "Sure! \(Self.script)\(Self.image)" : "I think it is \(2 * i + 1)")
                return SampleResult(sample: Sample(runID: id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: text)),
                                    scores: [pass ? .pass("exact_match") : .fail("exact_match")])
            }
            try await store.record(results)
        }
    }

    func app() -> some ApplicationProtocol {
        Application(router: Dashboard.router(data: DashboardData(store: store), token: nil, allowedHosts: nil))
    }
}

@Suite("Comparing two runs on the dashboard")
struct CompareDashboardTests {
    /// The paired difference of 0/1 items with ten discordant out of twenty: 0.5, SE sqrt(20 × 0.25) / 20 (each item its
    /// own cluster), interval 0.5 ± 1.959964 SE.
    static let se = (20 * 0.25).squareRoot() / 20
    static let low = 0.5 - 1.959964 * se, high = 0.5 + 1.959964 * se

    @Test func thePageShowsTheDifferenceWithItsIntervalAndMarksTheSignificantRow() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB.prefix(18))", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<span id=\"shared-items\">20</span>"))
                #expect(html.contains("<div><span>only in a</span>1</div><div><span>only in b</span>0</div>"))
                #expect(html.contains("href=\"/runs/\(CompareFixture.runA)\""))
                #expect(html.contains("href=\"/runs/\(CompareFixture.runB)\""))
                let metrics = try #require(Self.section(html, from: "<table id=\"metrics\">", to: "</table>"))
                let all = try #require(Self.section(metrics, from: "<td>exact_match</td><td>accuracy</td><td>all</td>", to: "</tr>"))
                #expect(all.contains("<td class=\"num\">0.800</td><td class=\"num\">0.300</td>"))
                #expect(all.contains("<strong>+0.500</strong>"))
                #expect(all.contains("[+\(Self.fixed(Self.low)), +\(Self.fixed(Self.high))]"))
                #expect(all.contains("[+0.281, +0.719]"))
                #expect(all.contains("mcnemar"))
                #expect(all.contains("<td class=\"num\">0.002</td>"))  // exact McNemar, 10 vs 0: 2 / 1024
                #expect(all.contains("<td class=\"num\">20</td>"))
                // Only the all-items row survives Benjamini-Hochberg (the tag rows have p = 0.0625 and 1).
                #expect(metrics.components(separatedBy: "<tr class=\"significant\">").count - 1 == 1)
                #expect(metrics.components(separatedBy: "class=\"sig\"").count - 1 == 1)
                // Tag rows that are not significant are left to the full table under <details>.
                #expect(!metrics.contains("<td>even</td>"))
                let byTag = try #require(Self.section(html, from: "<table id=\"metrics-by-tag\">", to: "</table>"))
                #expect(byTag.contains("<td>even</td>"))
                #expect(byTag.contains("<td>odd</td>"))
                // The chart: a forest plot with the zero line and the significant row highlighted.
                let chart = try #require(Self.section(html, from: "<figure id=\"metrics-chart\">", to: "</figure>"))
                #expect(chart.contains("assay-zero"))
                #expect(chart.contains("assay-row assay-highlight"))
                #expect(chart.contains("+0.500 [+0.281, +0.719] *"))
                // The behaviour profile has its table.
                #expect(html.contains("<table id=\"shift\">"))
                #expect(html.contains("<td colspan=\"2\">refusal_rate</td>"))
                // One epoch: no distribution test, and why.
                #expect(html.contains("Not tested: needs at least two completions per run"))
                #expect(html.contains("<strong id=\"identical-share\">30.0%</strong>"))  // items 0–5 answered alike
            }
        }
    }

    @Test func flippedItemsShowTheScorerVerdictsAndBothTranscripts() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<span class=\"muted\" id=\"flipped-count\">10</span>"))
                let sections = html.components(separatedBy: "<section class=\"flip\">").dropFirst()
                #expect(sections.count == 10)
                let item = fixture.items[7]
                let flip = try #require(sections.first { $0.contains("href=\"/items/\(item.id)\"") })
                #expect(flip.contains("<span class=\"muted\">scorer</span> exact_match"))
                #expect(flip.contains("<span class=\"pass\">pass</span> → <span class=\"fail\">fail</span>"))
                #expect(flip.contains("<span class=\"muted\">tags</span> odd"))
                #expect(flip.components(separatedBy: "What is 7 + 7?").count - 1 == 1)  // the prompt once
                #expect(flip.contains("<pre class=\"response\">14</pre>"))
                #expect(flip.contains("<pre class=\"response\">Sure! &lt;script&gt;"))
                #expect(flip.contains("href=\"/runs/\(CompareFixture.runA)/samples/\(item.id)/0\""))
                #expect(flip.contains("href=\"/runs/\(CompareFixture.runB)/samples/\(item.id)/0\""))
                // Items that did not flip are not listed.
                #expect(!html.contains("href=\"/items/\(fixture.items[2].id)\""))
                #expect(!html.contains("href=\"/items/\(fixture.items[16].id)\""))
            }
            // Paging: from offset 5, the last five and a link back.
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB)&offset=5", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.components(separatedBy: "<section class=\"flip\">").count - 1 == 5)
                #expect(html.contains("6–10 of 10"))
                #expect(html.contains(">previous</a>"))
                #expect(!html.contains(">next</a>"))
            }
        }
    }

    @Test func missingRunsAreABadRequestAndUnknownOnesNotFound() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            for uri in ["/compare", "/compare?a=\(CompareFixture.runA)", "/compare?a=&b=\(CompareFixture.runB)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains("name both runs to compare: ?a=RUN&amp;b=RUN"), "\(uri)")
                }
            }
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB)&alpha=2", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("alpha must be a number between 0 and 1"))
            }
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("No such run &#39;nope&#39;"))
            }
            // "2026" prefixes both runs: ambiguous, so not found rather than a guess.
            try await client.execute(uri: "/compare?a=2026&b=\(CompareFixture.runB)", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/compare?b=\(CompareFixture.runB)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect((body?["error"] as? String)?.contains("name both runs") == true)
            }
            try await client.execute(uri: "/api/compare?a=\(CompareFixture.runA)&b=nope", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect((body?["error"] as? String)?.hasPrefix("no such run 'nope'") == true)
            }
        }
    }

    @Test func theAPIReturnsTheComparisonJSON() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/api/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(body["shared_items"] as? Int == 20)
                #expect(body["only_in_a"] as? Int == 1)
                #expect(body["only_in_b"] as? Int == 0)
                #expect(body["alpha"] as? Double == 0.05)
                #expect((body["a"] as? [String: Any])?["run"] as? String == CompareFixture.runA)
                #expect((body["b"] as? [String: Any])?["samples"] as? Int == 20)
                let metrics = try #require(body["metrics"] as? [[String: Any]])
                let all = try #require(metrics.first { $0["tag"] is NSNull })
                #expect(all["name"] as? String == "accuracy")
                #expect(all["scorer"] as? String == "exact_match")
                #expect(abs((all["a"] as? Double ?? 0) - 0.8) < 1e-12)
                #expect(abs((all["b"] as? Double ?? 0) - 0.3) < 1e-12)
                #expect(abs((all["difference"] as? Double ?? 0) - 0.5) < 1e-12)
                #expect(abs((all["stderr"] as? Double ?? 0) - Self.se) < 1e-12)
                #expect(abs((all["ci_low"] as? Double ?? 0) - Self.low) < 1e-6)
                #expect(abs((all["ci_high"] as? Double ?? 0) - Self.high) < 1e-6)
                #expect(abs((all["p_value"] as? Double ?? 0) - 2.0 / 1024) < 1e-12)
                #expect(all["n"] as? Int == 20)
                #expect(all["test"] as? String == "mcnemar")
                #expect(metrics.count == 4)  // all, even, odd, the hostile tag
                let shift = try #require(body["shift"] as? [[String: Any]])
                #expect(shift.contains { $0["name"] as? String == "response_words" })
                let flipped = try #require(body["flipped"] as? [[String: Any]])
                #expect(flipped.count == 10)
                #expect(Set(flipped.compactMap { $0["item_id"] as? String }) == Set(fixture.items[6..<16].map(\.id)))
                #expect(flipped.allSatisfy { $0["a"] as? String == "pass" && $0["b"] as? String == "fail" })
                let distribution = try #require(body["distribution"] as? [String: Any])
                #expect(distribution["testable"] as? Bool == false)
                #expect(distribution["p_value"] is NSNull)
            }
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let paths = try #require(doc["paths"] as? [String: Any])
                #expect(paths["/api/compare"] != nil)
                let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
                let paired = try #require((schemas["PairedComparison"] as? [String: Any])?["properties"] as? [String: Any])
                for field in ["name", "scorer", "a", "b", "difference", "stderr", "ci_low", "ci_high", "p_value", "q_value", "n"] {
                    #expect(paired[field] != nil, "\(field)")
                }
            }
        }
    }

    @Test func hostileModelOutputTagsAndNamesAreEscaped() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/compare?a=\(CompareFixture.runA)&b=\(CompareFixture.runB)", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(!html.contains("<script>document.title"))
                #expect(!html.contains("<img src=x"))
                #expect(!html.contains("<i>tag</i>"))
                #expect(html.contains("Sure! &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
                #expect(html.contains("<code>openai:b&lt;img src=x onerror=alert(1)&gt;</code>"))
                #expect(html.contains("&lt;i&gt;tag&lt;/i&gt;"))
                // Every onerror= is inside escaped text.
                #expect(html.components(separatedBy: "onerror=").count == html.components(separatedBy: "&lt;img src=x onerror=").count)
                #expect(html.components(separatedBy: "<script").count == 1)
            }
        }
    }

    @Test func theRunsListAndARunPageLinkToTheComparison() async throws {
        let fixture = try await CompareFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                let form = try #require(Self.section(html, from: "<form class=\"filters compare\" method=\"get\" action=\"/compare\">", to: "</form>"))
                #expect(form.contains("<select name=\"a\">"))
                #expect(form.contains("<select name=\"b\">"))
                // Newest run (b, created later) as a, the one before it as b.
                #expect(form.contains("<option value=\"\(CompareFixture.runB)\" selected>"))
                #expect(form.contains("<option value=\"\(CompareFixture.runA)\" selected>"))
                #expect(form.contains("openai:b&lt;img src=x onerror=alert(1)&gt;"))
            }
            try await client.execute(uri: "/runs/\(CompareFixture.runA)", method: .get) { response in
                let html = String(buffer: response.body)
                let form = try #require(Self.section(html, from: "<form class=\"filters compare\" method=\"get\" action=\"/compare\">", to: "</form>"))
                #expect(form.contains("<input type=\"hidden\" name=\"a\" value=\"\(CompareFixture.runA)\">"))
                #expect(form.contains("<option value=\"\(CompareFixture.runB)\">"))
                #expect(!form.contains("<option value=\"\(CompareFixture.runA)\">"))
            }
        }
    }

    /// The text between the first `from` and the next `to` (inclusive of `from`).
    static func section(_ text: String, from: String, to: String) -> String? {
        guard let start = text.range(of: from), let end = text.range(of: to, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.lowerBound..<end.lowerBound])
    }

    static func fixed(_ x: Double) -> String { String(format: "%.3f", x) }
}
