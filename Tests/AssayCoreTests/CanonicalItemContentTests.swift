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
}
