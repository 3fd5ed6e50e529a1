import Foundation

/// Makes untrusted text (model output, dataset fields, server error bodies) safe to print on a terminal: control
/// characters, including the ESC that starts terminal escape sequences, are replaced by U+FFFD; newlines and tabs stay.
public enum TextSanitizer {
    public static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Removes what looks like an API key (`sk-…`, `sk-ant-…`, `Bearer …`) from a message before it is stored or shown.
    public static func redactingKeys(_ text: String) -> String {
        var words: [Substring] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let trimmed = word.drop { "\"'(:[".contains($0) }
            if trimmed.hasPrefix("sk-") || trimmed.hasPrefix("key-") || trimmed.hasPrefix("xai-") {
                words.append(word.prefix(word.count - trimmed.count) + "[redacted]")
            } else {
                words.append(word)
            }
        }
        var result = words.joined(separator: " ")
        if let range = result.range(of: "Bearer ") {
            result = String(result[..<range.upperBound]) + "[redacted]"
        }
        return result
    }
}
