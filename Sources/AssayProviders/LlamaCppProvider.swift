public import AssayCore
import Foundation

/// A llama.cpp server (`llama-server` or xllamacpp): chat through its OpenAI-compatible endpoint, and
/// log-likelihoods through its native endpoints.
///
/// Log-likelihood recipe: render the context with the model's chat template (`/apply-template`), tokenize the
/// continuation (`/tokenize`), force exactly those tokens with a token-id grammar (`root ::= <[id]> <[id]>`) and
/// `n_predict` equal to their count, and sum `completion_probabilities[].logprob` with `post_sampling_probs` off,
/// which reports each forced token's log-probability under the model's own distribution (before the grammar mask).
/// Forcing token ids rather than text keeps the canonical tokenization: a text grammar lets greedy decoding spell
/// " Berlin" as " "+"B"+"er"+"lin" and report a far lower probability than the model gives the word.
public struct LlamaCppProvider: ModelProvider {
    public let spec: ModelSpec
    public let baseURL: String
    let transport: HTTPTransport
    let chat: OpenAICompatibleProvider
    public let maxConcurrency: Int

    public let identity: String

    /// - Parameter identity: what answers (for a managed local model: its file, size and date); defaults to spec and URL.
    public init(spec: ModelSpec, baseURL: String, transport: HTTPTransport, maxConcurrency: Int = 4, identity: String? = nil) {
        self.spec = spec
        self.identity = identity ?? "llamacpp:\(spec.model)@\(baseURL)"
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
        self.maxConcurrency = maxConcurrency
        chat = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: spec.model.isEmpty ? "local" : spec.model, baseURL: self.baseURL + "/v1"),
                                        baseURL: self.baseURL + "/v1", apiKey: nil, transport: transport, maxConcurrency: maxConcurrency)
    }

    public var supportsLogLikelihood: Bool { true }

    public func generate(_ request: GenerationRequest) async throws -> Completion {
        try await chat.generate(request)
    }

    struct TemplateRequest: Encodable {
        var messages: [Message]
    }

    struct TemplateResponse: Decodable {
        var prompt: String
    }

    struct CompletionRequest: Encodable {
        var prompt: String
        var grammar: String
        var n_predict: Int
        var n_probs: Int
        var temperature: Double
        var post_sampling_probs: Bool
        var cache_prompt: Bool
    }

    struct CompletionResponse: Decodable {
        struct Probability: Decodable {
            var token: String?
            var logprob: Double?
        }
        var content: String?
        var completion_probabilities: [Probability]?
    }

    struct TokenizeRequest: Encodable {
        var content: String
        var add_special: Bool
    }

    struct TokenizeResponse: Decodable {
        var tokens: [Int]
    }

    public func logLikelihood(context: [Message], continuation: String) async throws -> Double {
        let templated = try await transport.postJSON("\(baseURL)/apply-template", body: JSONCoding.encode(TemplateRequest(messages: context)))
        let prompt: TemplateResponse = try JSONCoding.decode(templated.body, from: baseURL)
        let tokenized = try await transport.postJSON("\(baseURL)/tokenize", body: JSONCoding.encode(TokenizeRequest(content: continuation, add_special: false)))
        let tokens: TokenizeResponse = try JSONCoding.decode(tokenized.body, from: baseURL)
        guard !tokens.tokens.isEmpty else { return 0 }
        let body = CompletionRequest(
            prompt: prompt.prompt, grammar: "root ::= " + tokens.tokens.map { "<[\($0)]>" }.joined(separator: " "),
            n_predict: tokens.tokens.count, n_probs: 1, temperature: 0, post_sampling_probs: false, cache_prompt: true)
        let response = try await transport.postJSON("\(baseURL)/completion", body: JSONCoding.encode(body))
        let decoded: CompletionResponse = try JSONCoding.decode(response.body, from: baseURL)
        guard let probabilities = decoded.completion_probabilities, probabilities.count == tokens.tokens.count else {
            throw ProviderError(kind: .malformed, message: "\(baseURL)/completion returned \(decoded.completion_probabilities?.count ?? 0) token probabilities for \(tokens.tokens.count) forced tokens")
        }
        var total = 0.0
        for probability in probabilities {
            guard let logprob = probability.logprob else {
                throw ProviderError(kind: .malformed, message: "a token probability without logprob from \(baseURL)")
            }
            total += logprob
        }
        return total
    }
}
