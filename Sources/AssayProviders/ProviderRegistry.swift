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
        let transport = HTTPTransport(client: client, timeout: requestTimeout)
        let registry = ProviderRegistry(transport: transport, environment: environment, logger: logger, localConfiguration: localConfiguration)
        do {
            let result = try await body(registry)
            await registry.shutdown()
            transport.plainClient.shutdown()
            try? await client.shutdown()
            return result
        } catch {
            await registry.shutdown()
            transport.plainClient.shutdown()
            try? await client.shutdown()
            throw error
        }
    }

    /// The provider for `spec`, starting a local model if it names one.
    ///
    /// - Parameter fromSuiteFile: the spec came from a suite file (a judge), not from the command line. API keys are then
    ///   sent only to the official API hosts, so a shared suite cannot point a judge at a server of its choosing and
    ///   collect the user's key.
    public func provider(for spec: ModelSpec, fromSuiteFile: Bool = false) async throws -> any ModelProvider {
        if let existing = resolved[spec] { return existing }
        let provider: any ModelProvider
        switch spec.provider {
        case .local:
            let model = try await LocalModel.start(spec, transport: transport, configuration: localConfiguration, logger: logger)
            locals[spec] = model
            provider = model.provider(transport: transport)
        case .openai:
            let base = spec.baseURL ?? environment["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1"
            let key = KeyPolicy.key(environment["OPENAI_API_KEY"], for: base, officialHost: "api.openai.com", fromSuiteFile: fromSuiteFile)
            if key == nil, base.contains("api.openai.com") {
                throw AssayError(.badInput, "\(spec) needs OPENAI_API_KEY in the environment")
            }
            provider = OpenAICompatibleProvider(spec: spec, baseURL: base, apiKey: key, transport: transport)
        case .anthropic:
            let base = spec.baseURL ?? "https://api.anthropic.com"
            let key = KeyPolicy.key(environment["ANTHROPIC_API_KEY"], for: base, officialHost: "api.anthropic.com", fromSuiteFile: fromSuiteFile)
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

/// When an API key from the environment may be sent to a base URL.
enum KeyPolicy {
    /// The key, if it may go to `base`: always to the official host over HTTPS; to another host only when the user named it
    /// on the command line, and then only over HTTPS or to loopback (a key never crosses a network in clear text).
    static func key(_ value: String?, for base: String, officialHost: String, fromSuiteFile: Bool) -> String? {
        guard let value, !value.isEmpty, let url = URL(string: base), let host = url.host?.lowercased() else { return nil }
        let https = url.scheme?.lowercased() == "https"
        if host == officialHost { return https ? value : nil }
        if fromSuiteFile { return nil }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        return https || loopback ? value : nil
    }
}
