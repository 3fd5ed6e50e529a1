public import AssayCore
import AsyncHTTPClient
public import Foundation
public import Logging

/// Resolves model specs to providers for the length of a scope: one HTTP client for all of them, local models
/// started on first use and stopped when the scope ends. API keys come from the environment and stay in memory.
public actor ProviderRegistry {
    public let transport: HTTPTransport
    let environment: [String: String]
    let logger: Logger
    let localConfiguration: LocalModel.Configuration
    private var locals: [ModelSpec: LocalModel] = [:]
    private var resolved: [ModelSpec: any ModelProvider] = [:]

    init(transport: HTTPTransport, environment: [String: String], logger: Logger, localConfiguration: LocalModel.Configuration) {
        self.transport = transport
        self.environment = environment
        self.logger = logger
        self.localConfiguration = localConfiguration
    }

    /// Runs `body` with a registry, then stops every local model and shuts the HTTP client down.
    public static func with<T: Sendable>(
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger, requestTimeout: Double = 120,
        localConfiguration: LocalModel.Configuration = LocalModel.Configuration(),
        _ body: (ProviderRegistry) async throws -> T
    ) async throws -> T {
        let client = HTTPTransport.makeClient(readTimeout: requestTimeout)
        let registry = ProviderRegistry(transport: HTTPTransport(client: client, timeout: requestTimeout), environment: environment,
                                        logger: logger, localConfiguration: localConfiguration)
        do {
            let result = try await body(registry)
            await registry.shutdown()
            try? await client.shutdown()
            return result
        } catch {
            await registry.shutdown()
            try? await client.shutdown()
            throw error
        }
    }

    /// The provider for `spec`, starting a local model if it names one.
    public func provider(for spec: ModelSpec) async throws -> any ModelProvider {
        if let existing = resolved[spec] { return existing }
        let provider: any ModelProvider
        switch spec.provider {
        case .local:
            let model = try await LocalModel.start(spec, transport: transport, configuration: localConfiguration, logger: logger)
            locals[spec] = model
            provider = model.provider(transport: transport)
        case .openai:
            let base = spec.baseURL ?? environment["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1"
            let key = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            if key == nil, base.contains("api.openai.com") {
                throw AssayError(.badInput, "\(spec) needs OPENAI_API_KEY in the environment")
            }
            provider = OpenAICompatibleProvider(spec: spec, baseURL: base, apiKey: key, transport: transport)
        case .anthropic:
            let key = environment["ANTHROPIC_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            let base = spec.baseURL ?? "https://api.anthropic.com"
            if key == nil, base.contains("api.anthropic.com") {
                throw AssayError(.badInput, "\(spec) needs ANTHROPIC_API_KEY in the environment")
            }
            provider = AnthropicProvider(spec: spec, baseURL: base, apiKey: key, transport: transport)
        case .llamacpp:
            provider = LlamaCppProvider(spec: spec, baseURL: spec.baseURL ?? "http://127.0.0.1:8080", transport: transport)
        }
        resolved[spec] = provider
        return provider
    }

    func shutdown() {
        for model in locals.values { model.stop() }
        locals.removeAll()
        resolved.removeAll()
    }
}
