/// Seeded arithmetic questions whose difficulty grows with the number of digits: the classic probe for
/// "emergent" abilities that turn out smooth under continuous metrics.
///
/// The same arguments always give the same items. Operand size grows across the list from `minDigits` to
/// `maxDigits` in equal steps; operations are addition (40%), subtraction with a non-negative result (40%),
/// and multiplication by a single digit 2–9 (20%). No two items ask the same question.
public enum ArithmeticGenerator {
    /// The generator's name in suite files (`generate: - arithmetic: {...}`) and in provenance.
    public static let name = "arithmetic"
    /// Largest supported operand size; keeps every result exactly representable as a `Double`.
    public static let maxSupportedDigits = 15

    /// `count` items; digits are clamped to `1...maxSupportedDigits`.
    public static func items(count: Int, minDigits: Int, maxDigits: Int, seed: Int, tags: [String] = []) -> [Item] {
        let low = min(max(minDigits, 1), maxSupportedDigits)
        let high = min(max(maxDigits, low), maxSupportedDigits)
        let levels = high - low + 1
        var rng = SeededGenerator(seed: seed)
        var seen = Set<String>()
        var items: [Item] = []
        for i in 0..<max(count, 0) {
            let digits = low + i * levels / max(count, 1)
            var question = draw(digits: digits, rng: &rng)
            var attempts = 0
            while seen.contains(question.text), attempts < 100 {
                question = draw(digits: digits, rng: &rng)
                attempts += 1
            }
            seen.insert(question.text)
            var itemTags = [name]
            for tag in tags + ["digits=\(digits)"] where !itemTags.contains(tag) { itemTags.append(tag) }
            items.append(Item(
                prompt: "What is \(question.text)? Answer with the number only.",
                target: .number(Double(question.answer)),
                tags: itemTags,
                metadata: ["digits": String(digits), "operation": question.operation],
                provenance: Provenance(origin: .generated, source: "\(name):seed=\(seed):\(i)", operator: name)
            ))
        }
        return items
    }

    private struct Question {
        var text: String
        var answer: Int64
        var operation: String
    }

    private static func draw(digits: Int, rng: inout SeededGenerator) -> Question {
        var a = operand(digits: digits, rng: &rng)
        var b = operand(digits: digits, rng: &rng)
        switch uniform(10, &rng) {
        case 0..<4:
            return Question(text: "\(a) + \(b)", answer: a + b, operation: "addition")
        case 4..<8:
            if a < b { swap(&a, &b) }
            return Question(text: "\(a) - \(b)", answer: a - b, operation: "subtraction")
        default:
            let m = 2 + Int64(uniform(8, &rng))
            return Question(text: "\(a) × \(m)", answer: a * m, operation: "multiplication")
        }
    }

    /// A number with exactly `digits` digits (1–9 for one digit).
    private static func operand(digits: Int, rng: inout SeededGenerator) -> Int64 {
        var lower: Int64 = 1
        for _ in 1..<digits { lower *= 10 }
        let lowerBound = digits == 1 ? 1 : lower
        let upper = lower * 10 - 1
        return lowerBound + Int64(uniform(UInt64(upper - lowerBound + 1), &rng))
    }

    /// Uniform in `0..<n` by rejection, identical on every platform and Swift version.
    private static func uniform(_ n: UInt64, _ rng: inout SeededGenerator) -> UInt64 {
        let threshold = (0 &- n) % n
        while true {
            let x = rng.next()
            if x >= threshold { return x % n }
        }
    }
}
