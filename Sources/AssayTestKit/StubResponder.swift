import Foundation
import NIOConcurrencyHelpers

/// A response the stub decided on: what to send and when.
struct StubReply {
    var status: Int
    var headers: [(String, String)] = [("Content-Type", "application/json")]
    var body: String
    var delay: Double = 0
    /// Wait for ``StubModelServer/release()`` before the delay.
    var held = false
}

/// Pure request → reply logic of the stub, apart from the shared counters.
struct StubResponder: Sendable {
    let configuration: StubModelServer.Configuration
    let state: NIOLockedValueBox<StubModelServer.State>

    /// Whether held replies must still wait.
    var holding: Bool { !state.withLockedValue { $0.released } }

    func reply(method: String, path: String, headers: [(String, String)], body: [UInt8]) -> StubReply {
        if let key = configuration.requiredKey {
            let presented = headers.first { $0.0.lowercased() == "authorization" }.map { $0.1.replacingOccurrences(of: "Bearer ", with: "") }
                ?? headers.first { $0.0.lowercased() == "x-api-key" }?.1
            guard presented == key else { return StubReply(status: 401, body: #"{"error":{"message":"invalid api key"}}"#) }
        }
        let route = path.split(separator: "?").first.map(String.init) ?? path
        switch (method, route) {
        case ("GET", "/health"):
            return StubReply(status: 200, body: #"{"status":"ok"}"#)
        case ("GET", "/v1/models"):
            return StubReply(status: 200, body: #"{"object":"list","data":[{"id":"stub","object":"model"}]}"#)
        case ("POST", "/v1/chat/completions"), ("POST", "/chat/completions"):
            return faultOr(body: body, kind: .chat)
        case ("POST", "/v1/messages"):
            return faultOr(body: body, kind: .anthropic)
        case ("POST", "/v1/completions"):
            return faultOr(body: body, kind: .completions)
        case ("POST", "/v1/embeddings"):
            return embeddings(body: body)
        default:
            return StubReply(status: 404, body: #"{"error":{"message":"no route"}}"#)
        }
    }

    enum Kind { case chat, anthropic, completions }

    private func faultOr(body: [UInt8], kind: Kind) -> StubReply {
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return StubReply(status: 400, body: #"{"error":{"message":"body is not a JSON object"}}"#)
        }
        let prompt = Self.prompt(of: json, kind: kind)
        let (fault, held): (StubModelServer.Fault?, Bool) = state.withLockedValue { state in
            state.stats.requests += 1
            state.stats.received[prompt, default: 0] += 1
            let held = configuration.holdAfter.map { state.stats.requests > $0 && !state.released } ?? false
            guard configuration.faultRate > 0, !configuration.faults.isEmpty else { return (nil, held) }
            var generator = SplitMix(state: state.random)
            let roll = Double(generator.next() >> 11) * 0x1.0p-53
            let pick = Int(generator.next() % UInt64(configuration.faults.count))
            state.random = generator.state
            guard roll < configuration.faultRate else { return (nil, held) }
            state.stats.faultsInjected += 1
            return (configuration.faults[pick], held)
        }
        var delay = configuration.latency
        switch fault {
        case .serverError:
            return StubReply(status: 500, body: #"{"error":{"message":"injected server error"}}"#, delay: delay)
        case .rateLimited(let seconds):
            return StubReply(status: 429, headers: [("Content-Type", "application/json"), ("Retry-After", "\(seconds)")],
                             body: #"{"error":{"message":"injected rate limit"}}"#, delay: delay)
        case .malformedJSON:
            return StubReply(status: 200, body: #"{"id":"x","choices":[{"message":{"content":"#, delay: delay)
        case .stall(let seconds):
            delay += seconds
        case nil:
            break
        }
        let text = configuration.answer(configuration.answersWholeConversation ? Self.conversation(of: json) : prompt)
        state.withLockedValue { $0.stats.answered[prompt, default: 0] += 1 }
        var reply = StubReply(status: 200, body: Self.render(kind: kind, text: text, json: json, prompt: prompt))
        reply.delay = delay
        reply.held = held
        return reply
    }

    /// Hashed bag-of-words vectors (64 dimensions): texts sharing words point the same way, as real embeddings of
    /// related texts do.
    private func embeddings(body: [UInt8]) -> StubReply {
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return StubReply(status: 400, body: #"{"error":{"message":"body is not a JSON object"}}"#)
        }
        let inputs = json["input"] as? [String] ?? (json["input"] as? String).map { [$0] } ?? []
        state.withLockedValue { $0.stats.requests += 1 }
        let rows = inputs.enumerated().map { index, text in
            var vector = [Double](repeating: 0, count: 64)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 3 {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                vector[Int(hash % 64)] += 1
            }
            return #"{"object":"embedding","index":\#(index),"embedding":[\#(vector.map { String($0) }.joined(separator: ","))]}"#
        }
        return StubReply(status: 200, body: #"{"object":"list","data":[\#(rows.joined(separator: ","))],"model":"stub"}"#)
    }

    /// Every user message of a chat request, joined by blank lines.
    static func conversation(of json: [String: Any]) -> String {
        let messages = json["messages"] as? [[String: Any]] ?? []
        return messages.filter { ($0["role"] as? String) == "user" }.compactMap { $0["content"] as? String }.joined(separator: "\n\n")
    }

    static func prompt(of json: [String: Any], kind: Kind) -> String {
        switch kind {
        case .chat, .anthropic:
            let messages = json["messages"] as? [[String: Any]] ?? []
            let user = messages.last { ($0["role"] as? String) == "user" } ?? messages.last
            if let text = user?["content"] as? String { return text }
            if let parts = user?["content"] as? [[String: Any]] { return parts.compactMap { $0["text"] as? String }.joined() }
            return ""
        case .completions:
            return json["prompt"] as? String ?? ""
        }
    }

    static func render(kind: Kind, text: String, json: [String: Any], prompt: String) -> String {
        let model = escape(json["model"] as? String ?? "stub")
        let tokens = text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        switch kind {
        case .chat:
            var logprobs = "null"
            if json["logprobs"] as? Bool == true {
                logprobs = #"{"content":["# + tokens.map { #"{"token":"\#(escape($0))","logprob":-0.25,"bytes":null,"top_logprobs":[]}"# }.joined(separator: ",") + "]}"
            }
            return #"{"id":"chatcmpl-stub","object":"chat.completion","created":0,"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":"\#(escape(text))"},"logprobs":\#(logprobs),"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(prompt.count / 4 + 1),"completion_tokens":\#(tokens.count),"total_tokens":\#(prompt.count / 4 + 1 + tokens.count)}}"#
        case .anthropic:
            return #"{"id":"msg_stub","type":"message","role":"assistant","model":"\#(model)","content":[{"type":"text","text":"\#(escape(text))"}],"stop_reason":"end_turn","usage":{"input_tokens":\#(prompt.count / 4 + 1),"output_tokens":\#(tokens.count)}}"#
        case .completions:
            // Echo: every word of the prompt is a token with log-probability -1 (a fixed rule tests can check).
            let words = prompt.split(separator: " ", omittingEmptySubsequences: false)
            var offsets: [Int] = []
            var pieces: [String] = []
            var offset = 0
            for (i, word) in words.enumerated() {
                let piece = i == 0 ? String(word) : " " + word
                offsets.append(offset)
                pieces.append(piece)
                offset += piece.unicodeScalars.count  // code points, as Python-based servers count
            }
            let logprobs = #"{"tokens":[\#(pieces.map { "\"\(escape($0))\"" }.joined(separator: ","))],"token_logprobs":[null\#(String(repeating: ",-1.0", count: max(0, pieces.count - 1)))],"text_offset":[\#(offsets.map(String.init).joined(separator: ","))]}"#
            return #"{"id":"cmpl-stub","object":"text_completion","model":"\#(model)","choices":[{"index":0,"text":"\#(escape(prompt))","logprobs":\#(logprobs),"finish_reason":"length"}]}"#
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// SplitMix64, kept local so the test kit needs nothing from the core.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
