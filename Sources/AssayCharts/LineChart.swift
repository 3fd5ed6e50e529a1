/// Lines with shaded bands (e.g. confidence intervals), optional log-x axis, legend,
/// horizontal threshold, vertical markers and shaded x-ranges (spans).
///
/// Points are drawn in x order; points with NaN x are dropped, and a point with an infinite x,
/// a non-finite y, or x ≤ 0 on a log axis breaks the line.
/// Points outside a given domain are clamped to the plot.
public struct LineChart: Sendable, Equatable {
    /// One observation, optionally with a band from `low` to `high`.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    /// A named line.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        /// Draw the line dashed (a prediction or a fit rather than observations).
        public var dashed: Bool
        /// Draw a circle at each point (when the chart's ``LineChart/showPoints`` is also on).
        public var showPoints: Bool

        public init(_ name: String, points: [Point], dashed: Bool = false, showPoints: Bool = true) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.showPoints = showPoints
        }
    }

    /// A reference line at `value` with a label.
    public struct Rule: Sendable, Equatable {
        public var value: Double
        public var label: String

        public init(_ value: Double, label: String = "") {
            self.value = value
            self.label = label
        }
    }

    /// A shaded x-range (a transition window, an interval of a predicted crossing) with a label.
    public struct Span: Sendable, Equatable {
        public var from: Double
        public var to: Double
        public var label: String

        public init(from: Double, to: Double, label: String = "") {
            self.from = from
            self.to = to
            self.label = label
        }
    }

    public var title: String
    public var series: [Series]
    public var xLabel: String?
    public var yLabel: String?
    /// Log-10 x axis (ticks at powers of ten).
    public var logX: Bool
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    /// A horizontal line at a y value.
    public var threshold: Rule?
    /// A vertical line at an x value.
    public var marker: Rule?
    /// More vertical lines, drawn like ``marker``; their labels are staggered so neighbours do not overlap.
    public var markers: [Rule]
    /// Shaded x-ranges under the lines.
    public var spans: [Span]
    /// Draw a small circle at each point.
    public var showPoints: Bool
    public var style: ChartStyle

    public init(title: String, series: [Series], xLabel: String? = nil, yLabel: String? = nil, logX: Bool = false,
                xDomain: ClosedRange<Double>? = nil, yDomain: ClosedRange<Double>? = nil, threshold: Rule? = nil,
                marker: Rule? = nil, markers: [Rule] = [], spans: [Span] = [], showPoints: Bool = true, style: ChartStyle = .default) {
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.threshold = threshold
        self.marker = marker
        self.markers = markers
        self.spans = spans
        self.showPoints = showPoints
        self.style = style
    }

    /// ``marker`` followed by ``markers``.
    private var allMarkers: [Rule] { (marker.map { [$0] } ?? []) + markers }

    /// Whether a point can be placed on the x axis.
    private func usable(_ p: Point) -> Bool { p.x.isFinite && p.y.isFinite && (!logX || p.x > 0) }

    /// The x and y scales: given domains as they are, computed ones widened to nice bounds.
    func scales() -> (x: Scale, y: Scale) {
        let s = style
        let points = series.flatMap(\.points).filter(usable)
        let xRange = (s.plotLeft, s.plotRight), yRange = (s.plotBottom, s.plotTop)
        let x: Scale
        if let xDomain {
            x = Scale(logX ? .log10 : .linear, domain: xDomain, range: xRange)
        } else {
            let markerX = allMarkers.map(\.value) + spans.flatMap { [$0.from, $0.to] }
            let xs = (points.map(\.x) + markerX).filter { !logX || $0 > 0 }
            let fallback: ClosedRange<Double> = logX ? 1...10 : 0...1
            x = Scale(logX ? .log10 : .linear, domain: Scale.extent(xs) ?? fallback, range: xRange).niced()
        }
        let y: Scale
        if let yDomain {
            y = Scale(domain: yDomain, range: yRange)
        } else {
            let ys = points.flatMap { [$0.y, $0.low ?? .nan, $0.high ?? .nan] } + (threshold.map { [$0.value] } ?? [])
            y = Scale(domain: Scale.extent(ys) ?? 0...1, range: yRange).niced()
        }
        return (x, y)
    }

    /// The complete `<svg>` element.
    public func svg() -> String {
        let s = style
        let (x, y) = scales()
        var w = SVGWriter(style: s, width: s.width, height: s.height, title: title, kind: "line")
        w.leftAxis(y, ticks: y.tickMarks(), x: s.plotLeft, gridRight: s.plotRight, title: yLabel)
        w.bottomAxis(x, ticks: x.tickMarks(count: 6), y: s.plotBottom, gridTop: s.plotTop, title: xLabel)
        let sorted = series.map { $0.points.filter { !$0.x.isNaN }.sorted { $0.x < $1.x } }
        func point(_ px: Double, _ py: Double) -> String { SVG.number(x.clamped(px)) + " " + SVG.number(y.clamped(py)) }

        for span in spans where span.from.isFinite && span.to.isFinite && (!logX || min(span.from, span.to) > 0) {  // spans under everything
            let a = x.clamped(min(span.from, span.to)), b = x.clamped(max(span.from, span.to))
            w.add("rect", ["class": "assay-span", "x": SVG.number(a), "y": SVG.number(s.plotTop), "width": SVG.number(max(b - a, 1)),
                           "height": SVG.number(s.plotBottom - s.plotTop), "fill": "currentColor", "fill-opacity": "0.08"],
                  tooltip: span.label.isEmpty ? nil : span.label)
        }
        for (i, points) in sorted.enumerated() {  // bands under the lines
            for run in Self.runs(points, where: { usable($0) && ($0.low?.isFinite ?? false) && ($0.high?.isFinite ?? false) }) {
                let upper = run.map { point($0.x, $0.high!) }, lower = run.reversed().map { point($0.x, $0.low!) }
                w.add("path", ["class": "assay-band \(s.colorClass(i))", "d": "M" + (upper + lower).joined(separator: " L") + " Z",
                               "fill": s.color(i), "fill-opacity": "0.18", "stroke": "none"])
            }
        }
        for (i, points) in sorted.enumerated() {
            w.openGroup("assay-series \(s.colorClass(i))", tooltip: series[i].name)
            for run in Self.runs(points, where: usable) where run.count > 1 {
                let d = "M" + run.map { point($0.x, $0.y) }.joined(separator: " L")
                if series[i].dashed {
                    w.add("path", ["class": "assay-line assay-dashed", "d": d, "fill": "none", "stroke": s.color(i), "stroke-width": "2",
                                   "stroke-dasharray": "6 4"])
                } else {
                    w.add("path", ["class": "assay-line", "d": d, "fill": "none", "stroke": s.color(i), "stroke-width": "2"])
                }
            }
            if showPoints && series[i].showPoints {
                for p in points where usable(p) {
                    w.add("circle", ["class": "assay-point", "cx": SVG.number(x.clamped(p.x)), "cy": SVG.number(y.clamped(p.y)),
                                     "r": "2.5", "fill": s.color(i)], tooltip: "\(SVG.short(p.x, decimals: 4)), \(SVG.short(p.y, decimals: 4))")
                }
            }
            w.closeGroup()
        }
        if let threshold, threshold.value.isFinite {
            let ty = y.clamped(threshold.value)
            w.line(s.plotLeft, ty, s.plotRight, ty, class: "assay-threshold", dashed: true, opacity: 0.8)
            if !threshold.label.isEmpty { w.text(threshold.label, x: s.plotRight - 4, y: ty - 4, anchor: "end", class: "assay-threshold-label") }
        }
        for (index, marker) in allMarkers.enumerated() where marker.value.isFinite && (!logX || marker.value > 0) {
            let mx = x.clamped(marker.value)
            w.line(mx, s.plotTop, mx, s.plotBottom, class: "assay-marker", dashed: true, opacity: 0.8)
            // A label near the right edge goes to the rule's left; successive labels step down a line.
            let right = mx > s.plotRight - 80
            let ly = s.plotTop + s.fontSize * (1 + 1.2 * Double(index % 4))
            if !marker.label.isEmpty {
                // A halo in the background colour keeps the label legible where it crosses a line.
                w.add("text", ["class": "assay-marker-label", "x": SVG.number(right ? mx - 4 : mx + 4), "y": SVG.number(ly),
                               "text-anchor": right ? "end" : "start", "font-size": SVG.number(s.fontSize), "stroke": "#fff",
                               "stroke-width": "3", "stroke-opacity": "0.85", "paint-order": "stroke"], text: marker.label)
            }
        }
        drawLegend(&w)
        return w.finish()
    }

    /// Swatches and names in the top margin, left to right.
    private func drawLegend(_ w: inout SVGWriter) {
        let s = style
        guard series.contains(where: { !$0.name.isEmpty }) else { return }
        var lx = s.plotLeft
        let ly = max(s.plotTop / 2, s.fontSize)
        for (i, item) in series.enumerated() {
            let name = SVG.truncate(item.name, to: 32)
            w.add("rect", ["class": "assay-legend-swatch \(s.colorClass(i))", "x": SVG.number(lx), "y": SVG.number(ly - s.fontSize * 0.7),
                           "width": "12", "height": SVG.number(s.fontSize * 0.7), "fill": s.color(i)])
            w.text(name, x: lx + 16, y: ly, class: "assay-legend")
            lx += 28 + Double(name.count) * s.fontSize * 0.6
        }
    }

    /// Maximal runs of consecutive points satisfying `predicate`.
    static func runs(_ points: [Point], where predicate: (Point) -> Bool) -> [[Point]] {
        var result: [[Point]] = [], current: [Point] = []
        for p in points {
            if predicate(p) { current.append(p) } else if !current.isEmpty { result.append(current); current = [] }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
