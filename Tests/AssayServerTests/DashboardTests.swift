import AssayCore
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AssayServer

/// A store holding one finished run whose model output is hostile HTML.
enum Fixture {
    static let script = "<script>document.title='pwned'</script>"
    static let image = "<img src=x onerror=alert(1)>"

    static func store() async throws -> (SQLiteStore, RunRecord) {
        let store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-dash-\(UUID().uuidString)/assay.db")
        let items = (0..<30).map { i in
            Item(prompt: "What is \(i) + \(i)? \(i == 0 ? image : "")", target: .number(Double(2 * i)), tags: [i % 2 == 0 ? "even" : "odd", "arithmetic"])
        }
        let suite = Suite(config: SuiteConfig(name: "dash", scorers: [ScorerSpec(type: "exact_match", normalize: "number"), ScorerSpec(type: "digit_accuracy")]),
                          items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match", "digit_accuracy"], continuousScorers: ["digit_accuracy"])
        let run = RunRecord(id: "20261122-000000-dash0001", suiteName: "dash", suiteVersion: suite.version, model: "openai:stub", configHash: config.hash,
                            config: config, status: .completed)
        try await store.createRun(run)
        var results: [SampleResult] = []
        for (i, item) in items.enumerated() {
            let correct = i % 3 != 0
            let text = i == 0 ? "Answer: \(script) \(image)" : (correct ? "\(2 * i)" : "\(2 * i + 1)")
            let sample = Sample(runID: run.id, itemID: item.id, epoch: 0, messages: item.input,
                                completion: Completion(text: text, logprobs: [TokenLogProb(token: script, logprob: -2.5), TokenLogProb(token: " ok", logprob: -0.1)]),
                                error: i == 29 ? "server (HTTP 500): down" : nil)
            let scores: [Score] = i == 29 ? [] : [correct ? .pass("exact_match") : .fail("exact_match", "got \(image)"), .value("digit_accuracy", correct ? 1 : 0.5)]
            results.append(SampleResult(sample: sample, scores: scores))
        }
        try await store.record(results)
        return (store, run)
    }

    static func app(_ store: SQLiteStore, token: String? = nil, hosts: Set<String>? = nil) -> some ApplicationProtocol {
        Application(router: Dashboard.router(data: DashboardData(store: store), token: token, allowedHosts: hosts))
    }
}

@Suite("Dashboard API and pages through Hummingbird's test client")
struct DashboardTests {
    @Test func apiListsRunsWithMetricsAndPagesSamplesWithFilters() async throws {
        let (store, run) = try await Fixture.store()
        try await Fixture.app(store).test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                #expect(response.status == .ok)
                let runs = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                #expect(runs?.first?["id"] as? String == run.id)
                #expect(runs?.first?["samples"] as? Int == 30)
                #expect(runs?.first?["errors"] as? Int == 1)
            }
            try await client.execute(uri: "/api/runs/\(run.id.prefix(20))", method: .get) { response in
                #expect(response.status == .ok)
                let detail = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let metrics = try #require(detail["metrics"] as? [[String: Any]])
                let accuracy = try #require(metrics.first { $0["name"] as? String == "accuracy" })
                // 29 scored items, every third fails: items 0, 3, …, 27 → 10 fails.
                #expect(accuracy["n"] as? Int == 29)
                #expect(abs((accuracy["value"] as? Double ?? 0) - 19.0 / 29.0) < 1e-12)
                #expect(accuracy["method"] as? String == "wilson")
                let progress = try #require(detail["progress"] as? [String: Any])
                #expect(progress["done"] as? Int == 30)
                #expect(progress["total"] as? Int == 30)
            }
            try await client.execute(uri: "/api/runs/\(run.id)/samples?verdict=fail&scorer=exact_match&limit=4", method: .get) { response in
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(page["total"] as? Int == 10)
                #expect((page["samples"] as? [Any])?.count == 4)
            }
            try await client.execute(uri: "/api/runs/\(run.id)/samples?verdict=error", method: .get) { response in
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(page["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/runs/\(run.id)/samples?tag=odd&limit=500", method: .get) { response in
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(page["total"] as? Int == 15)
            }
            try await client.execute(uri: "/api/runs/\(run.id)/samples?verdict=maybe", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            for bad in ["after_item=x", "after_item=x&after_epoch=one", "after_item=x&after_epoch=0&offset=3"] {
                try await client.execute(uri: "/api/runs/\(run.id)/samples?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
            // Following `next` from the first page visits the same samples, in the same order, as one big page.
            var everything: [String] = []
            try await client.execute(uri: "/api/runs/\(run.id)/samples?verdict=fail&limit=500", method: .get) { response in
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                everything = (page["samples"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
                #expect(page["next"] == nil)
            }
            var chained: [String] = []
            var query = "verdict=fail&limit=3"
            while true {
                var next: [String: Any]?
                try await client.execute(uri: "/api/runs/\(run.id)/samples?\(query)", method: .get) { response in
                    #expect(response.status == .ok)
                    let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                    #expect(page["total"] as? Int == 10)
                    chained += (page["samples"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
                    next = page["next"] as? [String: Any]
                }
                guard let next, let item = next["after_item"] as? String, let epoch = next["after_epoch"] as? Int else { break }
                query = "verdict=fail&limit=3&after_item=\(item)&after_epoch=\(epoch)"
            }
            #expect(everything.count == 10)
            #expect(chained == everything)
            try await client.execute(uri: "/api/runs/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/suites", method: .get) { response in
                let suites = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                #expect(suites?.first?["items"] as? Int == 30)
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        let (store, _) = try await Fixture.store()
        try await Fixture.app(store).test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(doc["openapi"] as? String == "3.1.0")
                let paths = try #require(doc["paths"] as? [String: Any])
                for path in ["/api/runs", "/api/runs/{id}", "/api/runs/{id}/metrics", "/api/runs/{id}/progress", "/api/runs/{id}/samples",
                             "/api/runs/{id}/samples/{item}/{epoch}", "/api/suites", "/api/suites/{version}"] {
                    #expect(paths[path] != nil, "\(path)")
                }
            }
        }
    }

    @Test func hostileModelOutputIsEscapedOnEveryPageAndScriptsNeedTheNonce() async throws {
        let (store, run) = try await Fixture.store()
        let items = try #require(try await store.suite(version: run.suiteVersion)).items
        try await Fixture.app(store).test(.router) { client in
            for uri in ["/", "/runs/\(run.id)", "/runs/\(run.id)/samples/\(items[0].id)/0", "/suites", "/suites/\(run.suiteVersion)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let html = String(buffer: response.body)
                    #expect(!html.contains("<script>document.title"), "\(uri)")
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    let csp = try #require(response.headers[.contentSecurityPolicy])
                    #expect(csp.contains("script-src 'nonce-"))
                    #expect(!csp.contains("unsafe-inline'; img") || csp.contains("style-src 'unsafe-inline'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            try await client.execute(uri: "/runs/\(run.id)/samples/\(items[0].id)/0", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
                #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
                #expect(html.contains("Token log-probabilities"))
            }
        }
    }

    @Test func aTokenIsRequiredWhenConfigured() async throws {
        let (store, _) = try await Fixture.store()
        try await Fixture.app(store, token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/?token=s3cret", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("assay_token=s3cret; HttpOnly; SameSite=Strict") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "assay_token=s3cret"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aForeignHostIsRefused() async throws {
        // The router test client sends every request with authority "localhost" (a real server takes it from the Host
        // header; the browser test covers that path).
        let (store, _) = try await Fixture.store()
        try await Fixture.app(store, hosts: ["127.0.0.1:8321"]).test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                #expect(response.status == .misdirectedRequest)
            }
        }
        try await Fixture.app(store, hosts: ["localhost"]).test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aNonLoopbackBindNeedsAToken() throws {
        let error = #expect(throws: AssayError.self) { try DashboardServer.validate(.init(host: "0.0.0.0", port: 8321, token: nil)) }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("--token") == true)
        try DashboardServer.validate(.init(host: "0.0.0.0", port: 8321, token: "t"))
        try DashboardServer.validate(.init(host: "127.0.0.1", port: 8321, token: nil))
    }

    @Test func htmlInterpolationEscapesStringsButNotMarkup() {
        let text = "<b>&\"'"
        let html: HTML = "<p title=\"\(text)\">\(text)</p>\(HTML.raw("<svg/>"))"
        #expect(html.text == "<p title=\"&lt;b&gt;&amp;&quot;&#39;\">&lt;b&gt;&amp;&quot;&#39;</p><svg/>")
    }
}
