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

    /// A number written in a text, and whether a word of approximation (`about`, `roughly`, ...) comes just before it.
    public struct StatedNumber: Hashable, Sendable {
        public var value: Double
        public var approximate: Bool
    }

    static let approximations: Set<String> = ["about", "around", "roughly", "approximately", "nearly", "almost", "over", "under",
                                               "some", "circa", "approx", "close", "just"]

    /// The numbers written in `raw`: runs of digits with a decimal part when one follows, thousands separators read as
    /// part of the number (`1,200` is 1200), `40` from `40%`, `$40` or `40th`.
    public static func numbers(in raw: String) -> [StatedNumber] {
        let chars = Array(raw.lowercased())
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
                    out.append(StatedNumber(value: v, approximate: words.suffix(2).contains(where: approximations.contains)))
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
