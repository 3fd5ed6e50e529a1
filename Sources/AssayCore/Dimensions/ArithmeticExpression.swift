import Foundation

/// A small arithmetic language for word-problem templates: numbers, variable names, `+ - * /`, unary minus and
/// parentheses, and one comparison (`>`, `>=`, `<`, `<=`, `==`, `!=`) for constraints. Evaluated in `Double`; the
/// templates keep values small enough to be exact.
public indirect enum ArithmeticExpression: Hashable, Sendable {
    case number(Double)
    case variable(String)
    case negate(ArithmeticExpression)
    case binary(Character, ArithmeticExpression, ArithmeticExpression)

    /// A parse failure at a character offset.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at character \(offset + 1)" }
    }

    /// Parses `text` as one expression.
    public static func parse(_ text: String) throws(ParseError) -> ArithmeticExpression {
        var p = Parser(chars: Array(text))
        let e = try p.expression()
        p.skipSpaces()
        guard p.at == p.chars.count else { throw ParseError(message: "unexpected '\(p.chars[p.at])'", offset: p.at) }
        return e
    }

    /// The value with `bindings`; nil when a variable is unbound or a division is by zero.
    public func evaluate(_ bindings: [String: Double]) -> Double? {
        switch self {
        case .number(let v): return v
        case .variable(let name): return bindings[name]
        case .negate(let e): return e.evaluate(bindings).map { -$0 }
        case .binary(let op, let l, let r):
            guard let a = l.evaluate(bindings), let b = r.evaluate(bindings) else { return nil }
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return b == 0 ? nil : a / b
            }
        }
    }

    /// The variable names used.
    public var variables: Set<String> {
        switch self {
        case .number: []
        case .variable(let name): [name]
        case .negate(let e): e.variables
        case .binary(_, let l, let r): l.variables.union(r.variables)
        }
    }

    /// A constraint `left OP right`.
    public struct Comparison: Hashable, Sendable {
        public var op: String
        public var left: ArithmeticExpression
        public var right: ArithmeticExpression

        public static func parse(_ text: String) throws(ParseError) -> Comparison {
            for op in [">=", "<=", "==", "!=", ">", "<"] {
                guard let range = text.range(of: op) else { continue }
                let left = try ArithmeticExpression.parse(String(text[..<range.lowerBound]))
                let right = try ArithmeticExpression.parse(String(text[range.upperBound...]))
                return Comparison(op: op, left: left, right: right)
            }
            throw ParseError(message: "no comparison (>, >=, <, <=, ==, !=)", offset: 0)
        }

        /// Whether it holds; false when either side cannot be evaluated.
        public func holds(_ bindings: [String: Double]) -> Bool {
            guard let a = left.evaluate(bindings), let b = right.evaluate(bindings) else { return false }
            switch op {
            case ">": return a > b
            case ">=": return a >= b
            case "<": return a < b
            case "<=": return a <= b
            case "==": return a == b
            default: return a != b
            }
        }

        public var variables: Set<String> { left.variables.union(right.variables) }
    }

    private struct Parser {
        let chars: [Character]
        var at = 0

        mutating func skipSpaces() { while at < chars.count, chars[at] == " " { at += 1 } }

        mutating func expression() throws(ParseError) -> ArithmeticExpression {
            var left = try term()
            while true {
                skipSpaces()
                guard at < chars.count, chars[at] == "+" || chars[at] == "-" else { return left }
                let op = chars[at]
                at += 1
                left = .binary(op, left, try term())
            }
        }

        mutating func term() throws(ParseError) -> ArithmeticExpression {
            var left = try factor()
            while true {
                skipSpaces()
                guard at < chars.count, chars[at] == "*" || chars[at] == "/" else { return left }
                let op = chars[at]
                at += 1
                left = .binary(op, left, try factor())
            }
        }

        mutating func factor() throws(ParseError) -> ArithmeticExpression {
            skipSpaces()
            guard at < chars.count else { throw ParseError(message: "the expression ends too early", offset: at) }
            let c = chars[at]
            if c == "-" {
                at += 1
                return .negate(try factor())
            }
            if c == "(" {
                at += 1
                let e = try expression()
                skipSpaces()
                guard at < chars.count, chars[at] == ")" else { throw ParseError(message: "missing ')'", offset: at) }
                at += 1
                return e
            }
            if c.isNumber || c == "." {
                let start = at
                while at < chars.count, chars[at].isNumber || chars[at] == "." { at += 1 }
                guard let v = Double(String(chars[start..<at])) else { throw ParseError(message: "bad number", offset: start) }
                return .number(v)
            }
            if c.isLetter || c == "_" {
                let start = at
                while at < chars.count, chars[at].isLetter || chars[at].isNumber || chars[at] == "_" { at += 1 }
                return .variable(String(chars[start..<at]))
            }
            throw ParseError(message: "unexpected '\(c)'", offset: at)
        }
    }
}
