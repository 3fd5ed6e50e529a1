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
                let options = RunOptions(epochs: 2, concurrency: 16, useCache: false, retry: RetryPolicySettings(maxAttempts: 12, baseDelay: 0.01, maxDelay: 0.05))
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
                    options: RunOptions(concurrency: 4, retry: RetryPolicySettings(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.001)))
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
