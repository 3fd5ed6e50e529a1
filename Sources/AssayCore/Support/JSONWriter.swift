/// Writes JSON text by hand for the few shapes written once per sample (request bodies, stored messages and
/// completions), where Foundation's `JSONEncoder` was a large share of the engine's CPU. Output is valid JSON that
/// the types' `Decodable` conformances read back.
public struct JSONWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// A quoted, escaped string.
    public mutating func string(_ value: String) { JSONLValue.writeString(value, to: &text) }

    /// A number; non-finite values become `null` (JSON has no NaN).
    public mutating func number(_ value: Double) {
        text += value.isFinite ? (value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)) : "null"
    }

    public mutating func number(_ value: Int) { text += String(value) }

    public mutating func literal(_ raw: String) { text += raw }

    /// `"key":` inside an object (`first` omits the comma).
    public mutating func key(_ name: String, first: Bool = false) {
        if !first { text += "," }
        string(name)
        text += ":"
    }

    /// The JSON form of messages, as `[Message]`'s `Codable` conformance reads it.
    public static func messages(_ messages: [Message]) -> String {
        var w = JSONWriter()
        w.writeMessages(messages)
        return w.text
    }

    public mutating func writeMessages(_ messages: [Message]) {
        text += "["
        for (index, message) in messages.enumerated() {
            if index > 0 { text += "," }
            text += "{\"role\":\"\(message.role.rawValue)\",\"content\":"
            string(message.content)
            text += "}"
        }
        text += "]"
    }

    /// The JSON form of a completion, as `Completion`'s `Codable` conformance reads it.
    public static func completion(_ completion: Completion) -> String {
        var w = JSONWriter()
        w.text += "{"
        w.key("text", first: true)
        w.string(completion.text)
        if let logprobs = completion.logprobs {
            w.key("logprobs")
            w.text += "["
            for (index, token) in logprobs.enumerated() {
                if index > 0 { w.text += "," }
                w.text += "{\"token\":"
                w.string(token.token)
                w.text += ",\"logprob\":"
                w.number(token.logprob)
                w.text += "}"
            }
            w.text += "]"
        }
        if let usage = completion.usage {
            w.key("usage")
            w.text += "{\"promptTokens\":\(usage.promptTokens),\"completionTokens\":\(usage.completionTokens)}"
        }
        if let finish = completion.finishReason {
            w.key("finishReason")
            w.string(finish)
        }
        if let model = completion.model {
            w.key("model")
            w.string(model)
        }
        w.text += "}"
        return w.text
    }

    /// An array of strings.
    public mutating func writeStrings(_ values: [String]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            string(value)
        }
        text += "]"
    }

    /// The JSON form of a target, as `Target`'s `Codable` conformance reads it; nil for a non-finite number, which
    /// JSON cannot hold (the caller then uses `JSONEncoder`, which reports the error).
    public static func target(_ target: Target) -> String? {
        var w = JSONWriter()
        w.text += "{"
        w.key("kind", first: true)
        w.string(target.kind)
        switch target {
        case .none:
            break
        case .text(let texts):
            w.key("texts")
            w.writeStrings(texts)
        case .number(let value):
            guard value.isFinite else { return nil }
            w.key("number")
            w.number(value)
        case .choice(let index, let choices):
            w.key("index")
            w.number(index)
            w.key("choices")
            w.writeStrings(choices)
        case .facts(let facts):
            w.key("facts")
            w.writeStrings(facts)
        case .behavior(let behavior):
            w.key("behavior")
            w.string(behavior.rawValue)
        }
        w.text += "}"
        return w.text
    }

    /// A JSON array of strings.
    public static func strings(_ values: [String]) -> String {
        var w = JSONWriter()
        w.writeStrings(values)
        return w.text
    }

    /// A JSON object of strings.
    public static func stringMap(_ values: [String: String]) -> String {
        var w = JSONWriter()
        w.text += "{"
        for (index, (key, value)) in values.enumerated() {
            w.key(key, first: index == 0)
            w.string(value)
        }
        w.text += "}"
        return w.text
    }

    /// The JSON form of a provenance without a creation date or evidence, as `Provenance`'s `Codable` conformance reads it; nil when it
    /// has a date (the caller then uses `JSONEncoder`, so dates keep one encoding).
    public static func provenance(_ provenance: Provenance) -> String? {
        guard provenance.createdAt == nil, provenance.evidence == nil else { return nil }
        var w = JSONWriter()
        w.text += "{"
        w.key("origin", first: true)
        w.string(provenance.origin.rawValue)
        for (name, value) in [("source", provenance.source), ("parent", provenance.parent), ("operator", provenance.operator),
                              ("generator_model", provenance.generatorModel)] {
            guard let value else { continue }
            w.key(name)
            w.string(value)
        }
        w.text += "}"
        return w.text
    }
}
