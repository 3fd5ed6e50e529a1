public import Foundation

/// JSON with sorted keys and no insignificant whitespace: the input of every content hash.
public enum CanonicalJSON {
    /// Canonical UTF-8 bytes of `value`. Encoding our own domain types cannot fail; a failure is a programming error.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("canonical encoding of \(T.self) failed: \(error)")
        }
    }

    /// Canonical JSON as a string.
    public static func string<T: Encodable>(_ value: T) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}

extension CanonicalJSON {
    /// The canonical bytes of an item's content, `{"input":[{"content":…,"role":…}],"target":{…}}`, written by hand:
    /// exactly what ``encode(_:)`` gives for the same value (a test compares the two on generated items), at a fraction of
    /// `JSONEncoder`'s cost, which was the largest part of loading a suite of generated items.
    ///
    /// The format is `JSONEncoder`'s with sorted keys and unescaped slashes: strings escape `"`, `\` and the control
    /// characters (`\b \t \n \f \r`, others as `\u00xx`) and keep every other character as UTF-8; a double is its Swift
    /// description without a trailing `.0`.
    public static func itemContent(input: [Message], target: Target) -> [UInt8] {
        if case .number(let value) = target, !value.isFinite {
            // Not representable in JSON: keep JSONEncoder's behaviour for it.
            struct Content: Encodable { let input: [Message]; let target: Target }
            return encode(Content(input: input, target: target))
        }
        var out: [UInt8] = []
        out.reserveCapacity(64 + input.reduce(0) { $0 + $1.content.utf8.count + 32 })
        out.append(contentsOf: #"{"input":["#.utf8)
        for (index, message) in input.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"content":"#.utf8)
            appendString(message.content, to: &out)
            out.append(contentsOf: #","role":"#.utf8)
            appendString(message.role.rawValue, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"],"target":{"#.utf8)
        switch target {
        case .none:
            out.append(contentsOf: #""kind":"none""#.utf8)
        case .text(let texts):
            out.append(contentsOf: #""kind":"text","texts":"#.utf8)
            appendStrings(texts, to: &out)
        case .number(let value):
            out.append(contentsOf: #""kind":"number","number":"#.utf8)
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
        case .choice(let index, let choices):
            out.append(contentsOf: #""choices":"#.utf8)
            appendStrings(choices, to: &out)
            out.append(contentsOf: #","index":"#.utf8)
            out.append(contentsOf: String(index).utf8)
            out.append(contentsOf: #","kind":"choice""#.utf8)
        case .facts(let facts):
            out.append(contentsOf: #""facts":"#.utf8)
            appendStrings(facts, to: &out)
            out.append(contentsOf: #","kind":"facts""#.utf8)
        case .behavior(let behavior):
            out.append(contentsOf: #""behavior":"#.utf8)
            appendString(behavior.rawValue, to: &out)
            out.append(contentsOf: #","kind":"behavior""#.utf8)
        }
        out.append(contentsOf: "}}".utf8)
        return out
    }

    static func appendStrings(_ values: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
