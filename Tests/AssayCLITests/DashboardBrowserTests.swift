import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// The dashboard in a real browser: headless Chromium loads the run and sample pages of a run whose model output is
/// an XSS payload, the comparison page of two runs whose flipped items carry it, and the series, ladder and forecast
/// pages of a series whose name and metric name carry it; the payload must show as text and never run. Needs `chromium` (CI installs Debian's).
@Suite("Dashboard in headless Chromium", .serialized, .enabled(if: Browser.path != nil))
struct DashboardBrowserTests {
    @Test func hostileOutputShowsAsTextAndNeverRuns() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("dash.db").path
        let store = try SQLiteStore(path: db)
        let payload = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
        let item = Item(prompt: "Say something nasty: \(payload)", target: .text(["ok"]), tags: ["redteam"])
        let suite = Suite(config: SuiteConfig(name: "xss", scorers: [ScorerSpec(type: "includes")]), items: [item])
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["includes"])
        let run = RunRecord(id: "20261122-000000-xss00001", suiteName: "xss", suiteVersion: suite.version, model: "openai:hostile", configHash: config.hash,
                            config: config, status: .completed)
        try await store.createRun(run)
        try await store.record([SampleResult(
            sample: Sample(runID: run.id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: "Sure! \(payload)")),
            scores: [.fail("includes", "no 'ok' in \(payload)")])])

        // Its failure mined into a finding, whose pages show the prompt and response too.
        let mined = try await CLI.run(["findings", "mine", "--runs", run.id, "--min-size", "1", "--db", db], in: directory)
        #expect(mined.status == 0, "\(mined.stderr)")

        let (server, out, _) = try CLI.start(["serve", "--port", "0", "--db", db], in: directory)
        defer { server.terminate(); server.waitUntilExit() }
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: out.fileHandleForReading.availableDataLine()) }
        }
        let url = try #require(String(data: line, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(url.hasPrefix("http://127.0.0.1:"))

        for page in ["/runs/\(run.id)", "/runs/\(run.id)/samples/\(item.id)/0", "/findings/F-1"] {
            let dom = try await Browser.dumpDOM(url + page)
            #expect(dom.contains("<title>"), "\(page): \(dom.prefix(300))")
            #expect(!dom.contains("<title>pwned"), "\(page)")
            #expect(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "\(page)")
            #expect(!dom.contains("<img src=\"x\""), "\(page)")
        }
        // A screenshot for people to look at.
        let screenshot = CLI.repositoryRoot.appendingPathComponent(".build/dashboard-run.png")
        try await Browser.screenshot(url + "/runs/\(run.id)", to: screenshot.path)
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
    }

    @Test func theComparePageShowsHostileOutputOfFlippedItemsAsTextAndNeverRunsIt() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("compare.db").path
        let store = try SQLiteStore(path: db)
        let payload = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
        let items = (0..<4).map { Item(prompt: "Say ok \($0): \(payload)", target: .text(["ok"]), tags: ["redteam", payload]) }
        let suite = Suite(config: SuiteConfig(name: "xss", scorers: [ScorerSpec(type: "includes")]), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["includes"])
        var runs: [RunRecord] = []
        for (index, model) in ["openai:safe", "openai:hostile\(payload)"].enumerated() {
            let run = RunRecord(id: "20261122-00000\(index)-cmp0000\(index)", suiteName: "xss", suiteVersion: suite.version, model: model,
                                configHash: config.hash, config: config, status: .completed)
            try await store.createRun(run)
            try await store.record(items.map { item in
                // Run 0 passes everything; run 1 fails every item with the payload.
                let text = index == 0 ? "ok" : "Sure! \(payload)"
                return SampleResult(sample: Sample(runID: run.id, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: text)),
                                    scores: [index == 0 ? .pass("includes") : .fail("includes", "no 'ok' in \(payload)")])
            })
            runs.append(run)
        }

        let (server, out, _) = try CLI.start(["serve", "--port", "0", "--db", db], in: directory)
        defer { server.terminate(); server.waitUntilExit() }
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: out.fileHandleForReading.availableDataLine()) }
        }
        let url = try #require(String(data: line, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines))
        let page = url + "/compare?a=\(runs[0].id)&b=\(runs[1].id)"
        let dom = try await Browser.dumpDOM(page)
        #expect(dom.contains("<title>Compare"), "\(dom.prefix(300))")
        #expect(!dom.contains("<title>pwned"))
        #expect(dom.contains("id=\"flipped-count\">4</span>"))
        #expect(dom.components(separatedBy: "<section class=\"flip\">").count - 1 == 4)
        #expect(dom.contains("Sure! &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;"))
        #expect(!dom.contains("<img src=\"x\""))
        #expect(!dom.contains("<script>document.title"))
        // A screenshot for people to look at.
        let screenshot = CLI.repositoryRoot.appendingPathComponent(".build/dashboard-compare.png")
        try await Browser.screenshot(page, to: screenshot.path)
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
    }

    @Test func theSeriesPagesShowHostileSeriesAndMetricNamesAsTextAndNeverRunThem() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("series.db").path
        let store = try SQLiteStore(path: db)
        let payload = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
        let name = "ladder \(payload)", metric = "\(payload)/accuracy"
        // An artifact ladder: per-token probability rises evenly, exact match is p^L with L = 10.
        var points: [SeriesPoint] = []
        for (i, p) in [0.5, 0.6, 0.7, 0.8, 0.9, 0.99].enumerated() {
            let axis = pow(10, Double(6 + i))
            points.append(SeriesPoint(series: name, axis: axis, metric: metric, value: pow(p, 10), n: 1000))
            points.append(SeriesPoint(series: name, axis: axis, metric: "token/probability", value: p, n: 1000))
            points.append(SeriesPoint(series: name, axis: axis, metric: "target/length", value: 10, n: 0))
        }
        try await store.saveSeries(points)

        let (server, out, _) = try CLI.start(["serve", "--port", "0", "--db", db], in: directory)
        defer { server.terminate(); server.waitUntilExit() }
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: out.fileHandleForReading.availableDataLine()) }
        }
        let url = try #require(String(data: line, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines))
        let encoded = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let query = try #require(metric.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let pages = ["/series", "/series/\(encoded)", "/series/\(encoded)/forecast?metric=\(query)&threshold=0.5&backtest=0.6"]
        for page in pages {
            let dom = try await Browser.dumpDOM(url + page)
            #expect(dom.contains("<title>"), "\(page): \(dom.prefix(300))")
            #expect(!dom.contains("<title>pwned"), "\(page)")
            #expect(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "\(page)")
            #expect(!dom.contains("<img src=\"x\""), "\(page)")
            #expect(!dom.contains("<script>document.title"), "\(page)")
        }
        let dom = try await Browser.dumpDOM(url + pages[1])
        #expect(dom.contains("<span class=\"badge artifact\">artifact</span>"))
        #expect(dom.components(separatedBy: "<svg").count - 1 >= 5)  // two ladder charts and three curves
        let forecast = try await Browser.dumpDOM(url + pages[2])
        #expect(forecast.contains("id=\"crossing\""))
        #expect(forecast.contains("id=\"backtest\""))
        // Screenshots for people to look at.
        for (page, file) in [(pages[1], "dashboard-series.png"), (pages[2], "dashboard-forecast.png")] {
            let screenshot = CLI.repositoryRoot.appendingPathComponent(".build/\(file)")
            try await Browser.screenshot(url + page, to: screenshot.path)
            #expect(FileManager.default.fileExists(atPath: screenshot.path))
        }
    }

    @Test func aNonLoopbackBindWithoutATokenRefusesToStart() async throws {
        let directory = try CLI.temporaryDirectory()
        let result = try await CLI.run(["serve", "--host", "0.0.0.0", "--port", "0", "--db", directory.appendingPathComponent("x.db").path], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("without a token"))
    }
}

@Suite("assay serve and assay run together", .serialized)
struct ServeAndRunTests {
    @Test func runPrintsTheDashboardAddressOfItsRunWhileAServerServesTheStore() async throws {
        let directory = try CLI.temporaryDirectory()
        let db = directory.appendingPathComponent("both.db").path
        let suite = try CLI.arithmeticSuite(count: 3, in: directory)
        let (server, out, _) = try CLI.start(["serve", "--port", "0", "--db", db, "--open"], in: directory)
        defer { server.terminate(); server.waitUntilExit() }
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: out.fileHandleForReading.availableDataLine()) }
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("http://127.0.0.1:"))
        try await StubModelServer.with { stub in
            let result = try await CLI.run(["run", "--suite", suite.path, "--model", "openai:stub@\(stub.openAIBaseURL)", "--db", db, "--json"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])["run"] as? String
            #expect(result.stderr.contains("dashboard: \(url)/runs/\(run ?? "?")"))
        }
    }
}

/// Headless Chromium, when installed.
enum Browser {
    static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try runBlocking(arguments) }) }
        }
    }

    private static func runBlocking(_ arguments: [String]) throws -> String {
        guard let path else { return "" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(NSTemporaryDirectory())assay-chromium-\(UUID().uuidString)"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The DOM after the page's scripts ran (a script that changed the title would show here).
    static func dumpDOM(_ url: String) async throws -> String {
        try await run(["--virtual-time-budget=3000", "--dump-dom", url])
    }

    static func screenshot(_ url: String, to path: String) async throws {
        _ = try await run(["--window-size=1280,1400", "--screenshot=\(path)", url])
    }
}

extension FileHandle {
    /// Reads up to the first newline (blocking), for a child's first line of output.
    func availableDataLine() -> Data {
        var line = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { return line }
            line.append(byte)
        }
    }
}
