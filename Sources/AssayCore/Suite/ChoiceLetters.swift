/// Letters for multiple-choice options: `A` for the first, `Z` for the 26th, then `AA`, `AB`, ... as spreadsheets do.
public enum ChoiceLetters {
    /// The letter of the option at 0-based `index` (`0` → `A`). Negative indices give an empty string.
    public static func letter(_ index: Int) -> String {
        guard index >= 0 else { return "" }
        var n = index + 1
        var scalars: [Unicode.Scalar] = []
        while n > 0 {
            let r = (n - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(65 + r)))
            n = (n - 1) / 26
        }
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars.reversed())
        return s
    }

    /// The 0-based index of a letter (`A` → 0, `b` → 1, `AA` → 26), ignoring case and surrounding whitespace;
    /// `nil` for anything else.
    public static func index(of letter: String) -> Int? {
        let trimmed = letter.unicodeScalars
            .drop(while: { $0.properties.isWhitespace })
            .reversed().drop(while: { $0.properties.isWhitespace }).reversed()
        guard !trimmed.isEmpty, trimmed.count <= 6 else { return nil }
        var n = 0
        for scalar in trimmed {
            let v = scalar.value
            let digit: UInt32
            switch v {
            case 65...90: digit = v - 64
            case 97...122: digit = v - 96
            default: return nil
            }
            n = n * 26 + Int(digit)
        }
        return n - 1
    }

    /// Options as prompt lines: `A. first`, `B. second`, ... joined by line breaks.
    public static func lines(_ choices: [String]) -> String {
        choices.enumerated().map { "\(letter($0.offset)). \($0.element)" }.joined(separator: "\n")
    }
}
