import Testing
@testable import AssayCore

struct SuiteGeneratorTests {
    @Test func sameSeedSameItems() {
        let a = ArithmeticGenerator.items(count: 30, minDigits: 1, maxDigits: 6, seed: 42, tags: ["x"])
        let b = ArithmeticGenerator.items(count: 30, minDigits: 1, maxDigits: 6, seed: 42, tags: ["x"])
        let c = ArithmeticGenerator.items(count: 30, minDigits: 1, maxDigits: 6, seed: 43, tags: ["x"])
        #expect(a == b)
        #expect(a.map(\.id) != c.map(\.id))
        #expect(Set(a.map(\.id)).count == 30)
    }

    @Test func pinnedOutputForSeedOne() {
        // Pins the stream: a change here silently changes every suite that generates items.
        let items = ArithmeticGenerator.items(count: 3, minDigits: 2, maxDigits: 2, seed: 1, tags: [])
        #expect(items.map(\.prompt) == Self.pinnedPrompts)
    }

    static let pinnedPrompts = [
        "What is 15 + 89? Answer with the number only.",
        "What is 75 × 7? Answer with the number only.",
        "What is 13 + 10? Answer with the number only.",
    ]

    @Test func digitsGrowAndAnswersAreRight() throws {
        let items = ArithmeticGenerator.items(count: 20, minDigits: 1, maxDigits: 6, seed: 7, tags: ["arithmetic"])
        let digits = items.map { Int($0.metadata["digits"] ?? "") ?? 0 }
        #expect(digits == digits.sorted())
        #expect(digits.first == 1)
        #expect(digits.last == 6)
        #expect(Set(digits) == Set(1...6))
        for item in items {
            let d = try #require(item.metadata["digits"])
            #expect(item.tags == ["arithmetic", "digits=\(d)"])
            #expect(item.cluster == nil)
            #expect(item.provenance.origin == .generated)
            #expect(item.provenance.operator == "arithmetic")
            #expect(item.prompt.hasSuffix("? Answer with the number only."))
            // Recompute the answer from the prompt text.
            let question = item.prompt.dropFirst("What is ".count).prefix { $0 != "?" }
            let parts = question.split(separator: " ")
            try #require(parts.count == 3)
            let a = try #require(Double(parts[0])), b = try #require(Double(parts[2]))
            let expected: Double = switch parts[1] {
            case "+": a + b
            case "-": a - b
            default: a * b
            }
            #expect(item.target == .number(expected))
            #expect(expected >= 0)
            #expect(String(Int(a)).count == Int(d))
        }
    }

    @Test func degenerateArguments() {
        #expect(ArithmeticGenerator.items(count: 0, minDigits: 1, maxDigits: 3, seed: 1).isEmpty)
        let clamped = ArithmeticGenerator.items(count: 4, minDigits: 0, maxDigits: 99, seed: 1)
        #expect(clamped.first?.metadata["digits"] == "1")
        #expect(clamped.last?.metadata["digits"] == String(ArithmeticGenerator.maxSupportedDigits - 3))
    }
}
