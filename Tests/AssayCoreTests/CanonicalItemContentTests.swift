import Foundation
import Testing
@testable import AssayCore

/// Item ids are content hashes stored in every database: the hand-written content bytes must be JSONEncoder's, byte
/// for byte, or every stored suite version would change.
@Suite struct CanonicalItemContentTests {
    private struct Content: Encodable {
        let input: [Message]
        let target: Target
    }

    private static func viaEncoder(_ input: [Message], _ target: Target) -> [UInt8] {
        CanonicalJSON.encode(Content(input: input, target: target))
    }

    @Test func everyCharacterClassAndTargetKindMatchesTheEncoder() {
        var tricky = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        tricky += ["é", "\u{2028}", "\u{2029}", "😀", "\u{85}", "\u{FEFF}", "a/b", #"say "hi"\n"#, "tab\tand\r\n", ""]
        let targets: [Target] = [
            .none, .text(["4", "four"]), .text([]), .number(1020), .number(-0.5), .number(0.1), .number(1e-7), .number(2e20),
            .number(1.5e15), .number(123456789012345678), .number(-0.0), .choice(index: 2, choices: ["a", "b\"", "c"]),
            .facts(["x", "y/z"]), .behavior(.refuse), .behavior(.comply),
        ]
        for (index, text) in tricky.enumerated() {
            let target = targets[index % targets.count]
            let input: [Message] = [.system("sys \(text)"), .user(text + " q"), .assistant(text)]
            #expect(CanonicalJSON.itemContent(input: input, target: target) == Self.viaEncoder(input, target),
                    "character \(index)")
        }
        for target in targets {
            #expect(CanonicalJSON.itemContent(input: [.user("What is 2 + 2?")], target: target) == Self.viaEncoder([.user("What is 2 + 2?")], target))
        }
    }

    @Test func randomItemsMatchTheEncoder() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("ab \"\\/\n\t\u{1}é😀{}[]:,0123456789.-e")
        func text() -> String { String((0..<Int(generator.next() % 24)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
        for _ in 0..<500 {
            let value = Double(Int64(bitPattern: generator.next()) % 1_000_000) / Double(1 + generator.next() % 1000)
            let targets: [Target] = [.number(value), .text([text(), text()]), .choice(index: Int(generator.next() % 3), choices: [text(), text(), text()])]
            let target = targets[Int(generator.next() % 3)]
            let input: [Message] = generator.next() % 2 == 0 ? [.user(text())] : [.system(text()), .user(text())]
            #expect(CanonicalJSON.itemContent(input: input, target: target) == Self.viaEncoder(input, target))
        }
    }

    /// Suite versions are stored in every database too: the hand-written version content must be what encoding the whole
    /// content gives, with and without retired items (the key is then absent, as `JSONEncoder` omits a nil optional).
    @Test func suiteVersionContentMatchesTheEncoder() {
        struct Content: Encodable {
            let config: SuiteConfig
            let items: [String]
            let retired: [String]?
        }
        let items = (0..<300).map { Item(prompt: "q \($0) é\n\u{2028}", target: $0 % 2 == 0 ? .number(Double($0)) : .text(["a/\($0)"])) }
        let config = SuiteConfig(name: "v/\"s\"", scorers: [ScorerSpec(type: "exact_match", normalize: "number")])
        let plain = Suite(config: config, items: items)
        var retiring = plain
        retiring.retired = [RetiredItem(item: items[3], state: .saturated, reason: "r"), RetiredItem(item: items[1], state: .retired, reason: "x")]
        for suite in [plain, retiring, Suite(config: config, items: [])] {
            let retired = suite.retired.isEmpty ? nil : suite.retired.map { "\($0.state.rawValue):\($0.item.id)" }.sorted()
            let expected = CanonicalJSON.encode(Content(config: suite.config, items: suite.items.map(\.id).sorted(), retired: retired))
            #expect(suite.versionContent == expected)
            #expect(suite.version == SHA256.hex(expected))
        }
        #expect(plain.version != retiring.version)
    }
}
