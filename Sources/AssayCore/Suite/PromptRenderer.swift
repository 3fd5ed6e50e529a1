import Synchronization

/// Turns an item and a suite's ``PromptTemplate`` into the messages sent to a model.
///
/// Placeholders: `{{input}}` (the item's last user message), `{{choices}}` (`A. first` lines for a
/// choice target, empty otherwise) and `{{metadata.KEY}}`. Anything else in double braces, including a
/// metadata key the item does not have, is left as written. Values are inserted once and never re-expanded.
/// A template line that holds nothing but a placeholder which renders empty is dropped with its line
/// break, so `"{{input}}\n{{choices}}"` serves choice and non-choice items alike.
public enum PromptRenderer {
    /// The conversation for `item`: a system message (the item's own, else the template's), the few-shot
    /// examples as user/assistant pairs rendered through the same template, then the item's messages with
    /// its last user message rendered through the template.
    public static func messages(for item: Item, template: PromptTemplate) -> [Message] {
        let choices: [String]?
        if case .choice(_, let options) = item.target { choices = options } else { choices = nil }
        var out: [Message] = []
        var rest = item.input
        if let first = rest.first, first.role == .system {
            out.append(first)
            rest.removeFirst()
        } else if !rest.contains(where: { $0.role == .system }), let system = template.system, !system.isEmpty {
            out.append(.system(render(system, input: item.prompt, choices: choices, metadata: item.metadata)))
        }
        for example in template.fewShot {
            out.append(.user(render(template.template, input: example.input, choices: example.choices, metadata: item.metadata)))
            out.append(.assistant(example.answer))
        }
        if let last = rest.lastIndex(where: { $0.role == .user }) {
            rest[last].content = render(template.template, input: rest[last].content, choices: choices, metadata: item.metadata)
        }
        out.append(contentsOf: rest)
        return out
    }

    /// Fills the placeholders of `template`.
    public static func render(_ template: String, input: String, choices: [String]?, metadata: [String: String]) -> String {
        compiled(template).render(input: input, choices: choices, metadata: metadata)
    }

    /// Templates already split into lines and placeholders: a suite renders one template thousands of times.
    private static let cache = Mutex<[String: CompiledTemplate]>([:])

    private static func compiled(_ template: String) -> CompiledTemplate {
        if let found = cache.withLock({ $0[template] }) { return found }
        let compiled = CompiledTemplate(template)
        cache.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[template] = compiled
        }
        return compiled
    }

    /// A template parsed once: its lines, each a run of literal text and placeholders.
    struct CompiledTemplate: Sendable {
        enum Segment: Sendable {
            case literal(String)
            /// `raw` is the placeholder as written, kept when the key has no value.
            case placeholder(key: String, raw: String)
        }

        struct Line: Sendable {
            /// The key when the line holds nothing but one placeholder.
            var standaloneKey: String?
            var segments: [Segment]
        }

        var lines: [Line]

        init(_ template: String) {
            lines = template.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                Line(standaloneKey: PromptRenderer.standalonePlaceholder(line), segments: PromptRenderer.segments(line))
            }
        }

        func render(input: String, choices: [String]?, metadata: [String: String]) -> String {
            func value(of key: String) -> String? {
                switch key {
                case "input": return input
                case "choices": return choices.map(ChoiceLetters.lines) ?? ""
                default:
                    if key.hasPrefix("metadata.") { return metadata[String(key.dropFirst("metadata.".count))] }
                    return nil
                }
            }
            var out = ""
            var first = true
            for line in lines {
                if let key = line.standaloneKey, let v = value(of: key), v.isEmpty, lines.count > 1 { continue }
                if !first { out += "\n" }
                first = false
                for segment in line.segments {
                    switch segment {
                    case .literal(let text): out += text
                    case .placeholder(let key, let raw): out += value(of: key) ?? raw
                    }
                }
            }
            return out
        }
    }

    /// The key when `line` is a single placeholder, optionally surrounded by spaces.
    private static func standalonePlaceholder(_ line: Substring) -> String? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
        var end = trimmed.endIndex
        while end > trimmed.startIndex, [" ", "\t", "\r"].contains(trimmed[trimmed.index(before: end)]) { end = trimmed.index(before: end) }
        let core = trimmed[..<end]
        guard core.hasPrefix("{{"), core.hasSuffix("}}"), core.count >= 4 else { return nil }
        let inner = core.dropFirst(2).dropLast(2)
        guard !inner.contains("{"), !inner.contains("}") else { return nil }
        return inner.trimmingSpaces
    }

    /// `line` as literal text and placeholders (`{{ key }}`, the key trimmed of spaces); an unclosed `{{` is literal.
    private static func segments(_ line: Substring) -> [CompiledTemplate.Segment] {
        var out: [CompiledTemplate.Segment] = []
        var rest = line[...]
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { out.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            out.append(.placeholder(key: afterOpen[..<close.lowerBound].trimmingSpaces, raw: String(rest[open.lowerBound..<close.upperBound])))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { out.append(.literal(String(rest))) }
        return out
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
