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

    /// The runs of digits in the text, with a decimal part when one follows (`2.5`; `40` from `40%`, `$40` or `40th`;
    /// `1,200` is `1` and `200`), as values.
    public var numbers: [Double] {
        var out: [Double] = []
        var run = ""
        for c in text + " " {
            if c.isASCII, c.isNumber || (c == "." && !run.isEmpty && !run.contains(".")) {
                run.append(c)
            } else {
                if run.hasSuffix(".") { run.removeLast() }
                if let v = Double(run) { out.append(v) }
                run = ""
            }
        }
        return out
    }
}

import Foundation
