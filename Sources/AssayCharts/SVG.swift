/// Escaping and number formatting shared by every chart.
///
/// All output is locale-independent: numbers are formatted from integers, never through
/// a `NumberFormatter` or `String(format:)`.
public enum SVG {
    /// Escapes text for use as XML/HTML character data or a quoted attribute value.
    ///
    /// Replaces `&`, `<`, `>`, `"` and `'` with entities, and characters that XML 1.0 forbids
    /// (C0 controls other than tab, newline and carriage return; C1 controls; U+FFFE, U+FFFF)
    /// with U+FFFD, so hostile labels can neither inject markup nor break the document.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                let v = scalar.value
                let forbidden = (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD)
                    || (v >= 0x7F && v <= 0x9F) || v == 0xFFFE || v == 0xFFFF
                out.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }

    /// A coordinate: at most two decimals, trailing zeros dropped, `0` for non-finite values.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return fixed(value, decimals: 2, trim: true)
    }

    /// A value label with `decimals` fixed decimals (`n/a` for NaN, `∞`/`-∞` for infinities).
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        return fixed(value, decimals: decimals, trim: false)
    }

    /// A compact label: up to `decimals` decimals with trailing zeros dropped.
    static func short(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return format(value, decimals: 0) }
        return fixed(value, decimals: abs(value) >= 1000 ? 0 : decimals, trim: true)
    }

    /// Rounds half away from zero at `decimals` (0...9) and prints digits from integers.
    static func fixed(_ value: Double, decimals: Int, trim: Bool) -> String {
        let digits = min(max(decimals, 0), 9)
        var power: Int64 = 1
        for _ in 0..<digits { power *= 10 }
        let scaled = (abs(value) * Double(power)).rounded()
        guard scaled < 9e15 else { return String(value) }  // huge: Swift's shortest form, locale-free
        let n = Int64(scaled)
        var fraction = digits > 0 ? String(n % power) : ""
        if digits > 0 { fraction = String(repeating: "0", count: digits - fraction.count) + fraction }
        if trim { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && n != 0 ? "-" : ""
        return sign + String(n / power) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Cuts `text` to at most `limit` characters, ending with `…` when cut.
    static func truncate(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
    }
}
