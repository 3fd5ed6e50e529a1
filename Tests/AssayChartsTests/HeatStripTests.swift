import Foundation
import Testing
@testable import AssayCharts

@Suite struct HeatStripTests {
    @Test func spansWithColourAndValue() {
        let html = HeatStrip.html(tokens: [("Hello", 0.0), (" world", log(0.5))])
        #expect(html.hasPrefix("<span class=\"assay-heatstrip\" style=\"white-space:pre-wrap\">"))
        #expect(html.contains("<span class=\"tok\" style=\"background:rgba(220,38,38,0)\" title=\"logprob 0.000, p 1.000\">Hello</span>"))
        #expect(html.contains("style=\"background:rgba(220,38,38,0.4)\" title=\"logprob -0.693, p 0.500\"> world</span>"))
        #expect(XMLCheck(html).wellFormed)
    }

    @Test func lowProbabilityIsRedder() {
        #expect(HeatStrip.background(logprob: -20) == "rgba(220,38,38,0.8)")
        #expect(HeatStrip.background(logprob: 3) == "rgba(220,38,38,0)")
        #expect(HeatStrip.background(logprob: .nan) == "transparent")
    }

    @Test func newlinesAreShownAndBroken() {
        let html = HeatStrip.html(tokens: [.init("a\nb\r\nc  d", logprob: -1)])
        #expect(html.contains(">a⏎<br/>b⏎<br/>c  d</span>"))
        #expect(!html.contains("\n"))
        #expect(!html.contains("·"))
    }

    @Test func hostileTokensAreEscaped() {
        let html = HeatStrip.html(tokens: [.init(Hostile.script, logprob: -3), .init(Hostile.img, logprob: -0.1),
                                           .init(Hostile.quote, logprob: .nan), .init(Hostile.control, logprob: -1)])
        #expect(Hostile.leaksNothing(html))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let xml = XMLCheck(html)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
        #expect(Set(xml.elements) == ["root", "span"])
        #expect(html == HeatStrip.html(tokens: [.init(Hostile.script, logprob: -3), .init(Hostile.img, logprob: -0.1),
                                                .init(Hostile.quote, logprob: .nan), .init(Hostile.control, logprob: -1)]))
    }
}
