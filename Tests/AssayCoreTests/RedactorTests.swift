import Testing

@testable import AssayCore

/// Personal data and secrets never survive redaction; ordinary numbers and words do.
@Suite struct RedactorTests {
    @Test func emailsPhonesCardsAndKeysAreReplaced() {
        let text = """
            Mail jane.doe+work@example.co.uk or call +1 (415) 555-0134, card 4111 1111 1111 1111 exp 12/27.
            My key is sk-proj-abc123DEF456ghi789 and the AWS one AKIAIOSFODNN7EXAMPLE; token: Bearer abcdefABCDEF0123456789.
            Also 0044 20 7946 0958 and ghp_0123456789abcdefghijABCDEFGHIJ012345.
            """
        let (redacted, counts) = Redactor.redact(text)
        for secret in ["jane.doe", "example.co.uk", "415", "555-0134", "4111", "sk-proj", "AKIA", "abcdefABCDEF0123456789", "7946", "ghp_"] {
            #expect(!redacted.contains(secret), "\(secret) survived: \(redacted)")
        }
        #expect(counts.email == 1)
        #expect(counts.card == 1)
        #expect(counts.phone == 2)
        #expect(counts.key == 4)
        #expect(redacted.contains("Mail [EMAIL] or call [PHONE], card [CARD] exp 12/27."))
    }

    @Test func ordinaryTextIsLeftAlone() {
        let text = "In 2024 we sold 1,250 units at $19.99; order #48213 shipped on 3.5.2024. Version 2.1.0, room 101."
        let (redacted, counts) = Redactor.redact(text)
        #expect(redacted == text)
        #expect(counts.total == 0)
        // A 16-digit number that fails the Luhn check is not a card (it may still read as a phone-like number).
        #expect(!Redactor.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        #expect(Redactor.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    }

    @Test func addressesAtSentenceEndsAndInsideWordsAreHandled() {
        #expect(Redactor.redact("Write to a.b@c.io.").text == "Write to [EMAIL].")
        #expect(Redactor.redact("user@localhost is not an address").counts.email == 0)
        #expect(Redactor.redact("x@y.z").counts.email == 0)
    }
}
