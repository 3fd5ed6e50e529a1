import Foundation

/// Tokens coloured by their probability, as inline HTML that wraps like text.
///
/// Each token becomes `<span class="tok" style="background:…" title="…">text</span>`: red for
/// unlikely tokens, fading to transparent for likely ones. Text is kept as it is (spaces and tabs
/// are preserved by `white-space:pre-wrap` on the wrapper), except that a line break is shown
/// as `⏎` followed by `<br/>`. Everything is escaped.
public enum HeatStrip {
    /// A token and its log-probability (natural log).
    public struct Token: Sendable, Equatable {
        public var text: String
        public var logprob: Double

        public init(_ text: String, logprob: Double) {
            self.text = text
            self.logprob = logprob
        }
    }

    /// The tokens as a `<span class="assay-heatstrip">` of token spans.
    public static func html(tokens: [Token]) -> String {
        var out = "<span class=\"assay-heatstrip\" style=\"white-space:pre-wrap\">"
        for token in tokens {
            out += "<span class=\"tok\" style=\"background:\(background(logprob: token.logprob))\" title=\"\(SVG.escape(tooltip(token.logprob)))\">"
            out += text(token.text)
            out += "</span>"
        }
        return out + "</span>"
    }

    /// Same as ``html(tokens:)-([Token])`` for `(text, logprob)` pairs.
    public static func html(tokens: [(String, Double)]) -> String {
        html(tokens: tokens.map { Token($0.0, logprob: $0.1) })
    }

    /// `rgba(220,38,38,a)` with `a = 0.8 × (1 − p)`, p = exp(logprob) clamped to 0…1; transparent for NaN.
    static func background(logprob: Double) -> String {
        guard !logprob.isNaN else { return "transparent" }
        let p = min(max(exp(logprob), 0), 1)
        return "rgba(220,38,38,\(SVG.number(0.8 * (1 - p))))"
    }

    static func tooltip(_ logprob: Double) -> String {
        guard !logprob.isNaN else { return "logprob n/a" }
        return "logprob \(SVG.format(logprob, decimals: 3)), p \(SVG.format(min(exp(logprob), 1), decimals: 3))"
    }

    /// Escaped token text with each line break (`\n`, `\r\n`, `\r`) shown as `⏎<br/>`.
    static func text(_ raw: String) -> String {
        var out = "", pending = ""
        for ch in raw {
            if ch == "\n" || ch == "\r\n" || ch == "\r" {
                out += SVG.escape(pending) + "⏎<br/>"
                pending = ""
            } else {
                pending.append(ch)
            }
        }
        return out + SVG.escape(pending)
    }
}
