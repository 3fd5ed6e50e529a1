public import Foundation

/// One production conversation as read from telemetry: its messages in order, whether the user flagged it, when it
/// happened, and where it was read from.
public struct TelemetryRecord: Hashable, Sendable {
    public var messages: [Message]
    /// A failure signal from the source: a thumbs-down, a low rating, `"feedback": "negative"`.
    public var flagged: Bool
    public var timestamp: Date?
    /// `FILE:LINE` (JSON Lines) or `FILE#SPAN` (spans).
    public var source: String

    public init(messages: [Message], flagged: Bool = false, timestamp: Date? = nil, source: String) {
        self.messages = messages
        self.flagged = flagged
        self.timestamp = timestamp
        self.source = source
    }
}

/// Reads production conversations: JSON Lines in the OpenAI messages format, or OpenTelemetry GenAI spans exported as
/// JSON (OTLP/JSON). Problems name the file, line (or span) and field.
///
/// JSON Lines: one object per line with `messages` (`[{"role", "content"}]`, content a string or a list of
/// `{"type": "text", "text"}` parts) and optionally `feedback` (`"negative"`, `"thumbs_down"`, `-1`), `thumbs_down`
/// (bool), `rating` (1 to 5; 1 and 2 are flagged), and `timestamp` or `created_at` (ISO 8601 or Unix seconds).
///
/// Spans: `resourceSpans[].scopeSpans[].spans[]`; a span's conversation comes from the attributes
/// `gen_ai.prompt.N.role` / `gen_ai.prompt.N.content` and `gen_ai.completion.N.content`, or from its events
/// `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message` and `gen_ai.choice` (attribute
/// `content`, or `message.content`); `startTimeUnixNano` is the timestamp. Spans without a user message are skipped.
public enum TelemetryReader {
    public enum Format: String, CaseIterable, Sendable {
        case openai, otel
    }

    /// The format of `text`: OTLP/JSON when it is one JSON object with `resourceSpans`, else JSON Lines.
    public static func detect(_ text: String) -> Format {
        let start = text.drop { $0.isWhitespace }
        return start.hasPrefix("{") && text.contains("\"resourceSpans\"") && !text.contains("\"messages\"") ? .otel : .openai
    }

    public static func read(path: String, format: Format? = nil) throws -> (records: [TelemetryRecord], diagnostics: [Diagnostic]) {
        let text = try TextFile.read(path: path)
        switch format ?? detect(text) {
        case .openai: return openAI(text, file: path)
        case .otel: return try otel(text, file: path)
        }
    }

    // MARK: OpenAI messages

    static func openAI(_ text: String, file: String) -> (records: [TelemetryRecord], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var records: [TelemetryRecord] = []
        let problems = JSONLReader.forEachRecord(text) { record in
            guard let object = record.value.objectValue else {
                diagnostics.append(Diagnostic(file: file, line: record.line, field: nil, message: "expected an object, found \(record.value.kindDescription)"))
                return
            }
            guard let list = object["messages"]?.arrayValue, !list.isEmpty else {
                diagnostics.append(Diagnostic(file: file, line: record.line, field: "messages", message: "missing messages (a non-empty list of {role, content})"))
                return
            }
            var messages: [Message] = []
            for (i, element) in list.enumerated() {
                guard let m = element.objectValue, let roleName = m["role"]?.stringValue else {
                    diagnostics.append(Diagnostic(file: file, line: record.line, field: "messages[\(i)]", message: "expected {role, content}"))
                    return
                }
                guard let role = role(roleName) else { continue }   // tool and function turns are not replayed
                messages.append(Message(role: role, content: content(m["content"])))
            }
            records.append(TelemetryRecord(messages: messages, flagged: flagged(object), timestamp: date(object["timestamp"] ?? object["created_at"]),
                                           source: "\((file as NSString).lastPathComponent):\(record.line)"))
        }
        diagnostics += problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) }
        return (records, diagnostics)
    }

    static func role(_ name: String) -> Message.Role? {
        switch name {
        case "system", "developer": .system
        case "user": .user
        case "assistant": .assistant
        default: nil
        }
    }

    /// A string, or the text parts of a content list.
    static func content(_ value: JSONLValue?) -> String {
        if let s = value?.stringValue { return s }
        return (value?.arrayValue ?? []).compactMap { $0.objectValue?["text"]?.stringValue }.joined(separator: "\n")
    }

    static func flagged(_ object: [String: JSONLValue]) -> Bool {
        if case .bool(true)? = object["thumbs_down"] { return true }
        if let feedback = object["feedback"] {
            if let s = feedback.stringValue?.lowercased(), ["negative", "thumbs_down", "down", "bad"].contains(s) { return true }
            if let n = feedback.numberValue, n < 0 { return true }
        }
        if let rating = object["rating"]?.numberValue, rating <= 2 { return true }
        return false
    }

    /// A timestamp: Unix seconds (or milliseconds), or ISO 8601 with or without fractional seconds.
    public static func date(_ value: JSONLValue?) -> Date? {
        if let n = value?.numberValue { return Date(timeIntervalSince1970: n > 1e12 ? n / 1000 : n) }
        guard let s = value?.stringValue else { return nil }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            formatter.formatOptions = options
            if let d = formatter.date(from: s) { return d }
        }
        return nil
    }

    // MARK: OpenTelemetry

    static func otel(_ text: String, file: String) throws -> (records: [TelemetryRecord], diagnostics: [Diagnostic]) {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw AssayError(.badInput, "\(file): not a JSON object (an OTLP/JSON export with resourceSpans)")
        }
        var records: [TelemetryRecord] = []
        var diagnostics: [Diagnostic] = []
        let resources = root["resourceSpans"] as? [[String: Any]] ?? []
        var index = 0
        for resource in resources {
            for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    index += 1
                    let name = (span["spanId"] as? String) ?? "span-\(index)"
                    let attributes = attributeMap(span["attributes"])
                    var messages = indexedMessages(attributes, prefix: "gen_ai.prompt.") + indexedMessages(attributes, prefix: "gen_ai.completion.", role: .assistant)
                    if messages.isEmpty {
                        for event in span["events"] as? [[String: Any]] ?? [] {
                            let eventAttributes = attributeMap(event["attributes"])
                            let content = eventAttributes["content"] ?? eventAttributes["message.content"] ?? ""
                            switch event["name"] as? String {
                            case "gen_ai.system.message": messages.append(.system(content))
                            case "gen_ai.user.message": messages.append(.user(content))
                            case "gen_ai.assistant.message", "gen_ai.choice": messages.append(.assistant(content))
                            default: break
                            }
                        }
                    }
                    guard messages.contains(where: { $0.role == .user }) else {
                        diagnostics.append(Diagnostic(file: file, line: nil, field: "span \(name)", message: "no user message (gen_ai.prompt.N or gen_ai.user.message); skipped"))
                        continue
                    }
                    var timestamp: Date?
                    if let nanos = (span["startTimeUnixNano"] as? String).flatMap(Double.init) ?? span["startTimeUnixNano"] as? Double {
                        timestamp = Date(timeIntervalSince1970: nanos / 1e9)
                    }
                    let flag = attributes["user.feedback"].map { ["negative", "thumbs_down", "-1"].contains($0.lowercased()) } ?? false
                    records.append(TelemetryRecord(messages: messages, flagged: flag, timestamp: timestamp,
                                                   source: "\((file as NSString).lastPathComponent)#\(name)"))
                }
            }
        }
        return (records, diagnostics)
    }

    /// OTLP attributes (`[{"key", "value": {"stringValue" | "intValue" | ...}}]`) as strings.
    static func attributeMap(_ value: Any?) -> [String: String] {
        var out: [String: String] = [:]
        for entry in value as? [[String: Any]] ?? [] {
            guard let key = entry["key"] as? String, let v = entry["value"] as? [String: Any] else { continue }
            if let s = v["stringValue"] as? String { out[key] = s }
            else if let n = v["intValue"] { out[key] = "\(n)" }
            else if let d = v["doubleValue"] { out[key] = "\(d)" }
            else if let b = v["boolValue"] as? Bool { out[key] = b ? "true" : "false" }
        }
        return out
    }

    static func indexedMessages(_ attributes: [String: String], prefix: String, role fixed: Message.Role? = nil) -> [Message] {
        var out: [Message] = []
        var i = 0
        while let content = attributes["\(prefix)\(i).content"] {
            let role = fixed ?? attributes["\(prefix)\(i).role"].flatMap(role) ?? .user
            out.append(Message(role: role, content: content))
            i += 1
        }
        return out
    }
}
