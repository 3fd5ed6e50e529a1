import AssayCore
import Foundation
import Testing
@testable import AssayStore

@Suite struct SQLiteStoreTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "assay-store-\(UUID().uuidString)/assay.db"
    }

    static func suite(_ n: Int = 3) -> Suite {
        let items = (0..<n).map { Item(prompt: "What is \($0) + 1?", target: .number(Double($0 + 1)), tags: ["arithmetic"], cluster: $0 % 2 == 0 ? "even" : nil) }
        return Suite(config: SuiteConfig(name: "tiny", scorers: [ScorerSpec(type: "exact_match", normalize: "number")]), items: items)
    }

    @Test func savesSuitesIdempotentlyAndLoadsThemBack() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let suite = Self.suite()
        try await store.saveSuite(suite)
        try await store.saveSuite(suite)
        let versions = try await store.suiteVersions(name: "tiny")
        #expect(versions.count == 1)
        #expect(versions.first?.itemCount == 3)
        let loaded = try #require(try await store.suite(version: String(suite.version.prefix(10))))
        #expect(loaded.version == suite.version)
        #expect(loaded.items == suite.items)
        #expect(loaded.config == suite.config)
    }

    @Test func everyTargetKindMetadataAndProvenanceRoundTrip() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let odd = "quote \" slash / back \\ tab \t nl \n ctl \u{01} é 🙂"
        let items = [
            Item(input: [.system("sys \(odd)"), .user("u1"), .assistant("a1"), .user(odd)], target: .text([odd, "b"]), tags: ["t1", odd],
                 cluster: "c", metadata: ["k": odd, "empty": ""], provenance: Provenance(origin: .imported, source: "f.jsonl:3", parent: "p",
                                                                                      operator: "op", generatorModel: "openai:m")),
            Item(prompt: "n", target: .number(2.5)),
            Item(prompt: "big", target: .number(-1e20)),
            Item(prompt: "c", target: .choice(index: 1, choices: ["x", odd])),
            Item(prompt: "f", target: .facts(["f1", "f2"])),
            Item(prompt: "b", target: .behavior(.refuse)),
            Item(prompt: "none", target: .none, provenance: Provenance(origin: .generated, createdAt: Date(timeIntervalSince1970: 1_700_000_000.25))),
        ]
        let suite = Suite(config: SuiteConfig(name: "kinds"), items: items)
        try await store.saveSuite(suite)
        let loaded = try #require(try await store.suite(version: suite.version))
        #expect(loaded.items.count == items.count)
        #expect(Set(loaded.items) == Set(items))
        #expect(loaded.version == suite.version)
    }

    @Test func recordsSamplesOnceAndFindsResumableRuns() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let suite = Self.suite()
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        let run = RunRecord(id: "run-1", suiteName: "tiny", suiteVersion: suite.version, model: "openai:stub", configHash: config.hash, config: config)
        try await store.createRun(run)

        let item = suite.items[0]
        let first = SampleResult(sample: Sample(runID: "run-1", itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: "1")),
                                 scores: [.pass("exact_match")], cacheKey: "k1")
        var second = first
        second.sample.completion = Completion(text: "999")
        second.scores = [.fail("exact_match")]
        try await store.record([first])
        try await store.record([second])  // the same unit again: ignored
        let failed = SampleResult(sample: Sample(runID: "run-1", itemID: suite.items[1].id, epoch: 0, messages: [], error: "server: down"), scores: [])
        try await store.record([failed])

        let results = try await store.results(runID: "run-1")
        #expect(results.count == 2)
        let stored = try #require(results.first { $0.sample.itemID == item.id })
        #expect(stored.sample.text == "1")
        #expect(stored.scores == [.pass("exact_match")])
        let counts = try await store.counts(runID: "run-1")
        #expect(counts.samples == 2)
        #expect(counts.errors == 1)
        // The errored unit is not complete: a resumed run retries it, and its new sample replaces the error.
        #expect(try await store.completedUnits(runID: "run-1") == [UnitKey(itemID: item.id, epoch: 0)])
        var retried = failed
        retried.sample.error = nil
        retried.sample.completion = Completion(text: "2")
        retried.scores = [.pass("exact_match")]
        try await store.record([retried])
        #expect(try await store.counts(runID: "run-1").errors == 0)
        let replaced = try #require(try await store.results(runID: "run-1").first { $0.sample.itemID == suite.items[1].id })
        #expect(replaced.sample.text == "2")
        #expect(replaced.sample.attempts == 2)
        #expect(replaced.scores == [.pass("exact_match")])
        #expect(try await store.cachedResponse(key: "k1")?.completion.text == "1")
        #expect(try await store.cachedResponse(key: "missing") == nil)

        #expect(try await store.resumableRun(suiteVersion: suite.version, model: "openai:stub", configHash: config.hash)?.id == "run-1")
        try await store.updateRun(id: "run-1", status: .completed, finishedAt: Date())
        #expect(try await store.resumableRun(suiteVersion: suite.version, model: "openai:stub", configHash: config.hash) == nil)
        #expect(try await store.run(id: "run")?.status == .completed)
        #expect(try await store.runs(limit: 10).count == 1)
    }

    @Test func survivesReopeningAndRunsMigrationsOnce() async throws {
        let path = Self.temporaryPath()
        do {
            let store = try SQLiteStore(path: path)
            try await store.saveSuite(Self.suite())
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.suiteVersions(name: nil).count == 1)
    }

    @Test func postgresURLsAreRefusedClearlyForNow() {
        let error = #expect(throws: AssayError.self) { _ = try StoreFactory.open("postgres://localhost/assay") }
        #expect(error?.code == .badInput)
    }
}

@Suite struct ItemAggregateTests {
    @Test func sqlAggregatesGiveTheSameMetricsAsTheScoreRows() async throws {
        let store = try SQLiteStore(path: SQLiteStoreTests.temporaryPath())
        let suite = SQLiteStoreTests.suite(12)
        try await store.saveSuite(suite)
        let config = RunConfig(epochs: 3, generation: GenerationParameters(), scorers: ["em", "tld"])
        try await store.createRun(RunRecord(id: "agg", suiteName: "tiny", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config))
        var results: [SampleResult] = []
        for (i, item) in suite.items.enumerated() {
            for epoch in 0..<3 {
                let discrete: Score = (i + epoch) % 5 == 0 ? .abstain("em", "unsure") : ((i * epoch) % 3 == 0 ? .pass("em") : .fail("em"))
                let value: Score = i == 4 ? .abstain("tld") : .value("tld", Double((i * 7 + epoch * 3) % 5) / 4)
                results.append(SampleResult(sample: Sample(runID: "agg", itemID: item.id, epoch: epoch, messages: [], completion: Completion(text: "x")),
                                            scores: [discrete, value]))
            }
        }
        try await store.record(results)
        let rows = try await store.scoreRows(runID: "agg")
        let aggregates = try await store.itemAggregates(runID: "agg")
        let clusters = Dictionary(uniqueKeysWithValues: suite.items.map { ($0.id, $0.cluster) })
        for (scorer, continuous) in [("em", false), ("tld", true)] {
            let units = rows.filter { $0.score.scorer == scorer }.map { ScoredUnit(itemID: $0.itemID, epoch: $0.epoch, cluster: clusters[$0.itemID] ?? nil, score: $0.score) }
            let items = (aggregates[scorer] ?? []).map { ItemAggregate(itemID: $0.itemID, cluster: clusters[$0.itemID] ?? nil, sum: $0.sum, count: $0.count) }
            let fromRows = try #require(MetricCalculator.metric(scorer: scorer, continuous: continuous, units: units))
            let fromSQL = try #require(MetricCalculator.metric(scorer: scorer, continuous: continuous, items: items))
            #expect(fromSQL.n == fromRows.n)
            #expect(fromSQL.abstained == fromRows.abstained)
            #expect(fromSQL.method == fromRows.method)
            #expect(abs(fromSQL.value - fromRows.value) < 1e-12)
            #expect(abs(fromSQL.stderr - fromRows.stderr) < 1e-12)
        }
        #expect(aggregates["tld"]?.first { $0.count == 0 } != nil)
    }
}

@Suite struct SeriesStoreTests {
    @Test func seriesPointsRoundTripAndReplaceByAxis() async throws {
        let path = NSTemporaryDirectory() + "assay-series-\(UUID().uuidString).db"
        let store = try SQLiteStore(path: path)
        try await store.saveSeries([
            SeriesPoint(series: "lab", axis: 2, metric: "exact_match/accuracy", value: 0.5, n: 100, stderr: 0.05),
            SeriesPoint(series: "lab", axis: 1, metric: "exact_match/accuracy", value: 0.1, n: 100),
            SeriesPoint(series: "lab", axis: 1, metric: "target/logprob", value: -3, n: 100, run: "r1"),
            SeriesPoint(series: "other", axis: 5, metric: "m", value: 1, n: 0),
        ])
        try await store.saveSeries([SeriesPoint(series: "lab", axis: 2, metric: "exact_match/accuracy", value: 0.6, n: 120)])
        let points = try await store.series(name: "lab")
        #expect(points.map(\.axis) == [1, 2, 1])
        #expect(points[1].value == 0.6 && points[1].n == 120 && points[1].stderr == nil)
        #expect(points[2].run == "r1")
        let list = try await store.seriesList()
        #expect(list.map(\.name) == ["lab", "other"])
        #expect(list[0].points == 3 && list[0].metrics == ["exact_match/accuracy", "target/logprob"] && list[0].axisRange == 1...2)
    }
}
