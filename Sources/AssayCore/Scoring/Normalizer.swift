import Foundation

/// Text normalization and answer extraction shared by the scorers.
public enum Normalizer {
    /// How a scorer compares a response with a target.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// ``Normalizer/text(_:)`` on both sides.
        case text
        /// The last number in the response against the target number.
        case number
        /// The answer letter of a multiple-choice response against the correct option.
        case letter
        /// Exact comparison after trimming surrounding whitespace.
        case none
    }

    /// Normalizes text for comparison: lowercase; apostrophes and periods removed (`don't` → `dont`,
    /// `U.S.` → `us`) except a period or thousands comma between digits (`3.5` stays, `1,234` → `1234`);
    /// every other punctuation mark or symbol becomes a space (`well-known` → `well known`);
    /// the articles `a`, `an`, `the` dropped; whitespace collapsed and trimmed.
    public static func text(_ string: String) -> String {
        tokens(string).joined(separator: " ")
    }

    /// The words of ``text(_:)``.
    public static func tokens(_ string: String) -> [String] {
        let chars = Array(string.lowercased())
        var cleaned = ""
        cleaned.reserveCapacity(chars.count)
        for (i, ch) in chars.enumerated() {
            if ch.isLetter || ch.isNumber {
                cleaned.append(ch)
            } else if ch.isWhitespace {
                cleaned.append(" ")
            } else if ch == "'" || ch == "\u{2019}" || ch == "\u{2018}" || ch == "`" {
                continue
            } else if ch == "." {
                if isDigit(chars, i - 1) && isDigit(chars, i + 1) { cleaned.append(ch) }
            } else if ch == "," && isDigit(chars, i - 1) && isThousandsGroup(chars, i + 1) {
                continue
            } else {
                cleaned.append(" ")
            }
        }
        return cleaned.split(separator: " ").map(String.init).filter { !articles.contains($0) }
    }

    private static let articles: Set<String> = ["a", "an", "the"]

    /// The last number in the text (`"The answer is 42."` → 42), or `nil` when there is none.
    ///
    /// Understands signs (`-5`, `−5`), decimals (`3.50`), thousands separators (`1,234`), currency and
    /// percent signs around the number (`$12`, `50%`) and a sentence period after it (`42.`).
    /// A `-` after a letter or digit is a hyphen, not a sign (`3-5` is 3 and 5). Exponents and number words
    /// are not recognized.
    public static func number(in string: String) -> Double? {
        numbers(in: string).last
    }

    /// Every number in the text, in order (see ``number(in:)``).
    public static func numbers(in string: String) -> [Double] {
        let chars = Array(string)
        var result: [Double] = []
        var i = 0
        while i < chars.count {
            var negative = false
            var start = i
            if (chars[i] == "-" || chars[i] == "\u{2212}") && isDigitOrPointDigit(chars, i + 1)
                && !(i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber)) {
                negative = true
                start = i + 1
            } else if !isDigitOrPointDigit(chars, i) || (chars[i] == "." && isDigit(chars, i - 1)) {
                i += 1
                continue
            }
            var literal = ""
            var j = start
            while isDigit(chars, j) {
                literal.append(chars[j])
                j += 1
            }
            if !literal.isEmpty {
                while j < chars.count, chars[j] == ",", isThousandsGroup(chars, j + 1) {
                    literal += String(chars[(j + 1)...(j + 3)])
                    j += 4
                }
            }
            if j < chars.count, chars[j] == ".", isDigit(chars, j + 1) {
                literal.append(".")
                j += 1
                while isDigit(chars, j) {
                    literal.append(chars[j])
                    j += 1
                }
            }
            if let value = Double(literal.hasPrefix(".") ? "0" + literal : literal) {
                result.append(negative ? -value : value)
            }
            i = max(j, i + 1)
        }
        return result
    }

    /// The number a target text stands for, when the whole text is one number (`"1,234"`, `"$12"`, `"-5"`);
    /// `nil` when it has letters or several numbers.
    public static func wholeNumber(_ string: String) -> Double? {
        guard !string.contains(where: \.isLetter) else { return nil }
        let found = numbers(in: string)
        return found.count == 1 ? found[0] : nil
    }

    /// The option a multiple-choice response picks, as a 0-based index, or `nil` when it picks none.
    ///
    /// Recognized, in order: a bare letter (`B`, `b`, `(B)`, `B.`, `**B**`); the text of exactly one option
    /// (after ``text(_:)``), for the whole response or its first line; `answer is B`, `Answer: (B)`,
    /// `the correct answer is B) ...` (the last such phrase); a response starting with `B.`, `B)`, `(B)` or `B:`;
    /// and one distinct `(B)` or `option B` anywhere. Letters after the bare-letter case must be upper case
    /// (or bracketed after "answer", `answer: (c)`), so the article "a" is not read as option A. Letters beyond the number of options are ignored.
    public static func choiceIndex(in response: String, choices: [String]) -> Int? {
        let limit = choices.isEmpty ? 26 : min(choices.count, 26)
        func index(of ch: Character, anyCase: Bool) -> Int? {
            guard let ascii = ch.asciiValue else { return nil }
            var value = Int(ascii)
            if anyCase, (97...122).contains(value) { value -= 32 }
            guard (65...90).contains(value) else { return nil }
            let idx = value - 65
            return idx < limit ? idx : nil
        }

        let trimmed = response.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }

        // 1. A bare letter, possibly wrapped in punctuation or markdown.
        let core = trimmed.trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.symbols).union(.whitespacesAndNewlines))
        if core.count == 1, let ch = core.first, let idx = index(of: ch, anyCase: true) { return idx }

        // 2. The text of exactly one option.
        let firstLine = trimmed.split(whereSeparator: \.isNewline).first.map(String.init) ?? trimmed
        var candidates = [text(trimmed), text(firstLine)]
        for prefix in ["final answer is ", "correct answer is ", "answer is ", "final answer ", "answer "] {
            if let c = candidates.first, c.hasPrefix(prefix) {
                candidates.append(String(c.dropFirst(prefix.count)))
                break
            }
        }
        for candidate in candidates where !candidate.isEmpty {
            let matches = choices.indices.filter { $0 < limit && text(choices[$0]) == candidate }
            if matches.count == 1 { return matches[0] }
        }

        let chars = Array(trimmed)
        let lower = Array(trimmed.lowercased())
        // Lowercasing can change the number of characters for some scripts; only use it when aligned.
        let aligned = lower.count == chars.count

        // 3. "answer is B", "answer: (B)"; the last such phrase wins.
        if aligned {
            var found: Int?
            var i = 0
            let word = Array("answer")
            while i + word.count <= lower.count {
                if Array(lower[i..<(i + word.count)]) == word, let idx = letterAfterAnswer(chars, lower, from: i + word.count, index: index) {
                    found = idx
                }
                i += 1
            }
            if let found { return found }
        }

        // 4. Starts with "B.", "B)", "(B)", "B:" (after markdown emphasis or heading marks).
        var k = 0
        while k < chars.count, chars[k] == "*" || chars[k] == "#" || chars[k] == "_" || chars[k].isWhitespace { k += 1 }
        if k < chars.count, chars[k] == "(" || chars[k] == "[" { k += 1 }
        if k + 1 < chars.count, let idx = index(of: chars[k], anyCase: false),
           [")", ".", ":", "]"].contains(chars[k + 1]) {
            return idx
        }

        // 5. One distinct "(B)" or "option B" / "choice B" anywhere.
        var picks = Set<Int>()
        for i in chars.indices {
            if chars[i] == "(", i + 2 < chars.count, chars[i + 2] == ")", let idx = index(of: chars[i + 1], anyCase: false) {
                picks.insert(idx)
            }
        }
        if aligned {
            for phrase in ["option ", "choice "] {
                let p = Array(phrase)
                var i = 0
                while i + p.count < lower.count {
                    if Array(lower[i..<(i + p.count)]) == p, (i == 0 || !lower[i - 1].isLetter),
                       let idx = index(of: chars[i + p.count], anyCase: false),
                       i + p.count + 1 >= chars.count || !(chars[i + p.count + 1].isLetter || chars[i + p.count + 1].isNumber) {
                        picks.insert(idx)
                    }
                    i += 1
                }
            }
        }
        if picks.count == 1 { return picks.first }
        return nil
    }

    /// After the word "answer": optional `is`, `would be`, `:`, `-`, `=`, `option`, an opening bracket or
    /// emphasis, then an upper-case letter (or a lower-case one in brackets) followed by a non-letter.
    private static func letterAfterAnswer(
        _ chars: [Character], _ lower: [Character], from start: Int, index: (Character, Bool) -> Int?
    ) -> Int? {
        var i = start
        // "answers" or "answered" is another word.
        if i < lower.count, lower[i].isLetter { return nil }
        let fillers = ["is", "would", "should", "will", "be", "was", "option", "choice", "letter", "probably", "therefore", "then"]
        var progressed = true
        while progressed {
            progressed = false
            while i < chars.count, chars[i].isWhitespace || ":-=*(\"'[".contains(chars[i]) { i += 1 }
            for filler in fillers {
                let f = Array(filler)
                if i + f.count <= lower.count, Array(lower[i..<(i + f.count)]) == f,
                   i + f.count == lower.count || !lower[i + f.count].isLetter {
                    i += f.count
                    progressed = true
                    break
                }
            }
        }
        guard i < chars.count else { return nil }
        // Lower case only in brackets, "(c)", so that "the answer is a city" is not option A.
        let bracketed = i > 0 && chars[i - 1] == "(" && i + 1 < chars.count && chars[i + 1] == ")"
        guard let idx = index(chars[i], bracketed) else { return nil }
        if i + 1 < chars.count, chars[i + 1].isLetter || chars[i + 1].isNumber { return nil }
        return idx
    }

    /// Whether two numbers are equal within a relative tolerance of 1e-9 (exactly, when one is zero).
    public static func sameNumber(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    /// A one-line excerpt of model output for explanations.
    static func excerpt(_ string: String, limit: Int = 80) -> String {
        let flat = string.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }

    private static func isDigit(_ chars: [Character], _ i: Int) -> Bool {
        i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber
    }

    private static func isDigitOrPointDigit(_ chars: [Character], _ i: Int) -> Bool {
        isDigit(chars, i) || (i < chars.count && i >= 0 && chars[i] == "." && isDigit(chars, i + 1))
    }

    /// Exactly three digits at `i`, not followed by another digit.
    private static func isThousandsGroup(_ chars: [Character], _ i: Int) -> Bool {
        isDigit(chars, i) && isDigit(chars, i + 1) && isDigit(chars, i + 2) && !isDigit(chars, i + 3)
    }
}
