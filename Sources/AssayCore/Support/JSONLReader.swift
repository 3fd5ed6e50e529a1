/// Reads JSON Lines: one JSON value per line, blank lines ignored, every problem located by its line.
public enum JSONLReader {
    /// One parsed line.
    public struct Record: Hashable, Sendable {
        /// 1-based physical line number in the file.
        public var line: Int
        public var value: JSONLValue

        public init(line: Int, value: JSONLValue) {
            self.line = line
            self.value = value
        }
    }

    /// A line that could not be parsed.
    public struct Problem: Hashable, Sendable, Error {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Parses every non-blank line of `text`, collecting problems instead of stopping at the first.
    /// Lines may end in LF or CRLF. A byte-order mark is not skipped here: read files with ``TextFile``,
    /// which removes it.
    public static func parse(_ text: String) -> (records: [Record], problems: [Problem]) {
        var records: [Record] = []
        let problems = forEachRecord(text) { records.append($0) }
        return (records, problems)
    }

    /// Parses `text` line by line, handing each record to `body` as soon as it is read, so a large file is never held
    /// as parsed values all at once; returns the problems.
    public static func forEachRecord(_ text: String, _ body: (Record) -> Void) -> [Problem] {
        var problems: [Problem] = []
        var lineNumber = 0
        let bytes = Array(text.utf8)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let slice = bytes[start..<lineEnd]
            if slice.contains(where: { !isWhitespace($0) }) {
                do {
                    body(Record(line: lineNumber, value: try parseValue(slice)))
                } catch {
                    problems.append(Problem(line: lineNumber, message: "malformed JSON: \(error.message) at column \(error.offset + 1)"))
                }
            }
            if end == bytes.count { break }
            start = end + 1
        }
        return problems
    }

    /// Parses one complete JSON text (surrounding whitespace allowed).
    public static func parseValue(_ text: String) throws(Problem) -> JSONLValue {
        do {
            return try parseValue(Array(text.utf8)[...])
        } catch {
            throw Problem(line: 1, message: "malformed JSON: \(error.message) at column \(error.offset + 1)")
        }
    }

    /// Parses one complete JSON text given as UTF-8 bytes (surrounding whitespace allowed), such as an HTTP body.
    public static func parseValue(bytes: [UInt8]) throws(Problem) -> JSONLValue {
        do throws(ParseError) {
            var parser = Parser(bytes: bytes)
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            if parser.position < parser.bytes.count {
                throw ParseError(message: "unexpected text after the value", offset: parser.position)
            }
            return value
        } catch {
            throw Problem(line: 1, message: "malformed JSON: \(error.message) at column \(error.offset + 1)")
        }
    }

    struct ParseError: Error {
        var message: String
        var offset: Int
    }

    static func parseValue(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> JSONLValue {
        var parser = Parser(bytes: Array(bytes))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.position < parser.bytes.count {
            throw ParseError(message: "unexpected text after the value", offset: parser.position)
        }
        return value
    }

    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// A recursive-descent parser over UTF-8 bytes (RFC 8259).
    struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while position < bytes.count, JSONLReader.isWhitespace(bytes[position]) { position += 1 }
        }

        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: position) }

        mutating func value(depth: Int) throws(ParseError) -> JSONLValue {
            guard depth < 512 else { throw fail("nesting too deep") }
            guard position < bytes.count else { throw fail("unexpected end of line") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default:
                throw fail("unexpected character '\(String(decoding: [bytes[position]], as: UTF8.self))'")
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let count = word.utf8CodeUnitCount
            let matches = position + count <= bytes.count && word.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[position + $0] == expected[$0] }
            }
            guard matches else { throw fail("invalid literal (expected '\(word)')") }
            position += count
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONLValue {
            position += 1
            var members: [String: JSONLValue] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail(position < bytes.count ? "expected a member name in quotes" : "unterminated object")
                }
                let key = try string()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':' after member name") }
                position += 1
                skipWhitespace()
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated object") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                } else {
                    throw fail("expected ',' or '}' in object")
                }
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONLValue {
            position += 1
            var elements: [JSONLValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated list") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                } else {
                    throw fail("expected ',' or ']' in list")
                }
            }
        }

        mutating func string() throws(ParseError) -> String {
            let start = position
            position += 1
            // Most strings have no escape: found whole and decoded once, rather than copied a byte at a time.
            var end = position
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                defer { position = end + 1 }
                return String(decoding: bytes[position..<end], as: UTF8.self)
            }
            var out: [UInt8] = Array(bytes[position..<end])
            position = end
            while true {
                guard position < bytes.count else { throw ParseError(message: "unterminated string", offset: start) }
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    position += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { throw fail("control character in string") }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    position += 1
                    continue
                }
                position += 1
                guard position < bytes.count else { throw ParseError(message: "unterminated string", offset: start) }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            throw fail("lone surrogate in string")
                        }
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw fail("lone surrogate in string")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid unicode escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    position -= 2
                    throw fail("invalid escape '\\\(String(decoding: [e], as: UTF8.self))'")
                }
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("short unicode escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[position]
                let digit: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw fail("invalid unicode escape")
                }
                v = v << 4 | digit
                position += 1
            }
            return v
        }

        mutating func number() throws(ParseError) -> Double {
            let start = position
            func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            var isFraction = false
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
                if position < bytes.count, isDigit(bytes[position]) { throw fail("leading zero in number") }
            } else {
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                isFraction = true
                position += 1
                guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                isFraction = true
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            // An integer of up to 15 digits is exact in a Double: read directly, without a String to parse.
            if !isFraction, position - start - (negative ? 1 : 0) <= 15 {
                var magnitude: Int64 = 0
                for index in (negative ? start + 1 : start)..<position { magnitude = magnitude * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
                return negative ? -Double(magnitude) : Double(magnitude)
            }
            guard let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)), value.isFinite else {
                throw ParseError(message: "number out of range", offset: start)
            }
            return value
        }
    }
}
