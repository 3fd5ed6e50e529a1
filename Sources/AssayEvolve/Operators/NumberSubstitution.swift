public import AssayCore
import Foundation

/// Replaces the numbers in the request with other numbers of the same shape (digit count, decimal places).
///
/// For an item with a `.number` target the new target is recomputed, which is only possible when the request is plain
/// arithmetic on two numbers (`What is 12 + 7?`, `15 divided by 3`) and the parent's target agrees with it; any other
/// numeric-target item gets no child. Items with a text, choice or facts answer get no child either (their answer may
/// depend on the numbers); behaviour and judge-only items get their numbers changed freely.
public struct NumberSubstitution: MutationOperator {
    public let name = "number_substitution"
    public let style: String? = "substitution"

    public init() {}

    /// A number written in a text: `12`, `3.50`.
    struct NumberToken: Hashable {
        var range: Range<String.Index>
        var integerDigits: Int
        var fractionDigits: Int
        var value: Double
    }

    /// A binary arithmetic operation.
    enum Operation: Hashable {
        case add, subtract, multiply, divide

        static let spellings: [String: Operation] = [
            "+": .add, "plus": .add, "-": .subtract, "−": .subtract, "minus": .subtract,
            "*": .multiply, "×": .multiply, "x": .multiply, "times": .multiply, "multiplied by": .multiply,
            "/": .divide, "÷": .divide, "divided by": .divide, "over": .divide,
        ]

        func apply(_ a: Double, _ b: Double) -> Double? {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: b == 0 ? nil : a / b
            }
        }
    }

    /// The free-standing numbers in `text` (not part of a word such as `4th` or `mp3`).
    static func numbers(in text: String) -> [NumberToken] {
        var tokens: [NumberToken] = []
        var index = text.startIndex
        var previous: Character?
        while index < text.endIndex {
            let character = text[index]
            guard character.isASCIIDigit, !(previous.map { $0.isLetter || $0.isNumber || $0 == "." } ?? false) else {
                previous = character
                index = text.index(after: index)
                continue
            }
            let start = index
            var integerDigits = 0
            while index < text.endIndex, text[index].isASCIIDigit {
                integerDigits += 1
                index = text.index(after: index)
            }
            var fractionDigits = 0
            if index < text.endIndex, text[index] == "." {
                let afterDot = text.index(after: index)
                if afterDot < text.endIndex, text[afterDot].isASCIIDigit {
                    index = afterDot
                    while index < text.endIndex, text[index].isASCIIDigit {
                        fractionDigits += 1
                        index = text.index(after: index)
                    }
                }
            }
            let followedByWord = index < text.endIndex && (text[index].isLetter || text[index].isNumber)
            if !followedByWord, let value = Double(text[start..<index]) {
                tokens.append(NumberToken(range: start..<index, integerDigits: integerDigits,
                                          fractionDigits: fractionDigits, value: value))
            }
            previous = text[text.index(before: index)]
        }
        return tokens
    }

    /// The operation between the two numbers when `text` is plain arithmetic on exactly two numbers.
    static func arithmetic(in text: String, numbers: [NumberToken]) -> Operation? {
        guard numbers.count == 2 else { return nil }
        let between = text[numbers[0].range.upperBound..<numbers[1].range.lowerBound]
            .trimmingCharacters(in: .whitespaces).lowercased()
        return Operation.spellings[between]
    }

    /// A random number written like `token` (same digit counts) and different from it, as text and value.
    static func replacement(for token: NumberToken, nonZero: Bool, using random: inout SeededGenerator) -> (String, Double) {
        for _ in 0..<16 {
            let digits = min(token.integerDigits, 15)
            let low = digits <= 1 ? (nonZero && token.fractionDigits == 0 ? 1 : 0) : power10(digits - 1)
            let high = digits <= 1 ? 9 : power10(digits) - 1
            var text = String(random.integer(in: low...high))
            if token.fractionDigits > 0 {
                let digits = (0..<token.fractionDigits).map { _ in String(random.index(below: 10)) }.joined()
                text += "." + digits
            }
            let value = Double(text) ?? 0
            if value != token.value, !(nonZero && value == 0) { return (text, value) }
        }
        // Nearly impossible after 16 draws; still differ, deterministically.
        let digit = token.value == 1 ? "2" : "1"
        let text = String(repeating: digit, count: max(1, min(token.integerDigits, 15)))
        return (text, Double(text) ?? 1)
    }

    static func power10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { product, _ in product * 10 }
    }

    /// `text` with each token's range replaced by the matching new text.
    static func substitute(_ text: String, tokens: [NumberToken], with replacements: [String]) -> String {
        var result = text
        for (token, replacement) in zip(tokens, replacements).reversed() {
            result.replaceSubrange(token.range, with: replacement)
        }
        return result
    }

    public func mutate(_ parent: Item, context: inout MutationContext) async throws -> [Item] {
        let request = parent.prompt
        let tokens = Self.numbers(in: request)
        guard !tokens.isEmpty else { return [] }

        if case .number(let expected) = parent.target {
            guard let operation = Self.arithmetic(in: request, numbers: tokens),
                  let original = operation.apply(tokens[0].value, tokens[1].value),
                  abs(original - expected) <= 1e-9 * max(1, abs(expected))
            else { return [] }
            var (aText, a) = Self.replacement(for: tokens[0], nonZero: false, using: &context.random)
            var (bText, b) = Self.replacement(for: tokens[1], nonZero: operation == .divide, using: &context.random)
            if operation == .subtract, original >= 0, a < b {
                // Keep the sign of the answer, so the item stays as hard as it was.
                swap(&aText, &bText)
                swap(&a, &b)
            }
            if operation == .divide, tokens.allSatisfy({ $0.fractionDigits == 0 && $0.integerDigits <= 9 }),
               original == original.rounded(), original >= 1, b != 0 {
                // Whole-number division stays whole: a becomes b times a new quotient shaped like the old one.
                let old = NumberToken(range: tokens[0].range, integerDigits: String(Int(original)).count,
                                      fractionDigits: 0, value: original)
                let quotient = Int(Self.replacement(for: old, nonZero: true, using: &context.random).1)
                a = Double(quotient) * b
                aText = String(quotient * Int(b))
            }
            guard let result = operation.apply(a, b) else { return [] }
            let prompt = Self.substitute(request, tokens: tokens, with: [aText, bText])
            return child(of: parent, replacingRequestWith: prompt, target: .number(result), context: context)
                .map { [$0] } ?? []
        }

        switch parent.target {
        case .behavior, .none: break
        case .number, .text, .choice, .facts: return []
        }
        let replacements = tokens.map { Self.replacement(for: $0, nonZero: false, using: &context.random).0 }
        let prompt = Self.substitute(request, tokens: tokens, with: replacements)
        return child(of: parent, replacingRequestWith: prompt, context: context).map { [$0] } ?? []
    }
}

extension Character {
    /// 0–9 only (not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
