/// A JSON value as read from one line of a JSON Lines file (or converted from a YAML node).
///
/// Numbers are kept as `Double`; object keys are unordered. ``serialized`` writes compact JSON with
/// sorted object keys, so equal values always serialize to the same text.
public enum JSONLValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONLValue])
    case object([String: JSONLValue])

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, when this is a number.
    public var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONLValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONLValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// A short description of the kind of value, for messages: `a string`, `a number`, `a list`, ...
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// Compact JSON text: no insignificant whitespace, object keys sorted, integral numbers without a decimal point.
    /// Non-finite numbers (which JSON cannot express) are written as `null`.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? NumberFormat.plain(n) : "null"
        case .string(let s): JSONLValue.writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            JSONLValue.writeObject(members.sorted { $0.key < $1.key }, to: &out)
        }
    }

    /// Writes an object with members in the given order (used for records whose key order is meant for humans).
    static func writeObject(_ members: [(key: String, value: JSONLValue)], to out: inout String) {
        out += "{"
        for (i, member) in members.enumerated() {
            if i > 0 { out += "," }
            writeString(member.key, to: &out)
            out += ":"
            member.value.write(to: &out)
        }
        out += "}"
    }

    /// JSON string literal with the mandatory escapes; non-ASCII text is written as is (UTF-8).
    ///
    /// Runs of text that need no escape are appended whole (a scalar at a time cost a large share of writing request
    /// bodies and stored messages); every byte that starts an escape is ASCII or the first byte of U+2028/U+2029, so
    /// the runs always end on scalar boundaries.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            let escape: String?
            var width = 1
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x00..<0x20: escape = "\\u00" + (byte < 0x10 ? "0" : "1") + String(byte & 0x0F, radix: 16)
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) are valid JSON but end lines in JavaScript: escaped.
                let second = utf8.index(after: index)
                let third = second == utf8.endIndex ? second : utf8.index(after: second)
                if third != utf8.endIndex, utf8[second] == 0x80, utf8[third] == 0xA8 || utf8[third] == 0xA9 {
                    escape = utf8[third] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                } else {
                    escape = nil
                }
            default: escape = nil
            }
            if let escape {
                out += s[runStart..<index]
                out += escape
                index = utf8.index(index, offsetBy: width)
                runStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        out += s[runStart..<utf8.endIndex]
        out += "\""
    }
}

extension JSONLValue {
    /// One JSON object line with its members in the given order (nested objects are sorted).
    public static func line(_ members: [(key: String, value: JSONLValue)]) -> String {
        var out = ""
        writeObject(members, to: &out)
        return out
    }
}
