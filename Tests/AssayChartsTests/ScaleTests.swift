import Testing
@testable import AssayCharts

@Suite struct ScaleTests {
    @Test func linearTicksOnUnitDomain() {
        let s = Scale(domain: 0...1, range: (0, 200))
        #expect(s.ticks() == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(s.tickMarks().map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func linearTicksStayInsideDomain() {
        #expect(Scale(domain: 0...0.37, range: (0, 1)).ticks() == [0, 0.1, 0.2, 0.3])
        #expect(Scale(domain: -2.5...0, range: (0, 1)).ticks() == [-2.5, -2, -1.5, -1, -0.5, 0])
        #expect(Scale(domain: 0...130, range: (0, 1)).ticks() == [0, 20, 40, 60, 80, 100, 120])
        #expect(Scale(domain: 0...0.05, range: (0, 1)).ticks() == [0, 0.01, 0.02, 0.03, 0.04, 0.05])
    }

    @Test func niceSteps() {
        #expect(Scale.niceStep(span: 1, count: 5) == 0.2)
        #expect(Scale.niceStep(span: 0.37, count: 5) == 0.1)
        #expect(Scale.niceStep(span: 1000, count: 5) == 200)
        #expect(Scale.niceStep(span: 23, count: 5) == 5)
    }

    @Test func nicedDomainEnclosesData() {
        let s = Scale(domain: 0.03...0.87, range: (0, 1)).niced()
        #expect(s.domain == 0...1)
        let neg = Scale(domain: -2.31...(-0.4), range: (0, 1)).niced()
        #expect(neg.domain == -2.5...0)
        #expect(Scale(.log10, domain: 3e6...2e9, range: (0, 1)).niced().domain == 1e6...1e10)
    }

    @Test func logTicksArePowersOfTen() {
        let s = Scale(.log10, domain: 1e6...1e10, range: (0, 400))
        #expect(s.ticks() == [1e6, 1e7, 1e8, 1e9, 1e10])
        #expect(s.tickMarks().map(\.label) == ["10⁶", "10⁷", "10⁸", "10⁹", "10¹⁰"])
        #expect(Scale(.log10, domain: 0.01...10, range: (0, 1)).tickMarks().map(\.label) == ["0.01", "0.1", "1", "10"])
        // Within one decade: 1-2-5 multiples.
        #expect(Scale(.log10, domain: 1...10, range: (0, 1)).ticks() == [1, 2, 5, 10])
    }

    @Test func manyDecadesAreThinned() {
        let ticks = Scale(.log10, domain: 1e-12...1e12, range: (0, 1)).ticks(count: 5)
        #expect(ticks.count <= 10)
        #expect(ticks.first == 1e-12)
    }

    @Test func mapping() {
        let lin = Scale(domain: 0...1, range: (50, 250))
        #expect(lin(0.5) == 150)
        #expect(lin.clamped(2) == 250)
        #expect(lin(.nan).isNaN)
        let flipped = Scale(domain: 0...10, range: (300, 100))
        #expect(flipped(10) == 100)
        let log = Scale(.log10, domain: 1e6...1e10, range: (0, 400))
        #expect(abs(log(1e8) - 200) < 1e-9)
        #expect(log(0).isNaN)
        #expect(log(-5).isNaN)
        // A zero-width domain maps to the middle instead of dividing by zero.
        #expect(Scale(domain: 3...3, range: (0, 100))(3) == 50)
    }
}
