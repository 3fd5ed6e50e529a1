import Testing
@testable import AssayCharts

@Suite struct DifferenceChartTests {
    /// Plot area from x = 50 to x = 250 (200 px wide).
    let style = ChartStyle(width: 300, margins: .init(top: 10, right: 50, bottom: 30, left: 50))

    func chart(_ rows: [DifferenceChart.Row], domain: ClosedRange<Double>? = nil) -> DifferenceChart {
        DifferenceChart(title: "Differences", rows: rows, domain: domain, style: style)
    }

    @Test func theDomainIsSymmetricAroundZeroAndCoversEveryBound() {
        let (_, scale) = chart([.init("x", difference: 0.12, low: -0.05, high: 0.29), .init("y", difference: -0.1, low: -0.2, high: 0)]).layout()
        #expect(scale.domain == -0.3...0.3)
        #expect(scale(0) == 150)
        let (_, onlyNegative) = chart([.init("z", difference: -1.3, low: -1.7, high: -0.9)]).layout()
        #expect(onlyNegative.domain == -2...2)
        let (_, empty) = chart([.init("nan", difference: .nan)]).layout()
        #expect(empty.domain == -1...1)
    }

    @Test func geometryPlacesTheDotAndWhiskerAndClampsToTheDomain() {
        let (_, scale) = chart([], domain: -1...1).layout()
        let g = DifferenceChart.geometry(difference: 0.5, low: 0.25, high: 0.75, scale: scale)
        #expect(g.x == 200)
        #expect(g.whisker == 175...225)
        let clamped = DifferenceChart.geometry(difference: -3, low: -4, high: 0, scale: scale)
        #expect(clamped.x == 50)
        #expect(clamped.whisker == 50...150)
        let nan = DifferenceChart.geometry(difference: .nan, low: nil, high: nil, scale: scale)
        #expect(nan.x == nil)
        #expect(nan.whisker == nil)
    }

    @Test func theZeroLineAndHighlightedRowsAreDrawn() {
        let svg = chart([.init("sig", difference: 0.5, low: 0.25, high: 0.75, highlighted: true),
                         .init("noise", difference: 0.1, low: -0.3, high: 0.5)], domain: -1...1).svg()
        #expect(svg.contains("class=\"assay-zero\" x1=\"150\" y1=\"10\" x2=\"150\" y2=\"54\""))
        #expect(occurrences("assay-row assay-highlight", in: svg) == 1)
        #expect(svg.contains("font-weight=\"bold\">sig</text>"))
        #expect(svg.contains("font-weight=\"normal\">noise</text>"))
        #expect(svg.contains(">+0.500 [+0.250, +0.750] *</text>"))
        #expect(svg.contains(">+0.100 [-0.300, +0.500]</text>"))
        #expect(svg.contains("class=\"assay-point assay-s0\" cx=\"200\" cy=\"21\""))
        #expect(svg.contains("class=\"assay-point\" cx=\"160\" cy=\"43\""))
        #expect(svg.contains("class=\"assay-ci\" x1=\"175\" y1=\"21\" x2=\"225\" y2=\"21\""))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
    }

    @Test func nanDrawsNotApplicableAndNoPoint() {
        let svg = chart([.init("broken", difference: .nan, low: 0.1, high: 0.2)]).svg()
        #expect(svg.contains(">n/a</text>"))
        #expect(!svg.contains("assay-point"))
        #expect(!svg.contains("assay-ci"))
        #expect(!svg.contains("NaN"))
        #expect(XMLCheck(svg).wellFormed)
    }

    @Test func hostileLabelsAreEscaped() {
        let rows: [DifferenceChart.Row] = [
            .init(Hostile.script, difference: 0.5, low: 0.4, high: 0.6, highlighted: true, note: Hostile.img),
            .init(Hostile.img, difference: -0.2, note: Hostile.quote),
            .init(Hostile.control, difference: 0.1),
        ]
        let svg = DifferenceChart(title: Hostile.img, rows: rows, axisLabel: Hostile.script).svg()
        #expect(Hostile.leaksNothing(svg))
        #expect(svg.contains("&lt;script&gt;"))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
    }

    @Test func outputIsDeterministic() {
        let rows: [DifferenceChart.Row] = (0..<12).map { .init("row \($0)", difference: Double($0 - 6) / 10, low: -0.7, high: 0.7, highlighted: $0 % 3 == 0) }
        #expect(chart(rows).svg() == chart(rows).svg())
    }
}
