import Testing
@testable import AssayCharts

@Suite struct IntervalChartTests {
    /// Plot area from x = 50 to x = 250 (200 px wide).
    let style = ChartStyle(width: 300, margins: .init(top: 10, right: 50, bottom: 30, left: 50))

    func chart(_ rows: [IntervalChart.Row], domain: ClosedRange<Double>? = nil) -> IntervalChart {
        IntervalChart(title: "Accuracy", rows: rows, domain: domain, style: style)
    }

    @Test func barGeometryOnUnitDomain() {
        let (_, scale) = chart([.init("a", value: 0.5, low: 0.4, high: 0.6)], domain: 0...1).layout()
        let g = IntervalChart.geometry(value: 0.5, low: 0.4, high: 0.6, scale: scale)
        #expect(g.bar == 50...150)
        #expect(g.valueX == 150)
        #expect(g.whisker == 130...170)
        let svg = chart([.init("a", value: 0.5, low: 0.4, high: 0.6)], domain: 0...1).svg()
        #expect(svg.contains("x=\"50\" y=\"14.95\" width=\"100\" height=\"12.1\""))
    }

    @Test func negativeValuesExtendLeftFromZero() {
        let c = chart([.init("lp", value: -1.2, low: -1.5, high: -0.9), .init("lp2", value: -0.3)])
        let (_, scale) = c.layout()
        #expect(scale.domain == -1.6...0)  // step 0.2
        let g = IntervalChart.geometry(value: -1.2, low: -1.5, high: -0.9, scale: scale)
        #expect(g.bar?.upperBound == 250)  // zero is the right edge
        #expect(abs((g.bar?.lowerBound ?? 0) - 100) < 1e-9)  // 50 + 200 × 0.4 / 1.6
    }

    @Test func domainFromDataBeyondUnitInterval() {
        let (_, scale) = chart([.init("elo", value: 1.7), .init("b", value: 0.2)]).layout()
        #expect(scale.domain == 0...2)
        let (_, unit) = chart([.init("p", value: 0.3, low: 0.1, high: 0.45)]).layout()
        #expect(unit.domain == 0...1)
    }

    @Test func valuesOutsideAGivenDomainAreClamped() {
        let (_, scale) = chart([], domain: 0...1).layout()
        let g = IntervalChart.geometry(value: 1.4, low: 1.2, high: 1.6, scale: scale)
        #expect(g.bar == 50...250)
        #expect(g.whisker == 250...250)
    }

    @Test func nanDrawsNotApplicableAndNoBar() {
        let rows: [IntervalChart.Row] = [.init("broken", value: .nan, low: 0.1, high: 0.2)]
        let (_, scale) = chart(rows).layout()
        let g = IntervalChart.geometry(value: .nan, low: 0.1, high: 0.2, scale: scale)
        #expect(g.bar == nil)
        #expect(g.valueX == nil)
        let svg = chart(rows).svg()
        #expect(svg.contains(">n/a</text>"))
        #expect(!svg.contains("assay-bar"))
        #expect(!svg.contains("assay-ci"))
        #expect(!svg.contains("NaN"))
        #expect(XMLCheck(svg).wellFormed)
    }

    @Test func zeroWidthIntervalDrawsATick() {
        let svg = chart([.init("exact", value: 1, low: 1, high: 1)], domain: 0...1).svg()
        #expect(svg.contains("class=\"assay-ci-tick\" x1=\"250\""))
        #expect(!svg.contains("class=\"assay-ci\""))
        let wide = chart([.init("ci", value: 0.5, low: 0.25, high: 0.75)], domain: 0...1).svg()
        #expect(wide.contains("class=\"assay-ci\" x1=\"100\" y1=\"21\" x2=\"200\" y2=\"21\""))
    }

    @Test func hostileLabelsAreEscaped() {
        let rows: [IntervalChart.Row] = [
            .init(Hostile.script, value: 0.5, low: 0.4, high: 0.6, note: Hostile.img),
            .init(Hostile.img, value: 0.2, note: Hostile.quote),
            .init(Hostile.control, value: 0.1),
        ]
        let svg = IntervalChart(title: Hostile.img, rows: rows, axisLabel: Hostile.script).svg()
        #expect(Hostile.leaksNothing(svg))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("aria-label=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
    }

    @Test func documentStructure() {
        let svg = chart([.init("a", value: 0.5, low: 0.4, high: 0.6, note: "n=100")]).svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\" aria-label=\"Accuracy\""))
        #expect(svg.contains("<title>Accuracy</title>"))
        #expect(svg.contains(">0.500 [0.400, 0.600] · n=100</text>"))
        #expect(svg.hasSuffix("</svg>"))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed)
        #expect(xml.isInert)
        #expect(xml.elements.dropFirst().first == "svg")  // after the wrapper
    }

    @Test func outputIsDeterministic() {
        let rows: [IntervalChart.Row] = (0..<20).map { .init("row \($0)", value: Double($0) / 19, low: Double($0) / 20, high: 1) }
        #expect(chart(rows).svg() == chart(rows).svg())
    }

    @Test func inlineVariant() {
        let svg = IntervalChart.inline(value: 0.5, low: 0.4, high: 0.6, domain: 0...1)
        #expect(svg.contains("width=\"160\" height=\"18\""))
        #expect(svg.contains("aria-label=\"0.500 (CI 0.400–0.600)\""))
        #expect(svg.contains("x=\"2\" y=\"4.5\" width=\"78\""))  // 2 + 156 × 0.5 = 80
        #expect(!svg.contains("assay-axis"))
        #expect(XMLCheck(svg).wellFormed)
        let na = IntervalChart.inline(value: .nan)
        #expect(na.contains(">n/a</text>"))
        #expect(!na.contains("assay-bar"))
        #expect(XMLCheck(na).wellFormed)
    }
}
