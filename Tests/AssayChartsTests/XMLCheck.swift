import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What an XML parse of chart output found: whether it is well-formed, and every element and attribute name.
struct XMLCheck {
    var wellFormed = false
    var elements: [String] = []
    var attributes: [String] = []
    var error: String?

    /// Parses `text` (wrapped in a root element so HTML fragments parse too).
    init(_ text: String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(("<root>" + text + "</root>").utf8))
        parser.delegate = collector
        wellFormed = parser.parse()
        error = parser.parserError.map { "\($0)" }
        elements = collector.elements
        attributes = collector.attributes
    }

    /// True when nothing could run or load: no script or foreignObject element, no `on…` handler, no href.
    var isInert: Bool {
        !elements.contains { ["script", "foreignobject", "iframe", "img", "image", "use", "a"].contains($0.lowercased()) }
            && !attributes.contains { $0.lowercased().hasPrefix("on") || $0.lowercased().hasSuffix("href") }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var attributes: [String] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append(elementName)
            attributes.append(contentsOf: attributeDict.keys)
        }
    }
}

/// Hostile strings used as labels, titles and token text.
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let img = "\"><img src=x onerror=alert(1)>"
    static let quote = "it's \"quoted\" & <b>bold</b>"
    static let control = "nul\u{0}bell\u{7}"

    /// No raw markup from the hostile strings survives: no `<script`, `<img` or `<b>`, every
    /// `onerror=` sits inside an escaped `&lt;img`, and the control characters are gone.
    static func leaksNothing(_ output: String) -> Bool {
        !output.contains("<script") && !output.contains("<img") && !output.contains("<b>")
            && occurrences("onerror=", in: output) == occurrences("&lt;img src=x onerror=", in: output)
            && !output.contains("\u{0}") && !output.contains("\u{7}")
    }
}

/// How many times `needle` occurs in `haystack` (non-overlapping).
func occurrences(_ needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
