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
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
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
