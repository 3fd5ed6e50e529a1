public import AssayCore
import Foundation

/// Anthropic's Messages API. No log-probabilities.
public struct AnthropicProvider: ModelProvider {
    public let spec: ModelSpec
    public let baseURL: String
    let transport: HTTPTransport
    let headers: [(String, String)]
    public let maxConcurrency: Int

    /// - Parameter apiKey: from `ANTHROPIC_API_KEY`; sent as `x-api-key`, never stored.
    public init(spec: ModelSpec, baseURL: String = "https://api.anthropic.com", apiKey: String?, transport: HTTPTransport, maxConcurrency: Int = 8) {
        self.spec = spec
        var base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if base.hasSuffix("/v1") { base = String(base.dropLast(3)) }
        self.baseURL = base
        self.transport = transport
        self.headers = [("anthropic-version", "2023-06-01")] + (apiKey.map { [("x-api-key", $0)] } ?? [])
        self.maxConcurrency = maxConcurrency
    }

    public var identity: String { "anthropic:\(spec.model)@\(baseURL)" }

    struct Request: Encodable {
        struct Turn: Encodable {
            var role: String
            var content: String
        }
        var model: String
        var system: String?
        var messages: [Turn]
        var max_tokens: Int
        var temperature: Double
        var top_p: Double?
        var stop_sequences: [String]?
    }

    struct Response: Decodable {
        struct Block: Decodable {
            var type: String
            var text: String?
        }
        struct UsageBody: Decodable {
            var input_tokens: Int?
            var output_tokens: Int?
        }
        var model: String?
        var content: [Block]
        var stop_reason: String?
        var usage: UsageBody?
    }

    public func generate(_ request: GenerationRequest) async throws -> Completion {
        let system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        let p = request.parameters
        let body = Request(
            model: spec.model, system: system.isEmpty ? nil : system,
            messages: request.messages.filter { $0.role != .system }.map { Request.Turn(role: $0.role.rawValue, content: $0.content) },
            max_tokens: p.maxTokens, temperature: p.temperature, top_p: p.topP, stop_sequences: p.stop.isEmpty ? nil : p.stop)
        let response = try await transport.postJSON("\(baseURL)/v1/messages", headers: headers, body: JSONCoding.encode(body))
        let decoded: Response = try JSONCoding.decode(response.body, from: baseURL)
        return Completion(
            text: decoded.content.compactMap { $0.type == "text" ? $0.text : nil }.joined(),
            usage: decoded.usage.map { Usage(promptTokens: $0.input_tokens ?? 0, completionTokens: $0.output_tokens ?? 0) },
            finishReason: decoded.stop_reason, model: decoded.model)
    }
}
