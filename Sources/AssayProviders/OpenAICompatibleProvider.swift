public import AssayCore
import Foundation

/// Any server speaking OpenAI's chat completions API: OpenAI, vLLM, llama.cpp, Ollama, SGLang.
///
/// Log-likelihoods use `/v1/completions` with `echo` and `logprobs` (vLLM and others support it; OpenAI's hosted API does not).
public struct OpenAICompatibleProvider: ModelProvider {
    public let spec: ModelSpec
    public let baseURL: String
    let transport: HTTPTransport
    let headers: [(String, String)]
    public let maxConcurrency: Int

    /// - Parameter apiKey: sent as a Bearer token; read by the caller from `OPENAI_API_KEY`, never stored.
    public init(spec: ModelSpec, baseURL: String, apiKey: String?, transport: HTTPTransport, maxConcurrency: Int = 16) {
        self.spec = spec
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
        self.headers = apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
        self.maxConcurrency = maxConcurrency
    }

    public var identity: String { "openai:\(spec.model)@\(baseURL)" }

    /// A self-hosted server may offer `echo` log-likelihoods; OpenAI's hosted API does not.
    public var supportsLogLikelihood: Bool { !baseURL.contains("api.openai.com") }

    public func generate(_ request: GenerationRequest) async throws -> Completion {
        let response = try await transport.postJSON("\(baseURL)/chat/completions", headers: headers, body: Array(Self.chatBody(model: spec.model, request).utf8))
        return try Self.completion(fromChat: response.body, source: baseURL)
    }

    /// Reads a chat completions response with the hand-written JSON reader (this runs once per sample; Foundation's
    /// `JSONDecoder` cost more than the rest of the decoding). A body that is not JSON, or whose fields have the wrong
    /// types, is ``ProviderError/Kind/malformed``, as it was with `JSONDecoder`.
    static func completion(fromChat body: [UInt8], source: String) throws -> Completion {
        guard let root = try? JSONLReader.parseValue(bytes: body), case .object(let object) = root,
              case .array(let choices)? = object["choices"] else { throw malformedChat(body, source) }
        guard !choices.isEmpty else {
            throw ProviderError(kind: .malformed, message: "response from \(source) has no choices")
        }
        do {
            // Every choice must have the shape JSONDecoder required; only the first is read.
            var text = ""
            var finishReason: String?
            var logprobs: [TokenLogProb]?
            for (index, choice) in choices.enumerated() {
                guard case .object(let fields) = choice, case .object(let message)? = fields["message"] else { throw WrongType() }
                let content = try optionalString(message["content"])
                let finish = try optionalString(fields["finish_reason"])
                var tokens: [TokenLogProb]?
                switch fields["logprobs"] {
                case nil, .null?:
                    break
                case .object(let body)?:
                    switch body["content"] {
                    case nil, .null?:
                        break
                    case .array(let entries)?:
                        var list: [TokenLogProb] = []
                        list.reserveCapacity(entries.count)
                        for entry in entries {
                            guard case .object(let token) = entry, case .string(let piece)? = token["token"],
                                  case .number(let logprob)? = token["logprob"] else { throw WrongType() }
                            list.append(TokenLogProb(token: piece, logprob: logprob))
                        }
                        tokens = list
                    default:
                        throw WrongType()
                    }
                default:
                    throw WrongType()
                }
                if index == 0 {
                    text = content ?? ""
                    finishReason = finish
                    logprobs = tokens
                }
            }
            let model = try optionalString(object["model"])
            var usage: Usage?
            switch object["usage"] {
            case nil, .null?:
                break
            case .object(let fields)?:
                let prompt = try optionalInt(fields["prompt_tokens"])
                let completion = try optionalInt(fields["completion_tokens"])
                usage = Usage(promptTokens: prompt ?? 0, completionTokens: completion ?? 0)
            default:
                throw WrongType()
            }
            return Completion(text: text, logprobs: logprobs, usage: usage, finishReason: finishReason, model: model)
        } catch {
            throw malformedChat(body, source)
        }
    }

    private static func malformedChat(_ body: [UInt8], _ source: String) -> ProviderError {
        ProviderError(kind: .malformed, message: "malformed response from \(source): \(String(decoding: body.prefix(120), as: UTF8.self))")
    }

    private struct WrongType: Error {}

    /// A string field that may be absent or null.
    private static func optionalString(_ value: JSONLValue?) throws(WrongType) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw WrongType()
        }
    }

    /// An integer field that may be absent or null (a number with a fraction is the wrong type, as for `JSONDecoder`).
    private static func optionalInt(_ value: JSONLValue?) throws(WrongType) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)?:
            guard number.rounded() == number, abs(number) < 9e15 else { throw WrongType() }
            return Int(number)
        default: throw WrongType()
        }
    }

    /// The chat completions request body, written by hand (this runs once per sample).
    static func chatBody(model: String, _ request: GenerationRequest) -> String {
        let p = request.parameters
        var w = JSONWriter()
        w.literal("{")
        w.key("model", first: true)
        w.string(model)
        w.key("messages")
        w.writeMessages(request.messages)
        w.key("max_tokens")
        w.number(p.maxTokens)
        w.key("temperature")
        w.number(p.temperature)
        if let topP = p.topP {
            w.key("top_p")
            w.number(topP)
        }
        if !p.stop.isEmpty {
            w.key("stop")
            w.literal("[")
            for (index, stop) in p.stop.enumerated() {
                if index > 0 { w.literal(",") }
                w.string(stop)
            }
            w.literal("]")
        }
        if let seed = p.seed {
            w.key("seed")
            w.number(seed)
        }
        if request.logprobs { w.literal(",\"logprobs\":true,\"top_logprobs\":1") }
        w.literal("}")
        return w.text
    }

    public func logLikelihood(context: [Message], continuation: String) async throws -> Double {
        let prefix = RawPrompt.render(context)
        let body = OpenAIWire.CompletionRequest(model: spec.model, prompt: prefix + continuation, max_tokens: 1, temperature: 0, echo: true, logprobs: 1)
        let response = try await transport.postJSON("\(baseURL)/completions", headers: headers, body: JSONCoding.encode(body))
        let decoded: OpenAIWire.CompletionResponse = try JSONCoding.decode(response.body, from: baseURL)
        guard let logprobs = decoded.choices.first?.logprobs, let offsets = logprobs.text_offset, let values = logprobs.token_logprobs else {
            throw ProviderError(kind: .unsupported, message: "\(baseURL)/completions returned no echoed log-probabilities")
        }
        // Sum the tokens that start inside the continuation. Offsets count code points of the echoed prompt (Python string
        // indices), which are Unicode scalars here, not grapheme clusters ("\r\n" is one Character but two scalars).
        let start = prefix.unicodeScalars.count
        let end = start + continuation.unicodeScalars.count
        var total = 0.0
        var counted = 0
        for (offset, value) in zip(offsets, values) where offset >= start && offset < end {
            guard let value else { continue }
            total += value
            counted += 1
        }
        guard counted > 0 else { throw ProviderError(kind: .malformed, message: "no continuation tokens in the echoed prompt") }
        return total
    }
}

/// Messages flattened into one plain prompt, for completion endpoints without a chat template.
enum RawPrompt {
    static func render(_ messages: [Message]) -> String {
        messages.map(\.content).joined(separator: "\n\n")
    }
}

/// JSON encoding and decoding with provider-error classification.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw ProviderError(kind: .client, message: "could not encode request: \(error)")
        }
    }

    static func decode<T: Decodable>(_ bytes: [UInt8], from source: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ProviderError(kind: .malformed, message: "malformed response from \(source): \(String(decoding: bytes.prefix(120), as: UTF8.self))")
        }
    }
}
