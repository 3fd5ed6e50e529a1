import AssayCharts

/// Markup that is safe to send: literal parts are trusted, and every interpolated `String` is HTML-escaped.
///
/// `"<td>\(sample.text)</td>" as HTML` escapes the model's text; only another `HTML` value (or ``HTML/raw(_:)``,
/// used for SVG from the chart module, which escapes its own labels) is inserted as is. Escaping is the default, so
/// forgetting it is not possible by omission.
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    init(trusted: String) { text = trusted }

    /// Markup produced by code that escapes its own inputs (the chart module).
    public static func raw(_ trusted: String) -> HTML { HTML(trusted: trusted) }

    public var description: String { text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }
        public mutating func appendInterpolation(_ values: [HTML]) { for value in values { text += value.text } }
    }

    /// Escapes `& < > " '` so text can stand in element content and quoted attribute values, and replaces control
    /// characters (the chart module's escaping, one rule for all markup Assay writes).
    public static func escape(_ value: String) -> String { SVG.escape(value) }

    /// Joins fragments.
    public static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(trusted: parts.map(\.text).joined(separator: separator.text))
    }
}
