import Foundation

/// One record of an items source before it becomes an ``Item``: a JSONL line, a CSV row, or an inline YAML item.
struct ItemRecord {
    var fields: [String: JSONLValue]
    /// Line where the record starts.
    var line: Int
    /// Lines of individual fields, when known (inline YAML items).
    var fieldLines: [String: Int] = [:]
    /// Prefix of field names in diagnostics (`items[3].` for inline items).
    var fieldPrefix: String = ""
}

/// Turns records into items, collecting a diagnostic for every problem.
///
/// Without a mapping, records are read in the native format (unknown fields are errors); with one,
/// the mapped columns are read and other columns are ignored.
struct ItemRecordDecoder {
    /// File named in diagnostics.
    let file: String
    /// Locator prefix for the default provenance (`items.jsonl` gives `items.jsonl:12`).
    let sourceName: String
    let mapping: FieldMapping?
    var diagnostics: [Diagnostic] = []

    static let nativeFields = ["input", "target", "choices", "answer", "behavior", "facts", "tags", "cluster", "metadata", "provenance", "id"]

    init(file: String, sourceName: String, mapping: FieldMapping?) {
        self.file = file
        self.sourceName = sourceName
        self.mapping = mapping
    }

    mutating func decode(_ record: ItemRecord) -> Item? {
        let before = diagnostics.count
        let item = mapping.map { decodeMapped(record, $0) } ?? decodeNative(record)
        return diagnostics.count == before ? item : nil
    }

    // MARK: - Native format

    private mutating func decodeNative(_ r: ItemRecord) -> Item? {
        for key in r.fields.keys.sorted() where !Self.nativeFields.contains(key) {
            fail(r, key, "unknown field '\(key)' (allowed: \(Self.nativeFields.joined(separator: ", ")))")
        }
        let f = r.fields.filter { !$0.value.isNull }
        var input: [Message]?
        if let v = f["input"] { input = messages(v, r, "input") } else { fail(r, "input", "missing input field") }

        var given: [String] = []
        if f["target"] != nil { given.append("target") }
        if f["choices"] != nil || f["answer"] != nil { given.append("choices/answer") }
        if f["behavior"] != nil { given.append("behavior") }
        if f["facts"] != nil { given.append("facts") }
        var target: Target? = Target.none
        if given.count > 1 {
            fail(r, nil, "give only one of target, choices/answer, behavior, facts (found \(given.joined(separator: ", ")))")
            target = nil
        } else if let v = f["target"] {
            target = nativeTarget(v, r)
        } else if f["choices"] != nil || f["answer"] != nil {
            target = choiceTarget(choices: f["choices"], answer: f["answer"], r, choicesField: "choices", answerField: "answer")
        } else if let v = f["behavior"] {
            target = behavior(v, r, "behavior")
        } else if let v = f["facts"] {
            target = facts(v, r, "facts")
        }

        let tags = f["tags"].flatMap { stringList($0, r, "tags", allowSingle: true) } ?? []
        let cluster = f["cluster"].flatMap { scalarText($0, r, "cluster") }
        var metadata: [String: String] = [:]
        if let v = f["metadata"] { metadata = self.metadata(v, r, "metadata") }
        if let v = f["id"], let id = scalarText(v, r, "id"), metadata["source_id"] == nil { metadata["source_id"] = id }
        var provenance = defaultProvenance(r)
        if let v = f["provenance"], let p = self.provenance(v, r, "provenance") { provenance = p }
        guard let input, let target else { return nil }
        return Item(input: input, target: target, tags: tags, cluster: cluster, metadata: metadata, provenance: provenance)
    }

    private mutating func nativeTarget(_ v: JSONLValue, _ r: ItemRecord) -> Target? {
        switch v {
        case .string(let s): return .text([s])
        case .number(let n): return .number(n)
        case .array(let elements):
            guard !elements.isEmpty else { fail(r, "target", "the list of acceptable answers is empty"); return nil }
            return stringList(v, r, "target", allowSingle: false).map { .text($0) }
        default:
            fail(r, "target", "expected a string, a list of strings or a number, found \(v.kindDescription)")
            return nil
        }
    }

    // MARK: - Mapped format

    private mutating func decodeMapped(_ r: ItemRecord, _ m: FieldMapping) -> Item? {
        func value(_ column: String) -> JSONLValue? {
            guard let v = r.fields[column] else { return nil }
            if v.isNull { return nil }
            if case .string(let s) = v, s.allSatisfy(\.isWhitespace) { return nil }
            return v
        }
        var input: [Message]?
        if let v = value(m.input) { input = messages(v, r, m.input) } else { fail(r, m.input, "missing input field '\(m.input)'") }

        let choicesGiven = m.choiceColumns.isEmpty ? value(m.choices) != nil : m.choiceColumns.contains { value($0) != nil }
        var target: Target? = Target.none
        var type = m.targetType
        if type == .auto {
            if choicesGiven, value(m.answer) != nil { type = .choice }
            else if value(m.target) == nil { type = .none }
        }
        switch type {
        case .none:
            target = Target.none
        case .choice:
            if let choices = mappedChoices(r, m, value) {
                target = choiceTarget(choices: .array(choices.map(JSONLValue.string)), answer: value(m.answer), r,
                                      choicesField: m.choiceColumns.isEmpty ? m.choices : m.choiceColumns.joined(separator: ","),
                                      answerField: m.answer)
            } else {
                target = nil
            }
        case .auto, .number, .text, .behavior, .facts:
            guard let v = value(m.target) else {
                fail(r, m.target, "missing target field '\(m.target)'")
                target = nil
                break
            }
            switch type {
            case .behavior: target = behavior(v, r, m.target)
            case .facts: target = facts(listValue(v), r, m.target)
            case .number:
                if let n = number(v) { target = .number(n) } else {
                    fail(r, m.target, "expected a number, found \(describe(v))")
                    target = nil
                }
            case .text:
                target = stringList(listValue(v), r, m.target, allowSingle: true).map { .text($0) }
            default: // auto
                if let n = number(v) { target = .number(n) } else {
                    target = stringList(listValue(v), r, m.target, allowSingle: true).map { .text($0) }
                }
            }
        }

        var tags: [String] = []
        for column in m.tags {
            guard let v = value(column) else { continue }
            for tag in stringList(listValue(v), r, column, allowSingle: true) ?? [] where !tags.contains(tag) { tags.append(tag) }
        }
        let cluster = value(m.cluster).flatMap { scalarText($0, r, m.cluster) }
        var metadata: [String: String] = [:]
        for column in m.metadata {
            if let v = value(column), let text = scalarText(v, r, column) { metadata[column] = text }
        }
        if let column = m.id, let v = value(column), let id = scalarText(v, r, column) { metadata["source_id"] = id }
        guard let input, let target else { return nil }
        return Item(input: input, target: target, tags: tags, cluster: cluster, metadata: metadata, provenance: defaultProvenance(r))
    }

    private mutating func mappedChoices(_ r: ItemRecord, _ m: FieldMapping, _ value: (String) -> JSONLValue?) -> [String]? {
        if m.choiceColumns.isEmpty {
            guard let v = value(m.choices) else { fail(r, m.choices, "missing choices field '\(m.choices)'"); return nil }
            return stringList(listValue(v), r, m.choices, allowSingle: false, numbersAsText: true)
        }
        var out: [String] = []
        for column in m.choiceColumns {
            guard let v = value(column) else { fail(r, column, "missing choice field '\(column)'"); return nil }
            guard let text = scalarText(v, r, column) else { return nil }
            out.append(text)
        }
        return out
    }

    /// A CSV cell holding a JSON list (`["a","b"]`) is read as that list.
    private func listValue(_ v: JSONLValue) -> JSONLValue {
        if case .string(let s) = v, s.first == "[", let parsed = try? JSONLReader.parseValue(s), case .array = parsed { return parsed }
        return v
    }

    // MARK: - Shared pieces

    private mutating func messages(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> [Message]? {
        switch v {
        case .string(let s):
            guard !s.allSatisfy(\.isWhitespace) else { fail(r, field, "input is empty"); return nil }
            return [.user(s)]
        case .array(let elements):
            guard !elements.isEmpty else { fail(r, field, "input is an empty list of messages"); return nil }
            var out: [Message] = []
            var ok = true
            for (i, element) in elements.enumerated() {
                let path = "\(field)[\(i)]"
                guard case .object(let o) = element else {
                    fail(r, path, "expected a message {role, content}, found \(element.kindDescription)")
                    ok = false
                    continue
                }
                for key in o.keys.sorted() where key != "role" && key != "content" {
                    fail(r, "\(path).\(key)", "unknown message field '\(key)' (allowed: role, content)")
                    ok = false
                }
                guard case .string(let roleText) = o["role"] ?? .null, let role = Message.Role(rawValue: roleText) else {
                    let found = o["role"].map { $0.stringValue.map { "'\($0)'" } ?? $0.kindDescription } ?? "nothing"
                    fail(r, "\(path).role", "expected a role (system, user, assistant), found \(found)")
                    ok = false
                    continue
                }
                guard case .string(let content) = o["content"] ?? .null else {
                    fail(r, "\(path).content", "expected text content, found \(o["content"]?.kindDescription ?? "nothing")")
                    ok = false
                    continue
                }
                out.append(Message(role: role, content: content))
            }
            guard ok else { return nil }
            guard out.contains(where: { $0.role == .user }) else { fail(r, field, "input has no user message"); return nil }
            return out
        default:
            fail(r, field, "expected a string or a list of {role, content} messages, found \(v.kindDescription)")
            return nil
        }
    }

    private mutating func choiceTarget(choices: JSONLValue?, answer: JSONLValue?, _ r: ItemRecord, choicesField: String, answerField: String) -> Target? {
        guard let choices else { fail(r, choicesField, "answer given without choices"); return nil }
        guard let options = stringList(choices, r, choicesField, allowSingle: false, numbersAsText: true) else { return nil }
        guard options.count >= 2 else { fail(r, choicesField, "a choice item needs at least 2 choices, found \(options.count)"); return nil }
        guard let answer else { fail(r, answerField, "choices given without an answer"); return nil }
        switch ChoiceAnswer.resolve(answer, choices: options) {
        case .success(let index): return .choice(index: index, choices: options)
        case .failure(let problem):
            fail(r, answerField, problem.message)
            return nil
        }
    }

    private mutating func behavior(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> Target? {
        guard case .string(let s) = v, let b = Target.Behavior(rawValue: s.trimmingCharacters(in: .whitespaces).lowercased()) else {
            fail(r, field, "unknown behavior \(describe(v)) (known: refuse, comply)")
            return nil
        }
        return .behavior(b)
    }

    private mutating func facts(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> Target? {
        guard let list = stringList(v, r, field, allowSingle: true) else { return nil }
        guard !list.isEmpty else { fail(r, field, "the list of facts is empty"); return nil }
        return .facts(list)
    }

    private mutating func stringList(_ v: JSONLValue, _ r: ItemRecord, _ field: String, allowSingle: Bool, numbersAsText: Bool = false) -> [String]? {
        switch v {
        case .string(let s) where allowSingle: return [s]
        case .array(let elements):
            var out: [String] = []
            for (i, element) in elements.enumerated() {
                switch element {
                case .string(let s): out.append(s)
                case .number(let n) where numbersAsText: out.append(NumberFormat.plain(n))
                default:
                    fail(r, "\(field)[\(i)]", "expected a string, found \(element.kindDescription)")
                    return nil
                }
            }
            return out
        default:
            fail(r, field, "expected a list of strings\(allowSingle ? " or a string" : ""), found \(v.kindDescription)")
            return nil
        }
    }

    /// A string, number or boolean as text.
    private mutating func scalarText(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> String? {
        switch v {
        case .string(let s): return s
        case .number(let n): return NumberFormat.plain(n)
        case .bool(let b): return b ? "true" : "false"
        default:
            fail(r, field, "expected a string or a number, found \(v.kindDescription)")
            return nil
        }
    }

    private mutating func metadata(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> [String: String] {
        guard case .object(let o) = v else {
            fail(r, field, "expected an object of text values, found \(v.kindDescription)")
            return [:]
        }
        var out: [String: String] = [:]
        for key in o.keys.sorted() {
            guard let value = o[key], !value.isNull else { continue }
            if let text = scalarText(value, r, "\(field).\(key)") { out[key] = text }
        }
        return out
    }

    private mutating func provenance(_ v: JSONLValue, _ r: ItemRecord, _ field: String) -> Provenance? {
        guard case .object(let o) = v else {
            fail(r, field, "expected an object, found \(v.kindDescription)")
            return nil
        }
        let allowed = ["origin", "source", "parent", "operator", "generator_model", "created_at"]
        var ok = true
        for key in o.keys.sorted() where !allowed.contains(key) {
            fail(r, "\(field).\(key)", "unknown field '\(key)' (allowed: \(allowed.joined(separator: ", ")))")
            ok = false
        }
        let known = Provenance.Origin.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .string(let originText) = o["origin"] ?? .null, let origin = Provenance.Origin(rawValue: originText) else {
            let found = o["origin"].map { $0.stringValue.map { "'\($0)'" } ?? $0.kindDescription } ?? "nothing"
            fail(r, "\(field).origin", "expected an origin (\(known)), found \(found)")
            return nil
        }
        var texts: [String: String] = [:]
        for key in ["source", "parent", "operator", "generator_model", "created_at"] {
            guard let value = o[key], !value.isNull else { continue }
            guard case .string(let s) = value else {
                fail(r, "\(field).\(key)", "expected a string, found \(value.kindDescription)")
                ok = false
                continue
            }
            texts[key] = s
        }
        var createdAt: Date?
        if let s = texts["created_at"] {
            createdAt = ProvenanceDate.parse(s)
            if createdAt == nil {
                fail(r, "\(field).created_at", "expected an ISO 8601 date such as 2025-01-31T12:00:00Z, found '\(s)'")
                ok = false
            }
        }
        guard ok else { return nil }
        return Provenance(origin: origin, source: texts["source"], parent: texts["parent"], operator: texts["operator"],
                          generatorModel: texts["generator_model"], createdAt: createdAt)
    }

    private func defaultProvenance(_ r: ItemRecord) -> Provenance {
        Provenance(origin: .authored, source: "\(sourceName):\(r.line)")
    }

    private func number(_ v: JSONLValue) -> Double? {
        switch v {
        case .number(let n): return n
        case .string(let s): return Self.parseNumber(s)
        default: return nil
        }
    }

    /// A decimal number written plainly (`42`, `-3.5`, `1e6`); hex, `inf` and `nan` are not numbers here.
    static func parseNumber(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        var sawDigit = false, sawDot = false, sawExp = false, expDigit = true
        for (i, c) in s.enumerated() {
            switch c {
            case "0"..."9":
                sawDigit = true
                if sawExp { expDigit = true }
            case "+", "-":
                guard i == 0 || (sawExp && "eE".contains(s[s.index(s.startIndex, offsetBy: i - 1)])) else { return nil }
            case ".":
                guard !sawDot, !sawExp else { return nil }
                sawDot = true
            case "e", "E":
                guard sawDigit, !sawExp else { return nil }
                sawExp = true
                expDigit = false
            default:
                return nil
            }
        }
        guard sawDigit, expDigit, let value = Double(s), value.isFinite else { return nil }
        return value
    }

    private func describe(_ v: JSONLValue) -> String {
        switch v {
        case .string(let s): "'\(s)'"
        case .number(let n): NumberFormat.plain(n)
        default: v.kindDescription
        }
    }

    private mutating func fail(_ r: ItemRecord, _ field: String?, _ message: String) {
        let topKey = field.map { String($0.prefix(while: { $0 != "[" && $0 != "." })) }
        let line = topKey.flatMap { r.fieldLines[$0] } ?? r.line
        diagnostics.append(Diagnostic(file: file, line: line, field: field.map { r.fieldPrefix + $0 }, message: message))
    }
}

/// Resolves the answer of a choice item: a 0-based index, a single capital letter, or the text of an option.
enum ChoiceAnswer {
    struct Problem: Error {
        var message: String
    }

    /// A single capital letter `A`–`Z` is a letter; otherwise exact option text, then a 0-based index written
    /// as digits, then option text ignoring case and surrounding spaces.
    static func resolve(_ answer: JSONLValue, choices: [String]) -> Result<Int, Problem> {
        let range = "0-\(choices.count - 1)"
        switch answer {
        case .number(let n):
            guard n == n.rounded(), let i = Int(exactly: n) else {
                return .failure(Problem(message: "answer \(NumberFormat.plain(n)) is not a whole-number index"))
            }
            guard choices.indices.contains(i) else {
                return .failure(Problem(message: "answer \(i) is out of range for \(choices.count) choices (0-based index \(range))"))
            }
            return .success(i)
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.count == 1, let c = t.unicodeScalars.first, (65...90).contains(c.value) {
                let i = Int(c.value) - 65
                guard i < choices.count else {
                    return .failure(Problem(message: "answer '\(t)' is out of range for \(choices.count) choices (A-\(ChoiceLetters.letter(choices.count - 1)))"))
                }
                return .success(i)
            }
            if let i = choices.firstIndex(of: s) { return .success(i) }
            if let i = Int(t) {
                guard choices.indices.contains(i) else {
                    return .failure(Problem(message: "answer \(i) is out of range for \(choices.count) choices (0-based index \(range))"))
                }
                return .success(i)
            }
            let folded = t.lowercased()
            if let i = choices.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == folded }) { return .success(i) }
            return .failure(Problem(message: "answer '\(s)' is not a letter, an index or one of the choices"))
        default:
            return .failure(Problem(message: "expected an index, a letter or a choice text, found \(answer.kindDescription)"))
        }
    }
}

/// ISO 8601 dates in provenance, with or without fractional seconds.
enum ProvenanceDate {
    static func parse(_ s: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s) { return d }
        return try? Date.ISO8601FormatStyle().parse(s)
    }

    /// Whole seconds without a fraction, otherwise milliseconds.
    static func format(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: !whole))
    }
}
