public import AssayCore
public import AssayStore
import Foundation
import Testing

/// What every ``Store`` backend must do, as checks run against a fresh, empty store. The SQLite tests run them on a
/// temporary file, the PostgreSQL tests on a fresh database: one suite of expectations for both backends.
public enum StoreContract {
    /// Makes a fresh, empty store.
    public typealias Factory = @Sendable () async throws -> any Store

    /// The checks by name, for `@Test(arguments:)`.
    public static let names: [String] = checks.map(\.name)

    /// Runs the check called `name` on a store from `make`.
    public static func run(_ name: String, make: Factory) async throws {
        guard let check = checks.first(where: { $0.name == name }) else { Issue.record("no contract check '\(name)'"); return }
        try await check.body(try await make())
    }

    static let checks: [(name: String, body: @Sendable (any Store) async throws -> Void)] = [
        ("suites are saved once and load back by a version prefix", suitesRoundTrip),
        ("every target kind, metadata and provenance round-trip", itemKindsRoundTrip),
        ("samples are recorded once, errors are retried, runs resume", samplesAndRuns),
        ("SQL per-item sums give the metrics of the score rows", itemAggregates),
        ("sample pages filter by verdict, scorer, tag and error", samplePages),
        ("keyset pages chain through every filter in (item, epoch) order", keysetPages),
        ("series points round-trip and replace by axis", series),
        ("evolutions, their logs, standalone items and the cache", evolutions),
        ("findings, their links and mined sources round-trip", findings),
        ("the work queue leases a unit to one owner, expires, releases and completes once", queue),
    ]

    static func suite(_ n: Int = 3) -> Suite {
        let items = (0..<n).map { Item(prompt: "What is \($0) + 1?", target: .number(Double($0 + 1)), tags: ["arithmetic"], cluster: $0 % 2 == 0 ? "even" : nil) }
        return Suite(config: SuiteConfig(name: "tiny", scorers: [ScorerSpec(type: "exact_match", normalize: "number")]), items: items)
    }

    static func suitesRoundTrip(_ store: any Store) async throws {
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
        // A child version with one item retired: newest first, the retired item kept with its reason.
        let child = Suite(config: suite.config, items: Array(suite.items.dropFirst()),
                          retired: [RetiredItem(item: suite.items[0], state: .saturated, reason: "passed by every model")], parent: suite.version)
        try await store.saveSuite(child)
        let all = try await store.suiteVersions(name: nil)
        #expect(all.map(\.version) == [child.version, suite.version])
        #expect(all.first?.parent == suite.version && all.first?.retiredCount == 1)
        let reloaded = try #require(try await store.suite(version: child.version))
        #expect(reloaded.retired.map(\.reason) == ["passed by every model"] && reloaded.retired.first?.state == .saturated)
        #expect(try await store.suite(version: "ffffffffffff") == nil)
    }

    static func itemKindsRoundTrip(_ store: any Store) async throws {
        let odd = "quote \" slash / back \\ tab \t nl \n ctl \u{01} é 🙂 ' ; -- "
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
        #expect(try await store.item(id: items[0].id) == items[0])
    }

    static func samplesAndRuns(_ store: any Store) async throws {
        let suite = Self.suite()
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        let run = RunRecord(id: "run-1", suiteName: "tiny", suiteVersion: suite.version, model: "openai:stub", configHash: config.hash, config: config,
                            labels: ["team": "evals"])
        try await store.createRun(run)

        let item = suite.items[0]
        let first = SampleResult(sample: Sample(runID: "run-1", itemID: item.id, epoch: 0, messages: item.input,
                                                completion: Completion(text: "1", logprobs: [TokenLogProb(token: "1", logprob: -0.5)], finishReason: "stop"),
                                                choiceLogLikelihoods: [-1, -2.5], targetLogLikelihood: -0.25, latency: 0.125, cached: false),
                                 scores: [.pass("exact_match", "matched")], cacheKey: "k1")
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
        #expect(stored.sample.text == "1" && stored.sample.completion?.logprobs?.first?.logprob == -0.5)
        #expect(stored.sample.choiceLogLikelihoods == [-1, -2.5] && stored.sample.targetLogLikelihood == -0.25 && stored.sample.latency == 0.125)
        #expect(stored.scores == [.pass("exact_match", "matched")])
        #expect(try await store.sample(runID: "run-1", itemID: item.id, epoch: 0)?.scores == [.pass("exact_match", "matched")])
        let counts = try await store.counts(runID: "run-1")
        #expect(counts.samples == 2 && counts.errors == 1)
        let progress = try await store.progress(runID: "run-1")
        #expect(progress.samples == 2 && progress.cached == 0 && progress.firstWrite != nil)
        // The errored unit is not complete: a resumed run retries it, and its new sample replaces the error.
        #expect(try await store.completedUnits(runID: "run-1") == [UnitKey(itemID: item.id, epoch: 0)])
        var retried = failed
        retried.sample.error = nil
        retried.sample.completion = Completion(text: "2")
        retried.scores = [.pass("exact_match")]
        try await store.record([retried])
        #expect(try await store.counts(runID: "run-1").errors == 0)
        let replaced = try #require(try await store.results(runID: "run-1").first { $0.sample.itemID == suite.items[1].id })
        #expect(replaced.sample.text == "2" && replaced.sample.attempts == 2 && replaced.scores == [.pass("exact_match")])
        #expect(try await store.cachedResponse(key: "k1")?.completion.text == "1")
        #expect(try await store.cachedResponse(key: "missing") == nil)
        try await store.cacheResponse(key: "k1", response: CachedResponse(completion: Completion(text: "replaced"), attempts: 2))
        #expect(try await store.cachedResponse(key: "k1")?.completion.text == "replaced")

        #expect(try await store.resumableRun(suiteVersion: suite.version, model: "openai:stub", configHash: config.hash)?.id == "run-1")
        try await store.updateRun(id: "run-1", status: .completed, finishedAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try await store.resumableRun(suiteVersion: suite.version, model: "openai:stub", configHash: config.hash) == nil)
        let reread = try #require(try await store.run(id: "run"))
        #expect(reread.status == .completed && reread.finishedAt == Date(timeIntervalSince1970: 1_800_000_000) && reread.labels == ["team": "evals"])
        #expect(reread.config == config)
        #expect(try await store.runs(limit: 10).count == 1)
    }

    static func itemAggregates(_ store: any Store) async throws {
        let suite = Self.suite(12)
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
        #expect(rows.count == 72)
        let aggregates = try await store.itemAggregates(runID: "agg")
        let clusters = Dictionary(uniqueKeysWithValues: suite.items.map { ($0.id, $0.cluster) })
        for (scorer, continuous) in [("em", false), ("tld", true)] {
            let units = rows.filter { $0.score.scorer == scorer }.map { ScoredUnit(itemID: $0.itemID, epoch: $0.epoch, cluster: clusters[$0.itemID] ?? nil, score: $0.score) }
            let items = (aggregates[scorer] ?? []).map { ItemAggregate(itemID: $0.itemID, cluster: clusters[$0.itemID] ?? nil, sum: $0.sum, count: $0.count) }
            let fromRows = try #require(MetricCalculator.metric(scorer: scorer, continuous: continuous, units: units))
            let fromSQL = try #require(MetricCalculator.metric(scorer: scorer, continuous: continuous, items: items))
            #expect(fromSQL.n == fromRows.n && fromSQL.abstained == fromRows.abstained && fromSQL.method == fromRows.method)
            #expect(abs(fromSQL.value - fromRows.value) < 1e-12 && abs(fromSQL.stderr - fromRows.stderr) < 1e-12)
        }
        #expect(aggregates["tld"]?.first { $0.count == 0 } != nil)
    }

    static func samplePages(_ store: any Store) async throws {
        let items = (0..<6).map { Item(prompt: "q\($0)", target: .text(["a"]), tags: $0 < 2 ? ["red", "x"] : ["blue"]) }
        let suite = Suite(config: SuiteConfig(name: "pages"), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["a", "b"])
        try await store.createRun(RunRecord(id: "p", suiteName: "pages", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config))
        try await store.record(items.enumerated().map { i, item in
            if i == 5 { return SampleResult(sample: Sample(runID: "p", itemID: item.id, epoch: 0, messages: item.input, error: "timeout"), scores: []) }
            return SampleResult(sample: Sample(runID: "p", itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: "r\(i)")),
                                scores: [i % 2 == 0 ? .pass("a") : .fail("a"), i < 3 ? .fail("b") : .pass("b")])
        })
        func units(_ filter: SampleFilter, offset: Int = 0, limit: Int = 50) async throws -> Set<String> {
            Set(try await store.samples(runID: "p", filter: filter, offset: offset, limit: limit).map(\.sample.itemID))
        }
        let ids = items.map(\.id)
        #expect(try await store.sampleCount(runID: "p", filter: SampleFilter()) == 6)
        #expect(try await units(SampleFilter(verdict: "fail")) == [ids[0], ids[1], ids[2], ids[3]])
        #expect(try await store.sampleCount(runID: "p", filter: SampleFilter(verdict: "fail")) == 4)
        #expect(try await units(SampleFilter(verdict: "fail", scorer: "a")) == [ids[1], ids[3]])
        #expect(try await units(SampleFilter(scorer: "b")) == Set(ids.prefix(5)))
        #expect(try await units(SampleFilter(verdict: "error")) == [ids[5]])
        #expect(try await units(SampleFilter(tag: "red")) == [ids[0], ids[1]])
        #expect(try await units(SampleFilter(verdict: "pass", scorer: "a", tag: "blue")) == [ids[2], ids[4]])
        #expect(try await store.sampleCount(runID: "p", filter: SampleFilter(tag: "no-such")) == 0)
        // Pages follow (item, epoch) order and do not overlap.
        let page1 = try await store.samples(runID: "p", filter: SampleFilter(), offset: 0, limit: 4).map(\.sample.itemID)
        let page2 = try await store.samples(runID: "p", filter: SampleFilter(), offset: 4, limit: 4).map(\.sample.itemID)
        #expect(page1 == page1.sorted() && page1.count == 4 && page2.count == 2 && Set(page1).isDisjoint(with: page2))
        let page = try await store.samplePage(runID: "p", filter: SampleFilter(verdict: "fail"), offset: 1, limit: 2)
        #expect(page.total == 4 && page.rows.count == 2 && page.rows.allSatisfy { !$0.scores.isEmpty })
    }

    static func keysetPages(_ store: any Store) async throws {
        // 7 items × 3 epochs; more than 10 epochs would put epoch 10 before 2 if epochs compared as text.
        let items = (0..<7).map { Item(prompt: "k\($0)", target: .text(["a"]), tags: $0 % 3 == 0 ? ["red"] : ["blue"]) }
        let suite = Suite(config: SuiteConfig(name: "keyset"), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["a", "b"])
        try await store.createRun(RunRecord(id: "k", suiteName: "keyset", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config))
        let epochs = [0, 1, 2, 10, 11]
        try await store.record(items.enumerated().flatMap { i, item in
            epochs.map { epoch in
                if (i + epoch) % 5 == 0 {
                    return SampleResult(sample: Sample(runID: "k", itemID: item.id, epoch: epoch, messages: item.input, error: "timeout"), scores: [])
                }
                return SampleResult(sample: Sample(runID: "k", itemID: item.id, epoch: epoch, messages: item.input, completion: Completion(text: "r")),
                                    scores: [(i + epoch) % 2 == 0 ? .pass("a") : .fail("a"), i < 3 ? .fail("b") : .pass("b")])
            }
        })
        let filters = [SampleFilter(), SampleFilter(verdict: "fail"), SampleFilter(verdict: "pass", scorer: "a"), SampleFilter(scorer: "b"),
                       SampleFilter(verdict: "error"), SampleFilter(tag: "red"), SampleFilter(verdict: "fail", tag: "blue")]
        for filter in filters {
            let all = try await store.samples(runID: "k", filter: filter, offset: 0, limit: 500).map { UnitKey(itemID: $0.sample.itemID, epoch: $0.sample.epoch) }
            var chained: [UnitKey] = []
            var start = PageStart.offset(0)
            while true {
                let page = try await store.samples(runID: "k", filter: filter, from: start, limit: 3)
                chained += page.map { UnitKey(itemID: $0.sample.itemID, epoch: $0.sample.epoch) }
                guard page.count == 3, let last = chained.last else { break }
                start = .after(last)
            }
            #expect(!all.isEmpty)
            #expect(chained == all, "\(filter)")
            #expect(all == all.sorted { ($0.itemID, $0.epoch) < ($1.itemID, $1.epoch) }, "\(filter)")
            #expect(Set(all).count == all.count)
            // Marks: every n-th match; a page started from one and skipping the rest is the offset page.
            for every in [1, 2, 4] {
                let marks = try await store.unitMarks(runID: "k", filter: filter, every: every)
                #expect(marks == stride(from: every - 1, to: all.count, by: every).map { all[$0] }, "\(filter) every \(every)")
                for offset in every..<all.count {
                    let page = try await store.samples(runID: "k", filter: filter, from: .afterSkipping(marks[offset / every - 1], offset % every), limit: 3)
                    #expect(page.map { UnitKey(itemID: $0.sample.itemID, epoch: $0.sample.epoch) } == Array(all[offset..<min(all.count, offset + 3)]),
                            "\(filter) every \(every) offset \(offset)")
                }
            }
        }
        // A unit that is not in the run still positions the page.
        let ids = items.map(\.id).sorted()
        let between = try await store.samples(runID: "k", filter: SampleFilter(), from: .after(UnitKey(itemID: ids[2], epoch: 99)), limit: 1)
        #expect(between.first.map { ($0.sample.itemID, $0.sample.epoch) } ?? ("", -1) == (ids[3], 0))
        #expect(try await store.samples(runID: "k", filter: SampleFilter(), from: .after(UnitKey(itemID: ids[6], epoch: 11)), limit: 5).isEmpty)
    }

    static func series(_ store: any Store) async throws {
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

    static func evolutions(_ store: any Store) async throws {
        let suite = Self.suite()
        try await store.saveSuite(suite)
        var record = EvolutionRecord(id: "evo-1", suiteName: "tiny", suiteVersion: suite.version, target: "openai:m", configHash: "h", config: "{}",
                                     state: "{\"n\":1}")
        try await store.saveEvolution(record, entries: [EvolutionEntry(seq: 0, json: "{\"a\":0}"), EvolutionEntry(seq: 1, json: "{\"a\":1}")])
        #expect(try await store.resumableEvolution(suiteVersion: suite.version, target: "openai:m", configHash: "h")?.id == "evo-1")
        record.state = "{\"n\":2}"
        record.status = .completed
        record.promotedVersion = "v2"
        try await store.saveEvolution(record, entries: [EvolutionEntry(seq: 1, json: "{\"a\":\"replayed\"}"), EvolutionEntry(seq: 2, json: "{\"a\":2}")])
        let reread = try #require(try await store.evolution(id: "evo"))
        #expect(reread.state == "{\"n\":2}" && reread.status == .completed && reread.promotedVersion == "v2")
        #expect(try await store.evolutionEntries(id: "evo-1", count: 3).map(\.json) == ["{\"a\":0}", "{\"a\":\"replayed\"}", "{\"a\":2}"])
        #expect(try await store.evolutionEntries(id: "evo-1", count: 2).count == 2)
        #expect(try await store.evolutions(limit: 5).map(\.id) == ["evo-1"])
        #expect(try await store.resumableEvolution(suiteVersion: suite.version, target: "openai:m", configHash: "h") == nil)
        let loose = Item(prompt: "an ancestor", target: .none, provenance: Provenance(origin: .mutated, operator: "base64"))
        try await store.saveItems([loose, loose])
        #expect(try await store.item(id: loose.id)?.provenance.operator == "base64")
        #expect(try await store.item(id: "nope") == nil)
    }

    static func findings(_ store: any Store) async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        var finding = Finding(id: "F-1", title: "t <b>", terms: ["a", "b"], representation: "tfidf", centroid: .terms(["prompt:a": 0.6, "label:b": 0.8]),
                              representatives: [FindingLink.Key(source: "r", itemID: "i", epoch: 0)], minimal: [], createdAt: now, updatedAt: now)
        let second = Finding(id: "F-2", title: "dense", terms: [], representation: "embedding:e", centroid: .dense([0.6, 0.8]), representatives: [],
                             minimal: [], createdAt: now, updatedAt: now)
        let links = [FindingLink(finding: "F-1", key: FindingLink.Key(source: "r", itemID: "i", epoch: 0), similarity: 0.9),
                     FindingLink(finding: "F-2", key: FindingLink.Key(source: "r", itemID: "j", epoch: 1), similarity: 0.5)]
        let source = MinedSource(source: "r", kind: "run", suite: "s", model: "m", samples: 10, failures: 2, startedAt: now)
        try await store.saveFindings([finding, second], links: links, sources: [source])
        #expect(try await store.findings().map(\.id) == ["F-1", "F-2"])
        #expect(try await store.finding(id: "2")?.centroid == .dense([0.6, 0.8]))
        finding.status = .wontFix
        finding.note = "known"
        try await store.saveFindings([finding], links: [FindingLink(finding: "F-1", key: links[1].key, similarity: 0.7)], sources: [source])
        let reread = try #require(try await store.finding(id: "f-1"))
        #expect(reread == finding)
        #expect(try await store.findingLinks(finding: "F-1").count == 2)
        #expect(try await store.findingLinks(finding: "F-2").isEmpty)
        #expect(try await store.findingLinks(finding: nil).count == 2)
        #expect(try await store.minedSources() == [source])
        #expect(try await store.finding(id: "F-9") == nil)
        #expect(try await store.finding(id: "x") == nil)
    }

    static func queue(_ store: any Store) async throws {
        let suite = Self.suite(5)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])
        try await store.createRun(RunRecord(id: "q", suiteName: "tiny", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config))
        let units = suite.items.map { UnitKey(itemID: $0.id, epoch: 0) }
        try await store.enqueue(runID: "q", units: units)
        try await store.enqueue(runID: "q", units: units)  // queued once
        #expect(try await store.queueCounts(runID: "q") == QueueCounts(pending: 5, leased: 0, done: 0))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let a = try await store.lease(owner: "a", limit: 3, seconds: 30, now: now)
        let b = try await store.lease(owner: "b", limit: 3, seconds: 30, now: now)
        #expect(a.count == 3 && b.count == 2 && Set(a).isDisjoint(with: Set(b)))
        #expect(try await store.lease(owner: "c", limit: 3, seconds: 30, now: now).isEmpty)
        #expect(try await store.queueCounts(runID: "q") == QueueCounts(pending: 0, leased: 5, done: 0))
        // a renews two of its units; b releases one; after 31 s b's other lease has run out and c takes it.
        #expect(try await store.renew(owner: "a", units: Array(a.prefix(2)), seconds: 60, now: now).count == 2)
        #expect(try await store.renew(owner: "b", units: Array(a.prefix(1)), seconds: 60, now: now).isEmpty, "only the owner renews")
        try await store.release(owner: "b", units: [b[0]])
        let later = now.addingTimeInterval(31)
        let c = try await store.lease(owner: "c", limit: 10, seconds: 30, now: later)
        #expect(Set(c) == [b[0], b[1], a[2]])
        // b finishes its expired unit anyway, and so does c: the sample is stored once, the unit is done.
        func result(_ unit: QueuedUnit, _ text: String) -> SampleResult {
            SampleResult(sample: Sample(runID: "q", itemID: unit.unit.itemID, epoch: 0, messages: [], completion: Completion(text: text)), scores: [.pass("exact_match")])
        }
        try await store.complete([result(b[1], "from b")])
        try await store.complete([result(b[1], "from c")])
        #expect(try await store.sample(runID: "q", itemID: b[1].unit.itemID, epoch: 0)?.sample.text == "from b")
        #expect(try await store.sample(runID: "q", itemID: b[1].unit.itemID, epoch: 0)?.scores.count == 1)
        try await store.complete(a.prefix(2).map { result($0, "a") } + [result(b[0], "c"), result(a[2], "c")])
        // b's two units and a's third were leased twice.
        #expect(try await store.queueCounts(runID: "q") == QueueCounts(pending: 0, leased: 0, done: 5, reclaimed: 3))
        #expect(try await store.counts(runID: "q").samples == 5)
        #expect(try await store.lease(owner: "a", limit: 10, seconds: 30, now: later.addingTimeInterval(3_600)).isEmpty, "done units are never leased again")
    }
}
