import AssayCore
import AssayEvolve
import AssayProviders
import AssayStore
import AssayTestKit
import AsyncHTTPClient
import Foundation

/// Runs searches against an in-process stub target with a temporary store.
enum EvolutionHarness {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The built-in red-team seed suite.
    static func redteam() throws -> Suite {
        try SuiteLoader.load(path: repositoryRoot.appendingPathComponent("suites/redteam").path)
    }

    static func temporaryStore() throws -> SQLiteStore {
        let path = NSTemporaryDirectory() + "assay-evolve-\(UUID().uuidString).db"
        return try SQLiteStore(path: path)
    }

    /// A planted-weakness stub configuration.
    static func planted(_ families: Set<PlantedWeaknesses.Family>, faultRate: Double = 0) -> StubModelServer.Configuration {
        var configuration = StubModelServer.Configuration(answer: PlantedWeaknesses.answer(weakTo: families), faultRate: faultRate,
                                                          faults: [.serverError, .rateLimited(retryAfter: 0), .malformedJSON])
        configuration.answersWholeConversation = true
        return configuration
    }

    static func settings(budget: Int, seed: UInt64 = 1, batchSize: Int = 4, strategy: EvolutionSettings.Strategy = .archive,
                         maxSeeds: Int = 24) -> EvolutionSettings {
        EvolutionSettings(budget: budget, seed: seed, batchSize: batchSize, strategy: strategy,
                          operators: Operators.deterministic().map(\.name), maxSeeds: maxSeeds)
    }

    /// A search of `suite` on the stub; `checkpoint` sees every stored state.
    static func search(
        id: String, suite: Suite, settings: EvolutionSettings, server: StubModelServer, store: any Store,
        from state: EvolutionState? = nil, contrast: StubModelServer? = nil,
        checkpoint: @escaping (EvolutionState) async throws -> Void = { _ in }
    ) async throws -> EvolutionState {
        let client = HTTPTransport.makeClient()
        do {
            let transport = HTTPTransport(client: client, timeout: 10)
            let target = OpenAICompatibleProvider(spec: try ModelSpec(parsing: "openai:stub@\(server.openAIBaseURL)"),
                                                  baseURL: server.openAIBaseURL, apiKey: nil, transport: transport)
            let contrastProvider = try contrast.map { server in
                OpenAICompatibleProvider(spec: try ModelSpec(parsing: "openai:old@\(server.openAIBaseURL)"), baseURL: server.openAIBaseURL,
                                         apiKey: nil, transport: transport)
            }
            let seeds = suite.items
            let mapper = DescriptorMapper(spec: suite.config.evolve, seeds: seeds, operators: settings.operators)
            let scorers = try ScorerFactory.make(suite.config.scorers) { _ in throw AssayError(.badInput, "no judge") }
            let search = try EvolutionSearch(id: id, suite: suite, settings: settings, models: .init(target: target, contrast: contrastProvider), scorers: scorers,
                                             mapper: mapper, store: store, retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.001, maxDelay: 0.01))
            let start = state ?? EvolutionSearch.initialState(seeds: seeds, settings: settings, mapper: mapper)
            let result = try await search.run(from: start, checkpoint: checkpoint)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
