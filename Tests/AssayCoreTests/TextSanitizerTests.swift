import AssayCore
import Testing

@Suite struct TextSanitizerTests {
    @Test func escapeSequencesCannotReachTheTerminal() {
        let hostile = "ok\u{1B}]0;pwned\u{07}\u{1B}[2Jdone\nnext\tcol\u{9B}31m"
        let safe = TextSanitizer.printable(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(safe.contains("\n") && safe.contains("\t"))
        #expect(safe.hasPrefix("ok\u{FFFD}]0;pwned"))
    }

    @Test func keysAreRedacted() {
        #expect(TextSanitizer.redactingKeys("Incorrect API key provided: sk-proj-abc123. Find it at x") == "Incorrect API key provided: [redacted] Find it at x")
        #expect(TextSanitizer.redactingKeys("header Bearer sk-1234 was refused") == "header Bearer [redacted]")
        #expect(TextSanitizer.redactingKeys("no secrets here") == "no secrets here")
    }
}
