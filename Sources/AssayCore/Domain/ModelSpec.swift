import Foundation

/// Which model to evaluate, in the string form users type:
/// `local`, `local:PATH.gguf`, `openai:MODEL`, `openai:MODEL@http://HOST:PORT/v1`, `anthropic:MODEL`,
/// `llamacpp:NAME@http://HOST:PORT` (an already-running llama.cpp server, with log-likelihoods).
public struct ModelSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Provider: String, Hashable, Sendable, CaseIterable {
        case local, openai, anthropic, llamacpp
    }

    public var provider: Provider
    /// Model name (OpenAI/Anthropic), or the GGUF path for `local:`; empty for the bundled local model.
    public var model: String
    /// Base URL for OpenAI-compatible and llama.cpp servers.
    public var baseURL: String?

    public init(provider: Provider, model: String, baseURL: String? = nil) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
    }

    /// Parses the string form; throws ``AssayError`` with code `.badInput` on anything else.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "local" {
            self.init(provider: .local, model: "")
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw AssayError(.badInput, "model spec '\(text)': expected PROVIDER:MODEL (providers: \(Provider.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let head = String(trimmed[..<colon])
        let rest = String(trimmed[trimmed.index(after: colon)...])
        guard let provider = Provider(rawValue: head) else {
            throw AssayError(.badInput, "model spec '\(text)': unknown provider '\(head)' (known: \(Provider.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if provider == .local {
            guard !rest.isEmpty else { throw AssayError(.badInput, "model spec '\(text)': expected local:PATH.gguf") }
            self.init(provider: .local, model: rest)
            return
        }
        var model = rest
        var base: String?
        if let at = rest.range(of: "@http") {
            model = String(rest[..<at.lowerBound])
            base = String(rest[rest.index(after: at.lowerBound)...])
        }
        guard !model.isEmpty else { throw AssayError(.badInput, "model spec '\(text)': missing model name") }
        if provider == .llamacpp, base == nil {
            throw AssayError(.badInput, "model spec '\(text)': llamacpp needs a server, as llamacpp:NAME@http://HOST:PORT")
        }
        self.init(provider: provider, model: model, baseURL: base)
    }

    public var description: String {
        switch provider {
        case .local: model.isEmpty ? "local" : "local:\(model)"
        default: baseURL.map { "\(provider.rawValue):\(model)@\($0)" } ?? "\(provider.rawValue):\(model)"
        }
    }
}
