import AssayCore
import AsyncHTTPClient
import AssayProviders
import AssayStore
import AssayTestKit
import Foundation
import Logging
import Synchronization
import Testing
@testable import AssayEngine

/// Engine logic against the stub server over real HTTP: faults, retries, resume, errors as data.
@Suite("Engine", .serialized)
struct EngineTests {
    static func arithmeticSuite(_ count: Int) -> Suite {
        let items = (0..<count).map { i in
            Item(prompt: "What is \(1000 + i * 7) + \(i * 13)? Answer with the number only.", target: .number(Double(1000 + i * 7 + i * 13)),
                 tags: ["arithmetic"])
        }
        return Suite(config: SuiteConfig(name: "arith", generation: GenerationParameters(maxTokens: 8),
                                         scorers: [ScorerSpec(type: "exact_match", normalize: "number")]), items: items)
    }

    static func store() throws -> SQLiteStore {
        try SQLiteStore(path: NSTemporaryDirectory() + "assay-engine-\(UUID().uuidString)/assay.db")
    }

    static func provider(_ server: StubModelServer, _ transport: HTTPTransport) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub", baseURL: server.openAIBaseURL), baseURL: server.openAIBaseURL,
                                 apiKey: nil, transport: transport)
    }

    /// The accuracy the stub really has on these items.
    static func trueAccuracy(_ suite: Suite, accuracy: Double) -> Double {
        let correct = suite.items.filter { StubAnswers.isAnsweredCorrectly($0.prompt, accuracy: accuracy) }.count
        return Double(correct) / Double(suite.items.count)
    }

    @Test func twentyPercentFaultsLoseNothingAndMeasureTheTrueAccuracy() async throws {
        let suite = Self.arithmeticSuite(120)
        let store = try Self.store()
        let configuration = StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.7), faultRate: 0.2, seed: 42)
        let report = try await StubModelServer.with(configuration) { server in
            try await withTransport(timeout: 0.5) { transport in
                let engine = Engine(store: store, logger: Logger(label: "test"))
                let options = RunOptions(epochs: 2, concurrency: 16, useCache: false, retry: RetryPolicy(maxAttempts: 12, baseDelay: 0.01, maxDelay: 0.05))
                let report = try await engine.run(suite: suite, provider: Self.provider(server, transport), options: options)
                #expect(server.statistics.faultsInjected > 20)
                // Every unit answered successfully exactly once per epoch, despite faults.
                #expect(server.statistics.answered.values.allSatisfy { $0 >= 2 })
                return report
            }
        }
        #expect(report.samples == 240)
        #expect(report.errors == 0)
        let results = try await store.results(runID: report.run.id)
        #expect(results.count == 240)
        #expect(Set(results.map { "\($0.sample.itemID)#\($0.sample.epoch)" }).count == 240)
        let accuracy = try #require(report.metrics.first { $0.scorer == "exact_match" && $0.name == "accuracy" })
        #expect(abs(accuracy.value - Self.trueAccuracy(suite, accuracy: 0.7)) < 1e-12)
        #expect(accuracy.n == 120)
        #expect(accuracy.ciLow < accuracy.value && accuracy.value < accuracy.ciHigh)
        #expect(report.run.status == .completed)
    }

    @Test func failedRequestsAreStoredAsErrorsNeverAsFails() async throws {
        let suite = Self.arithmeticSuite(10)
        let store = try Self.store()
        let report = try await StubModelServer.with(.init(faultRate: 1, faults: [.serverError])) { server in
            try await withTransport { transport in
                try await Engine(store: store, logger: Logger(label: "test")).run(
                    suite: suite, provider: Self.provider(server, transport),
                    options: RunOptions(concurrency: 4, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.001)))
            }
        }
        #expect(report.samples == 10)
        #expect(report.errors == 10)
        #expect(report.metrics.isEmpty)
        let results = try await store.results(runID: report.run.id)
        #expect(results.allSatisfy { $0.sample.error?.contains("500") == true && $0.sample.attempts == 2 && $0.scores.isEmpty })
    }

    @Test func anInterruptedRunResumesWithoutRequestingFinishedSamplesAgain() async throws {
        let suite = Self.arithmeticSuite(60)
        let store = try Self.store()
        let configuration = StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.5), latency: 0.01)
        try await StubModelServer.with(configuration) { server in
            try await withTransport { transport in
                let engine = Engine(store: store, logger: Logger(label: "test"))
                let options = RunOptions(concurrency: 4, useCache: false)
                let stored = Mutex(0)
                let first = Task {
                    try await engine.run(suite: suite, provider: Self.provider(server, transport), options: options, observer: { event in
                        if case .progress(let p) = event { stored.withLock { $0 = p.done } }
                    })
                }
                while stored.withLock({ $0 }) < 20 { try await Task.sleep(for: .milliseconds(5)) }
                first.cancel()
                await #expect(throws: (any Error).self) { try await first.value }
                let interrupted = try #require(try await store.runs(limit: 1).first)
                #expect(interrupted.status == .interrupted)
                let done = try await store.completedUnits(runID: interrupted.id)
                #expect(done.count >= 20 && done.count < 60)
                let answeredBefore = server.statistics.answered

                let resumedFlag = Mutex(false)
                let report = try await engine.run(suite: suite, provider: Self.provider(server, transport), options: options, observer: { event in
                    if case .started(_, _, let already, let resumed) = event, resumed, already == done.count { resumedFlag.withLock { $0 = true } }
                })
                #expect(resumedFlag.withLock { $0 })
                #expect(report.run.id == interrupted.id)
                #expect(report.samples == 60)
                // Samples stored before the interruption were not requested again.
                let byID = Dictionary(uniqueKeysWithValues: suite.items.map { ($0.id, $0.prompt) })
                for unit in done {
                    let prompt = try #require(byID[unit.itemID])
                    #expect(server.statistics.answered[prompt] == answeredBefore[prompt])
                    #expect(server.statistics.answered[prompt] == 1)
                }
                let accuracy = try #require(report.metrics.first { $0.name == "accuracy" })
                #expect(abs(accuracy.value - Self.trueAccuracy(suite, accuracy: 0.5)) < 1e-12)
            }
        }
    }

    @Test func theCacheAnswersARepeatedRunWithoutRequests() async throws {
        let suite = Self.arithmeticSuite(15)
        let store = try Self.store()
        try await StubModelServer.with { server in
            try await withTransport { transport in
                let engine = Engine(store: store, logger: Logger(label: "test"))
                let first = try await engine.run(suite: suite, provider: Self.provider(server, transport), options: RunOptions(concurrency: 4))
                let requests = server.statistics.requests
                let second = try await engine.run(suite: suite, provider: Self.provider(server, transport), options: RunOptions(concurrency: 4, fresh: true))
                #expect(second.run.id != first.run.id)
                #expect(server.statistics.requests == requests)
                #expect(second.metrics == first.metrics)
                #expect(try await store.results(runID: second.run.id).allSatisfy(\.sample.cached))
            }
        }
    }
}

func withTransport<T: Sendable>(timeout: Double = 10, _ body: (HTTPTransport) async throws -> T) async throws -> T {
    let client = HTTPTransport.makeClient(readTimeout: timeout)
    do {
        let result = try await body(HTTPTransport(client: client, timeout: timeout))
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

@Suite("Engine: failing servers", .serialized)
struct EngineFailureTests {
    @Test func aStreakOfFailuresStopsTheRunAndAResumeRetriesTheErroredUnits() async throws {
        let suite = EngineTests.arithmeticSuite(60)
        let store = try EngineTests.store()
        let engine = Engine(store: store, logger: Logger(label: "test"))
        let failing = RunOptions(concurrency: 2, retry: RetryPolicy(maxAttempts: 1), abortAfterConsecutiveErrors: 10)
        let port = try await FreePortForTests.find()
        let runID = try await StubModelServer.with(.init(port: port, faultRate: 1, faults: [.serverError])) { server in
            try await withTransport { transport in
                let error = await #expect(throws: AssayError.self) {
                    _ = try await engine.run(suite: suite, provider: EngineTests.provider(server, transport), options: failing)
                }
                #expect(error?.code == .runtime)
                #expect(error?.message.contains("failed requests in a row") == true)
                // It stopped early instead of paying for all 60 requests.
                #expect(server.statistics.requests < 30)
                let run = try #require(try await store.runs(limit: 1).first)
                #expect(run.status == .failed)
                #expect(try await store.completedUnits(runID: run.id).isEmpty)
                return run.id
            }
        }
        // The model answers again: the same command resumes the failed run and replaces its errors.
        // Same port, so the same model spec and the same run configuration.
        let report = try await StubModelServer.with(.init(port: port, answer: StubAnswers.arithmetic(accuracy: 1))) { server in
            try await withTransport { transport in
                try await engine.run(suite: suite, provider: EngineTests.provider(server, transport), options: RunOptions(concurrency: 4))
            }
        }
        #expect(report.run.id == runID)
        #expect(report.samples == 60)
        #expect(report.errors == 0)
        let accuracy = try #require(report.metrics.first { $0.name == "accuracy" })
        #expect(accuracy.value == 1)
        #expect(accuracy.n == 60)
    }

    @Test func aStoreFailureStopsTheRunAtOnce() async throws {
        let suite = EngineTests.arithmeticSuite(200)
        let store = BrokenStore(base: try EngineTests.store(), failAfter: 1)
        let report: RunReport? = try await StubModelServer.with(.init(latency: 0.005)) { server in
            try await withTransport { transport in
                let engine = Engine(store: store, logger: Logger(label: "test"))
                do {
                    return try await engine.run(suite: suite, provider: EngineTests.provider(server, transport), options: RunOptions(concurrency: 4, useCache: false))
                } catch {
                    #expect("\(error)".contains("disk full"))
                    #expect(server.statistics.requests < 100)
                    return nil
                }
            }
        }
        #expect(report == nil)
    }
}

/// A store whose sample writes fail after `failAfter` batches (a full disk).
struct BrokenStore: Store {
    let base: SQLiteStore
    let failAfter: Int
    let writes = SharedCounter()

    var location: String { base.location }
    func saveSuite(_ suite: Suite) async throws { try await base.saveSuite(suite) }
    func suiteVersions(name: String?) async throws -> [SuiteVersionInfo] { try await base.suiteVersions(name: name) }
    func suite(version: String) async throws -> Suite? { try await base.suite(version: version) }
    func createRun(_ run: RunRecord) async throws { try await base.createRun(run) }
    func updateRun(id: String, status: RunRecord.Status, finishedAt: Date?) async throws { try await base.updateRun(id: id, status: status, finishedAt: finishedAt) }
    func run(id: String) async throws -> RunRecord? { try await base.run(id: id) }
    func runs(limit: Int) async throws -> [RunRecord] { try await base.runs(limit: limit) }
    func resumableRun(suiteVersion: String, model: String, configHash: String) async throws -> RunRecord? {
        try await base.resumableRun(suiteVersion: suiteVersion, model: model, configHash: configHash)
    }
    func completedUnits(runID: String) async throws -> Set<UnitKey> { try await base.completedUnits(runID: runID) }
    func record(_ results: [SampleResult]) async throws {
        if writes.increment() > failAfter { throw AssayError(.runtime, "disk full") }
        try await base.record(results)
    }
    func results(runID: String) async throws -> [SampleResult] { try await base.results(runID: runID) }
    func counts(runID: String) async throws -> (samples: Int, errors: Int) { try await base.counts(runID: runID) }
    func cachedResponse(key: String) async throws -> CachedResponse? { try await base.cachedResponse(key: key) }
    func progress(runID: String) async throws -> StoredProgress { try await base.progress(runID: runID) }
    func scoreRows(runID: String) async throws -> [ScoreRow] { try await base.scoreRows(runID: runID) }
    func itemAggregates(runID: String) async throws -> [String: [ItemAggregate]] { try await base.itemAggregates(runID: runID) }
    func sampleCount(runID: String, filter: SampleFilter) async throws -> Int { try await base.sampleCount(runID: runID, filter: filter) }
    func unitMarks(runID: String, filter: SampleFilter, every: Int) async throws -> [UnitKey] {
        try await base.unitMarks(runID: runID, filter: filter, every: every)
    }
    func samples(runID: String, filter: SampleFilter, from start: PageStart, limit: Int) async throws -> [SampleResult] {
        try await base.samples(runID: runID, filter: filter, from: start, limit: limit)
    }
    func sample(runID: String, itemID: String, epoch: Int) async throws -> SampleResult? { try await base.sample(runID: runID, itemID: itemID, epoch: epoch) }
    func cacheResponse(key: String, response: CachedResponse) async throws { try await base.cacheResponse(key: key, response: response) }
    func saveItems(_ items: [Item]) async throws { try await base.saveItems(items) }
    func item(id: String) async throws -> Item? { try await base.item(id: id) }
    func saveEvolution(_ record: EvolutionRecord, entries: [EvolutionEntry]) async throws { try await base.saveEvolution(record, entries: entries) }
    func evolutionEntries(id: String, count: Int) async throws -> [EvolutionEntry] { try await base.evolutionEntries(id: id, count: count) }
    func evolution(id: String) async throws -> EvolutionRecord? { try await base.evolution(id: id) }
    func evolutions(limit: Int) async throws -> [EvolutionRecord] { try await base.evolutions(limit: limit) }
    func resumableEvolution(suiteVersion: String, target: String, configHash: String) async throws -> EvolutionRecord? {
        try await base.resumableEvolution(suiteVersion: suiteVersion, target: target, configHash: configHash)
    }
    func saveSeries(_ points: [SeriesPoint]) async throws { try await base.saveSeries(points) }
    func series(name: String) async throws -> [SeriesPoint] { try await base.series(name: name) }
    func seriesList() async throws -> [SeriesInfo] { try await base.seriesList() }
    func saveFindings(_ findings: [Finding], links: [FindingLink], sources: [MinedSource]) async throws {
        try await base.saveFindings(findings, links: links, sources: sources)
    }
    func findings() async throws -> [Finding] { try await base.findings() }
    func finding(id: String) async throws -> Finding? { try await base.finding(id: id) }
    func findingLinks(finding: String?) async throws -> [FindingLink] { try await base.findingLinks(finding: finding) }
    func minedSources() async throws -> [MinedSource] { try await base.minedSources() }
    func enqueue(runID: String, units: [UnitKey]) async throws { try await base.enqueue(runID: runID, units: units) }
    func lease(owner: String, limit: Int, seconds: Double, now: Date) async throws -> [QueuedUnit] {
        try await base.lease(owner: owner, limit: limit, seconds: seconds, now: now)
    }
    func renew(owner: String, units: [QueuedUnit], seconds: Double, now: Date) async throws -> [QueuedUnit] {
        try await base.renew(owner: owner, units: units, seconds: seconds, now: now)
    }
    func release(owner: String, units: [QueuedUnit]) async throws { try await base.release(owner: owner, units: units) }
    func complete(_ results: [SampleResult]) async throws { try await base.complete(results) }
    func queueCounts(runID: String) async throws -> QueueCounts { try await base.queueCounts(runID: runID) }
}

final class SharedCounter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    var current: Int { value.withLock { $0 } }
}

/// A free loopback port: a stub started on it, stopped, and started again keeps the same model spec.
enum FreePortForTests {
    static func find() async throws -> Int {
        let server = try await StubModelServer.start()
        let port = server.port
        try await server.stop()
        return port
    }
}

/// The writer's queue is bounded: a producer past `capacity` waits for the writer, and a failed write wakes it with the error.
@Suite struct SampleWriterTests {
    static func result(_ i: Int) -> SampleResult {
        SampleResult(sample: Sample(runID: "r", itemID: "item-\(i)", epoch: 0, messages: [.user("q \(i)")]), scores: [])
    }

    @Test func aFullQueueHoldsItsProducerUntilTheWriterTakesABatchAndAFailedWriteWakesIt() async throws {
        let writer = SampleWriter(store: BrokenStore(base: try EngineTests.store(), failAfter: 0), maxBatch: 2, capacity: 4)
        let returned = SharedCounter()
        let producer = Task {
            for i in 0..<10 {
                try await writer.submit(Self.result(i))
                _ = returned.increment()
            }
        }
        // Nobody drains the queue yet: three submits return, the fourth fills it and waits.
        try await Task.sleep(for: .milliseconds(300))
        #expect(returned.current == 3)
        // The writer takes one batch (two places free up, so up to two more submits may return) and its write fails:
        // the producer, waiting again, is woken and gets the store's error instead of hanging.
        await #expect(throws: AssayError.self) { try await writer.run { _ in } }
        await #expect(throws: AssayError.self) { try await producer.value }
        #expect((3...5).contains(returned.current))
    }
}
