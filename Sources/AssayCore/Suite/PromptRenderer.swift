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
        func value(of key: String) -> String? {
            switch key {
            case "input": return input
            case "choices": return choices.map(ChoiceLetters.lines) ?? ""
            default:
                if key.hasPrefix("metadata.") { return metadata[String(key.dropFirst("metadata.".count))] }
                return nil
            }
        }
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [String] = []
        for line in lines {
            if let key = standalonePlaceholder(line), let v = value(of: key), v.isEmpty, lines.count > 1 { continue }
            kept.append(substitute(line, value: value))
        }
        return kept.joined(separator: "\n")
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

    private static func substitute(_ line: Substring, value: (String) -> String?) -> String {
        var out = ""
        var rest = line[...]
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let key = afterOpen[..<close.lowerBound].trimmingSpaces
            if let v = value(key) {
                out += v
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
