package import Yams

/// Resolves the tag of a plain YAML scalar (`3` is an int, `yes` a bool, `~` null) by hand, with the same rules and
/// order as Yams' default resolver (YAML 1.1: bool, int, float, merge, null, timestamp, value, else str).
///
/// Yams' default resolver matches each plain scalar against `NSRegularExpression`s. Compiling them loads ICU's regex
/// engine, about 1.5 MiB of resident memory in every `assay run`, for a handful of fixed patterns; suite files and gate
/// policies are therefore composed with Yams' rule-less resolver and their plain scalars resolved here. A test checks
/// that this agrees with Yams' default resolver on every scalar it tries.
package enum YAMLScalarResolver {
    /// Parses `yaml` into a node tree whose plain scalars are left unresolved (tag `str`); read tags through
    /// ``tag(of:)``.
    package static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .basic)
    }

    /// The tag of `node` as Yams' default resolver would give it: a plain scalar's resolved by its text, any other
    /// node's as composed. (An explicit `!!str` on a plain scalar cannot be told apart here and is resolved by its text.)
    package static func tag(of node: Node) -> Tag.Name {
        let composed = Tag.Name(rawValue: node.tag.rawValue)
        if case .scalar(let s) = node, s.style == .plain, composed == .str { return tag(plain: s.string) }
        return composed
    }

    /// The tag Yams' default resolver gives a plain scalar with this text.
    package static func tag(plain text: String) -> Tag.Name {
        let b = Array(text.utf8)
        if bools.contains(text) { return .bool }
        if isInt(b[...]) { return .int }
        if isFloat(b[...]) { return .float }
        if text == "<<" { return .merge }
        if text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        if isTimestamp(b[...]) { return .timestamp }
        if text == "=" { return .value }
        return .str
    }

    /// The value of a plain scalar resolved as `bool` (Yams' own accessor returns nil for the rule-less resolver's
    /// untyped scalars); nil for any other text.
    package static func bool(plain text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    private static let bools: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    private typealias Bytes = ArraySlice<UInt8>

    private static func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func sign(_ c: UInt8) -> Bool { c == 0x2B || c == 0x2D }

    /// Drops a leading `+` or `-`.
    private static func unsigned(_ b: Bytes) -> Bytes { b.first.map(sign) == true ? b.dropFirst() : b }

    /// One or more bytes, all satisfying `ok`.
    private static func all(_ b: Bytes, _ ok: (UInt8) -> Bool) -> Bool { !b.isEmpty && b.allSatisfy(ok) }

    private static func starts(_ b: Bytes, _ prefix: String) -> Bool { b.starts(with: prefix.utf8) }

    /// `(?::[0-5]?[0-9])+` over the whole of `b`.
    private static func sexagesimalGroups(_ b: Bytes) -> Bool {
        guard b.first == 0x3A else { return false }
        for group in b.dropFirst().split(separator: 0x3A, omittingEmptySubsequences: false) {
            switch group.count {
            case 1: if !digit(group.first!) { return false }
            case 2: if !(group.first! >= 0x30 && group.first! <= 0x35 && digit(group.last!)) { return false }
            default: return false
            }
        }
        return true
    }

    /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
    private static func isInt(_ b: Bytes) -> Bool {
        let r = unsigned(b)
        guard let first = r.first else { return false }
        if starts(r, "0b"), all(r.dropFirst(2), { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) { return true }
        if first == 0x30 {
            let rest = r.dropFirst().first == 0x6F ? r.dropFirst(2) : r.dropFirst()
            if all(rest, { ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }) { return true }
        }
        if r.count == 1 && first == 0x30 { return true }
        if first >= 0x31 && first <= 0x39 && r.dropFirst().allSatisfy({ digit($0) || $0 == 0x5F }) { return true }
        if starts(r, "0x"), all(r.dropFirst(2), { digit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) || $0 == 0x5F }) { return true }
        if first >= 0x31 && first <= 0x39 {
            let head = r.dropFirst().prefix { digit($0) || $0 == 0x5F }
            if sexagesimalGroups(r.dropFirst(1 + head.count)) { return true }
        }
        return false
    }

    /// `[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
    /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
    private static func isFloat(_ b: Bytes) -> Bool {
        let digitOrUnderscore: (UInt8) -> Bool = { digit($0) || $0 == 0x5F }
        let r = unsigned(b)
        // [0-9][0-9_]* (\.[0-9_]*)? exponent?
        if let first = r.first, digit(first) {
            var rest = r.dropFirst().drop(while: digitOrUnderscore)
            if rest.first == 0x2E { rest = rest.dropFirst().drop(while: digitOrUnderscore) }
            if rest.isEmpty || exponent(rest, signRequired: false) { return true }
        }
        // \.[0-9_]+ exponent? (no leading sign, and the exponent's sign is required)
        if b.first == 0x2E {
            let fraction = b.dropFirst().prefix(while: digitOrUnderscore)
            let rest = b.dropFirst(1 + fraction.count)
            if !fraction.isEmpty && (rest.isEmpty || exponent(rest, signRequired: true)) { return true }
        }
        // sexagesimal with a fraction: [0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        if let first = r.first, digit(first), let dot = r.lastIndex(of: 0x2E) {
            let head = r.dropFirst().prefix(while: digitOrUnderscore)
            let groups = r[(r.startIndex + 1 + head.count)..<dot]
            if sexagesimalGroups(groups) && r[(dot + 1)...].allSatisfy(digitOrUnderscore) { return true }
        }
        if r.elementsEqual(".inf".utf8) || r.elementsEqual(".Inf".utf8) || r.elementsEqual(".INF".utf8) { return true }
        return b.elementsEqual(".nan".utf8) || b.elementsEqual(".NaN".utf8) || b.elementsEqual(".NAN".utf8)
    }

    /// `[eE][-+]?[0-9]+` (or `[eE][-+][0-9]+`) over the whole of `b`.
    private static func exponent(_ b: Bytes, signRequired: Bool) -> Bool {
        guard b.first == 0x65 || b.first == 0x45 else { return false }
        var rest = b.dropFirst()
        if let s = rest.first, sign(s) { rest = rest.dropFirst() } else if signRequired { return false }
        return all(rest, digit)
    }

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}` or `[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}
    /// (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?`
    private static func isTimestamp(_ b: Bytes) -> Bool {
        var r = b
        func digits(_ range: ClosedRange<Int>) -> Bool {
            let run = r.prefix(while: digit).count
            guard run >= range.lowerBound else { return false }
            r = r.dropFirst(min(run, range.upperBound))
            return true
        }
        func take(_ c: UInt8) -> Bool {
            guard r.first == c else { return false }
            r = r.dropFirst()
            return true
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard digits(4...4), take(0x2D) else { return false }
        let monthStart = r.count
        guard digits(1...2) else { return false }
        let month = monthStart - r.count
        guard take(0x2D) else { return false }
        let dayStart = r.count
        guard digits(1...2) else { return false }
        if r.isEmpty { return month == 2 && dayStart - r.count == 2 }
        if r.first == 0x54 || r.first == 0x74 {
            r = r.dropFirst()
        } else {
            let spaces = r.prefix(while: blank).count
            guard spaces > 0 else { return false }
            r = r.dropFirst(spaces)
        }
        guard digits(1...2), take(0x3A), digits(2...2), take(0x3A), digits(2...2) else { return false }
        if take(0x2E) { r = r.drop(while: digit) }
        if r.isEmpty { return true }
        r = r.drop(while: blank)
        // Blanks lead a zone; they cannot end the text.
        guard !r.isEmpty else { return false }
        if take(0x5A) { return r.isEmpty }
        guard let s = r.first, sign(s) else { return false }
        r = r.dropFirst()
        guard digits(1...2) else { return false }
        if r.isEmpty { return true }
        return take(0x3A) && digits(2...2) && r.isEmpty
    }
}
