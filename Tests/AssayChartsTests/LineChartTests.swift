import Testing
@testable import AssayCharts

@Suite struct LineChartTests {
    let ladder = LineChart.Series("accuracy", points: [
        .init(x: 1e6, y: 0.30, low: 0.25, high: 0.35),
        .init(x: 1e8, y: 0.55, low: 0.50, high: 0.60),
        .init(x: 1e10, y: 0.80, low: 0.76, high: 0.84),
    ])

    @Test func logXScaleAndTicks() {
        let c = LineChart(title: "Ladder", series: [ladder], logX: true)
        let (x, y) = c.scales()
        #expect(x.kind == .log10)
        #expect(x.domain == 1e6...1e10)
        #expect(x.ticks(count: 6) == [1e6, 1e7, 1e8, 1e9, 1e10])
        #expect(y.domain.lowerBound <= 0.25 && y.domain.upperBound >= 0.84)
        let s = c.style
        #expect(abs(x(1e8) - (s.plotLeft + s.plotRight) / 2) < 1e-9)
    }

    @Test func bandsLinesLegendAndRules() {
        let other = LineChart.Series("baseline", points: [.init(x: 1e6, y: 0.2), .init(x: 1e10, y: 0.4)])
        let c = LineChart(title: "Ladder", series: [ladder, other], xLabel: "parameters", yLabel: "accuracy", logX: true,
                          threshold: .init(0.5, label: "target"), marker: .init(1e9, label: "now"))
        let svg = c.svg()
        #expect(occurrences("class=\"assay-band", in: svg) == 1)
        #expect(occurrences("class=\"assay-line\"", in: svg) == 2)
        #expect(svg.contains(">baseline</text>"))
        #expect(svg.contains(">target</text>"))
        #expect(svg.contains(">now</text>"))
        #expect(svg.contains(">10⁸</text>"))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
    }

    @Test func nonFinitePointsBreakTheLine() {
        let s = LineChart.Series("s", points: [.init(x: 0, y: 1), .init(x: 1, y: 2), .init(x: 2, y: .nan), .init(x: 3, y: 1), .init(x: 4, y: 0)])
        #expect(LineChart.runs(s.points) { $0.y.isFinite }.map(\.count) == [2, 2])
        let svg = LineChart(title: "t", series: [s]).svg()
        #expect(occurrences("class=\"assay-line\"", in: svg) == 2)
        #expect(!svg.contains("NaN"))
        #expect(XMLCheck(svg).wellFormed)
    }

    @Test func emptyAndNonPositiveLogX() {
        let empty = LineChart(title: "empty", series: [])
        #expect(XMLCheck(empty.svg()).wellFormed)
        let c = LineChart(title: "t", series: [.init("s", points: [.init(x: 0, y: 1), .init(x: -1, y: 2), .init(x: 10, y: 3)])], logX: true)
        let svg = c.svg()
        #expect(!svg.contains("NaN"))
        #expect(XMLCheck(svg).wellFormed)
    }

    @Test func hostileNamesAreEscapedAndOutputIsDeterministic() {
        let c = LineChart(title: Hostile.img, series: [.init(Hostile.script, points: [.init(x: 1, y: 1), .init(x: 2, y: 3)])],
                          xLabel: Hostile.quote, yLabel: Hostile.control, threshold: .init(2, label: Hostile.img),
                          marker: .init(1.5, label: Hostile.script))
        let svg = c.svg()
        #expect(Hostile.leaksNothing(svg))
        #expect(svg == c.svg())
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed)
        #expect(xml.isInert)
    }

    @Test func severalMarkersSpansAndDashedSeries() {
        let fit = LineChart.Series("fit", points: [.init(x: 1, y: 0.1), .init(x: 10, y: 0.5), .init(x: 100, y: 0.9)], dashed: true, showPoints: false)
        let c = LineChart(title: "t", series: [ladder, fit], logX: true, markers: [.init(1e7, label: "a"), .init(1e9, label: "b")],
                          spans: [.init(from: 1e8, to: 1e12, label: "window")])
        let svg = c.svg()
        #expect(occurrences("class=\"assay-marker\"", in: svg) == 2)
        #expect(svg.contains(">a</text>") && svg.contains(">b</text>"))
        #expect(occurrences("class=\"assay-span\"", in: svg) == 1)
        #expect(svg.contains("<title>window</title>"))
        #expect(occurrences("assay-line assay-dashed", in: svg) == 1)
        #expect(occurrences("class=\"assay-point\"", in: svg) == 3)  // the fit draws no points
        // A span widens the computed x domain.
        #expect(c.scales().x.domain.upperBound >= 1e12)
        #expect(c.scales().x.domain.lowerBound <= 1)
        // The span's rectangle starts where 1e8 lies.
        let x = c.scales().x
        #expect(svg.contains("class=\"assay-span\" x=\"\(SVG.number(x(1e8)))\""))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.isInert)
    }
}
