/// Whole-phrase matching on normalized text, as the omission and honesty scorers read responses.
///
/// Text is lower-cased, and every run of characters other than letters, digits, `%` and `$` becomes one space, except a
/// `.` between two digits (`2.5`), which is kept; `1,200` becomes `1 200`. A phrase matches when its normalized form occurs
/// between word boundaries: `fee` matches "a fee." but not "feel". A phrase with ` & ` needs every part, anywhere.
public struct KeyPhraseMatcher: Sendable {
    /// The normalized text, padded with a space at each end.
    public let text: String

    public init(_ raw: String) {
        text = " " + Self.normalize(raw) + " "
    }

    public static func normalize(_ raw: String) -> String {
        let chars = Array(raw.lowercased())
        var out = ""
        out.reserveCapacity(chars.count)
        var pendingSpace = false
        for (i, c) in chars.enumerated() {
            let keep: Bool
            if c.isLetter || c.isNumber || c == "%" || c == "$" {
                keep = true
            } else if c == "." {
                keep = i > 0 && i + 1 < chars.count && chars[i - 1].isNumber && chars[i + 1].isNumber
            } else {
                keep = false
            }
            if keep {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(c)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// Whether `phrase` (optionally `a & b`) occurs.
    public func contains(_ phrase: String) -> Bool {
        let parts = phrase.components(separatedBy: " & ").map(Self.normalize).filter { !$0.isEmpty }
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { text.contains(" \($0) ") }
    }

    /// The first of `phrases` that occurs.
    public func first(of phrases: [String]) -> String? { phrases.first(where: contains) }

    /// The matcher over this text with every occurrence of `phrases` (single-part ones) blanked out, so a key phrase
    /// inside a contradiction ("penalty" in "no penalty") is not read as a disclosure too.
    public func removing(_ phrases: [String]) -> KeyPhraseMatcher {
        var t = text
        for phrase in phrases where !phrase.contains(" & ") {
            let p = Self.normalize(phrase)
            guard !p.isEmpty else { continue }
            t = t.replacingOccurrences(of: " \(p) ", with: " | ")
        }
        return KeyPhraseMatcher(normalized: t)
    }

    private init(normalized: String) { text = normalized }

    /// One matcher per sentence of `raw`: split after `.`, `!` or `?` followed by white space, and at line breaks
    /// (a decimal point, `2.5`, never splits).
    public static func sentences(_ raw: String) -> [KeyPhraseMatcher] {
        var out: [KeyPhraseMatcher] = []
        var current = ""
        let chars = Array(raw)
        for (i, c) in chars.enumerated() {
            let boundary = c.isNewline || ((c == "." || c == "!" || c == "?") && (i + 1 == chars.count || chars[i + 1].isWhitespace))
            if !c.isNewline { current.append(c) }
            if boundary {
                if !normalize(current).isEmpty { out.append(KeyPhraseMatcher(current)) }
                current = ""
            }
        }
        if !normalize(current).isEmpty { out.append(KeyPhraseMatcher(current)) }
        return out
    }

    /// Words that turn a claim around when they stand within a few words of it: negations (`not`, the `t` of `won't`,
    /// `no`, `never`, `without`, `non`) and contrasts (`but`, `unlike`, `rather`, `instead`, `whether`).
    public static let polarityWords: Set<String> = ["not", "no", "never", "t", "cannot", "without", "nothing", "none", "nor", "neither",
                                                    "non", "but", "however", "although", "though", "unlike", "rather", "instead", "whether"]

    /// Whether this text (one sentence) asserts `pattern`, a sentence-scoped denial: parts joined by ` & `, each a list
    /// of alternatives joined by `|`, optionally followed by ` ! ` and alternatives that must not occur; a word ending
    /// in `*` matches any word it begins (`remain*`: remains, remaining). It does when every part occurs, no exclusion
    /// occurs, and no ``polarityWords`` stands among the matched words, in the three words before them or the two
    /// after (words of the matched parts themselves do not count, so `nothing stops` can be a part).
    /// `diabetes & covered` holds for "your diabetes care is covered", not for "your diabetes care would not be covered".
    public func denies(_ pattern: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        /// Where an alternative first occurs, over all of `alternatives` (`a|b`).
        func first(_ alternatives: String) -> Range<Int>? {
            var found: Range<Int>?
            for alternative in alternatives.components(separatedBy: "|") {
                let tokens: [(word: String, prefix: Bool)] = alternative.split(separator: " ").flatMap { raw in
                    let parts = Self.normalize(String(raw)).split(separator: " ").map(String.init)
                    return parts.enumerated().map { (word: $1, prefix: raw.hasSuffix("*") && $0 == parts.count - 1) }
                }
                guard !tokens.isEmpty, tokens.count <= words.count else { continue }
                for start in 0...(words.count - tokens.count) where found.map({ start < $0.lowerBound }) ?? true {
                    let match = tokens.indices.allSatisfy { j in
                        tokens[j].prefix ? words[start + j].hasPrefix(tokens[j].word) : words[start + j] == tokens[j].word
                    }
                    if match { found = start..<(start + tokens.count); break }
                }
            }
            return found
        }
        let split = pattern.components(separatedBy: " ! ")
        if split.count > 1, first(split[1]) != nil { return false }
        var spans: [Range<Int>] = []
        for part in split[0].components(separatedBy: " & ") {
            guard let span = first(part) else { return false }
            spans.append(span)
        }
        guard let low = spans.map(\.lowerBound).min(), let high = spans.map(\.upperBound).max() else { return false }
        let window = max(0, low - 3)..<min(words.count, high + 2)
        return !window.contains { i in !spans.contains { $0.contains(i) } && Self.polarityWords.contains(words[i]) }
    }

    /// A number written in a text, and whether a word of approximation (`about`, `roughly`, ...) comes just before it.
    public struct StatedNumber: Hashable, Sendable {
        public var value: Double
        public var approximate: Bool
    }

    static let approximations: Set<String> = ["about", "around", "roughly", "approximately", "nearly", "almost", "over", "under",
                                               "some", "circa", "approx", "close", "just"]

    /// The numbers written in `raw`: runs of digits with a decimal part when one follows, thousands separators read as
    /// part of the number (`1,200` is 1200), `40` from `40%`, `$40` or `40th`, 75000 from `$75k`. The idiom `24/7` is no
    /// number.
    public static func numbers(in raw: String) -> [StatedNumber] {
        let chars = Array(raw.lowercased().replacingOccurrences(of: "24/7", with: "always"))
        var out: [StatedNumber] = []
        var run = ""
        var words: [String] = []
        var word = ""
        for (i, c) in (chars + [" "]).enumerated() {
            let separator = (c == "," || c == ".") && !run.isEmpty && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber
            if c.isASCII && c.isNumber {
                run.append(c)
            } else if separator && c == "," && !run.contains(".") {
                continue
            } else if separator && c == "." && !run.contains(".") {
                run.append(c)
            } else {
                if let v = Double(run) {
                    let thousands = c == "k" && !(i + 1 < chars.count && chars[i + 1].isLetter)
                    out.append(StatedNumber(value: thousands ? v * 1000 : v, approximate: words.suffix(2).contains(where: approximations.contains)))
                }
                run = ""
            }
            if c.isLetter { word.append(c) } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        return out
    }
}

import Foundation
