import Testing
@testable import AssayCharts

@Suite struct HistogramTests {
    @Test func countsSumToN() {
        var rng = LCG(seed: 7)
        let values = (0..<1000).map { _ in rng.next() * 3 - 1 }
        let (edges, counts) = Histogram(title: "h", values: values, bins: .count(17)).binning()
        #expect(counts.count == 17)
        #expect(edges.count == 18)
        #expect(counts.reduce(0, +) == 1000)
        #expect(edges.first == values.min())
        #expect(edges.last == values.max())
    }

    @Test func skipsNonFiniteValues() {
        let (_, counts) = Histogram(title: "h", values: [1, 2, .nan, 3, .infinity], bins: .count(2)).binning()
        #expect(counts == [1, 2])  // [1, 2) and [2, 3]
    }

    @Test func explicitEdges() {
        let h = Histogram(title: "h", values: [0, 0.1, 0.5, 0.99, 1, 1.5, -1], bins: .edges([0, 0.5, 1]))
        let (edges, counts) = h.binning()
        #expect(edges == [0, 0.5, 1])
        #expect(counts == [2, 3])  // 1 is in the last, closed bin; -1 and 1.5 are outside
    }

    @Test func singleValueAndEmpty() {
        let (_, counts) = Histogram(title: "h", values: [4, 4, 4], bins: .count(5)).binning()
        #expect(counts.reduce(0, +) == 3)
        let empty = Histogram(title: "empty", values: []).svg()
        #expect(empty.contains(">no data</text>"))
        #expect(XMLCheck(empty).wellFormed)
    }

    @Test func svgHasBarsTicksAndMarker() {
        let h = Histogram(title: "Scores", values: [0.1, 0.2, 0.2, 0.7], bins: .edges([0, 0.25, 0.5, 0.75, 1]),
                          marker: 0.3, xLabel: "score")
        let svg = h.svg()
        #expect(occurrences("class=\"assay-bar", in: svg) == 2)  // empty bins have no bar
        #expect(svg.contains("<title>[0, 0.25): 3</title>"))
        #expect(svg.contains("<title>[0.5, 0.75): 1</title>"))
        #expect(svg.contains(">mean 0.3</text>"))
        #expect(svg.contains("class=\"assay-marker\""))
        #expect(svg.contains(">score</text>"))
        let xml = XMLCheck(svg)
        #expect(xml.wellFormed)
        #expect(xml.isInert)
    }

    @Test func hostileTitleIsEscapedAndOutputIsDeterministic() {
        let h = Histogram(title: Hostile.script, values: [1, 2, 3], markerLabel: Hostile.img, xLabel: Hostile.quote)
        let svg = h.svg()
        #expect(Hostile.leaksNothing(svg))
        #expect(svg == h.svg())
        #expect(XMLCheck(svg).wellFormed)
    }
}

/// A tiny deterministic generator for test data.
struct LCG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }
}
