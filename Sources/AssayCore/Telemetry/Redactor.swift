/// Removes personal data and secrets from production text before anything is stored: e-mail addresses, phone numbers,
/// card-like numbers and API-key-like strings become `[EMAIL]`, `[PHONE]`, `[CARD]` and `[KEY]`.
///
/// The rules are deliberately greedy: a false positive costs a word of a test prompt, a false negative leaks a secret.
/// - E-mail: `local@domain.tld`, the local part of letters, digits and `._%+-`.
/// - Card: 13 to 19 digits, optionally grouped by single spaces or dashes, that pass the Luhn check.
/// - Phone: a `+` or a digit, then digits grouped by spaces, dots, dashes or parentheses, 9 to 15 digits in all (after
///   cards, so a card is not read as a phone).
/// - Key: a known prefix (`sk-`, `sk_live_`, `pk_live_`, `ghp_`, `gho_`, `github_pat_`, `xox[abp]-`, `AKIA`, `AIza`,
///   `hf_`, `glpat-`) followed by 8 or more key characters, a `Bearer` token, or any run of 32 or more characters from
///   `[A-Za-z0-9_-]` that mixes letters and digits (long hex and base64 secrets).
public enum Redactor {
    /// What was redacted, by kind.
    public struct Counts: Hashable, Sendable {
        public var email = 0, phone = 0, card = 0, key = 0
        public var total: Int { email + phone + card + key }

        public init() {}

        public static func + (a: Counts, b: Counts) -> Counts {
            var c = a
            c.email += b.email
            c.phone += b.phone
            c.card += b.card
            c.key += b.key
            return c
        }
    }

    /// `text` with every match replaced, and the counts.
    public static func redact(_ text: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        var chars = Array(text)
        chars = replaceKeys(chars, &counts.key)
        chars = replaceEmails(chars, &counts.email)
        chars = replaceDigitRuns(chars, &counts)
        return (String(chars), counts)
    }

    // MARK: Keys

    static let keyPrefixes = ["sk-", "sk_live_", "sk_test_", "pk_live_", "rk_live_", "ghp_", "gho_", "ghs_", "github_pat_", "xoxa-", "xoxb-",
                              "xoxp-", "AKIA", "ASIA", "AIza", "hf_", "glpat-"]

    static func isKeyCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }

    private static func replaceKeys(_ chars: [Character], _ count: inout Int) -> [Character] {
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            // A run of key characters starting at a word boundary.
            guard isKeyCharacter(chars[i]), i == 0 || !isKeyCharacter(chars[i - 1]) else {
                out.append(chars[i])
                i += 1
                continue
            }
            var j = i
            while j < chars.count, isKeyCharacter(chars[j]) { j += 1 }
            let run = String(chars[i..<j])
            let prefixed = keyPrefixes.contains { run.hasPrefix($0) && run.count >= $0.count + 8 }
            let long = run.count >= 32 && run.contains(where: \.isLetter) && run.contains(where: \.isNumber)
            let bearer = out.suffix(7).map(String.init).joined().lowercased() == "bearer " && run.count >= 16
            if prefixed || long || bearer {
                out += Array("[KEY]")
                count += 1
            } else {
                out += Array(run)
            }
            i = j
        }
        return out
    }

    // MARK: E-mail

    private static func isLocal(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "._%+-".contains(c)) }
    private static func isDomain(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") }

    private static func replaceEmails(_ chars: [Character], _ count: inout Int) -> [Character] {
        var out = chars
        var at = out.count - 1
        while at > 0 {
            defer { at -= 1 }
            guard at < out.count, out[at] == "@" else { continue }
            var start = at
            while start > 0, isLocal(out[start - 1]) { start -= 1 }
            var end = at + 1
            while end < out.count, isDomain(out[end]) { end += 1 }
            // Trailing dots belong to the sentence.
            while end > at + 1, out[end - 1] == "." { end -= 1 }
            let domain = out[(at + 1)..<end]
            guard start < at, let dot = domain.lastIndex(of: "."), dot > at + 1, end - dot > 2 else { continue }
            out.replaceSubrange(start..<end, with: Array("[EMAIL]"))
            at = start
            count += 1
        }
        return out
    }

    // MARK: Cards and phones

    private static func replaceDigitRuns(_ chars: [Character], _ counts: inout Counts) -> [Character] {
        var out: [Character] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let startsNumber = (c.isASCII && c.isNumber) || (c == "+" && i + 1 < chars.count && chars[i + 1].isNumber) || c == "("
            guard startsNumber, i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber) else {
                out.append(c)
                i += 1
                continue
            }
            // The longest stretch of digits and single separators.
            var j = i
            var digits: [Int] = []
            var separators = 0   // consecutive separators so far: at most two (`) (`, `. `)
            while j < chars.count {
                let d = chars[j]
                if d.isASCII, d.isNumber {
                    digits.append(d.wholeNumberValue!)
                    separators = 0
                } else if j == i, d == "+" || d == "(" {
                    separators = 1
                } else if " -.()".contains(d), separators < 2, j + 1 < chars.count,
                          chars[j + 1].isNumber || " -.()".contains(chars[j + 1]) {
                    separators += 1
                } else {
                    break
                }
                j += 1
            }
            // Drop separators at the end.
            while j > i, !chars[j - 1].isNumber { j -= 1 }
            if (13...19).contains(digits.count), luhn(digits) {
                out += Array("[CARD]")
                counts.card += 1
                i = j
            } else if (9...15).contains(digits.count), j - i > digits.count || chars[i] == "+" || digits.count >= 10 {
                out += Array("[PHONE]")
                counts.phone += 1
                i = j
            } else {
                out += chars[i..<max(j, i + 1)]
                i = max(j, i + 1)
            }
        }
        return out
    }

    /// The Luhn checksum of card numbers.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (n, d) in digits.reversed().enumerated() {
            let v = n % 2 == 1 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        return sum % 10 == 0
    }
}
