import Testing
@testable import AssayCharts

@Suite struct SVGTests {
    @Test func escapesMarkupCharacters() {
        #expect(SVG.escape(Hostile.script) == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(SVG.escape("a&b'c\"d") == "a&amp;b&#39;c&quot;d")
        #expect(SVG.escape("naïve 日本 🙂") == "naïve 日本 🙂")
    }

    @Test func replacesCharactersXMLForbids() {
        #expect(SVG.escape("a\u{0}b\u{1B}c\u{85}d\u{FFFF}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}")
        #expect(SVG.escape("tab\tnl\n") == "tab\tnl\n")
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        #expect(SVG.number(100) == "100")
        #expect(SVG.number(0.5) == "0.5")
        #expect(SVG.number(1 / 3) == "0.33")
        #expect(SVG.number(2.005001) == "2.01")
        #expect(SVG.number(-0.001) == "0")
        #expect(SVG.number(-12.345) == "-12.35")
        #expect(SVG.number(.nan) == "0")
        #expect(SVG.number(.infinity) == "0")
    }

    @Test func fixedFormat() {
        #expect(SVG.format(0.62, decimals: 3) == "0.620")
        #expect(SVG.format(-1.5, decimals: 0) == "-2")
        #expect(SVG.format(.nan, decimals: 3) == "n/a")
        #expect(SVG.format(12345.678, decimals: 1) == "12345.7")
        #expect(SVG.short(0.250) == "0.25")
        #expect(SVG.short(1234.5) == "1235")
    }

    @Test func truncation() {
        #expect(SVG.truncate("abcdef", to: 4) == "abc…")
        #expect(SVG.truncate("abc", to: 4) == "abc")
    }
}
