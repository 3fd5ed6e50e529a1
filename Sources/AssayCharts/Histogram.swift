/// Counts of values per bin, drawn as bars, with an optional vertical marker such as the mean.
public struct Histogram: Sendable, Equatable {
    /// How bins are chosen.
    public enum Bins: Sendable, Equatable {
        /// Equal-width bins from the smallest to the largest finite value.
        case count(Int)
        /// Explicit increasing edges; bin i is [edgeᵢ, edgeᵢ₊₁), the last one closed. Values outside are not counted.
        case edges([Double])
    }

    public var title: String
    public var values: [Double]
    public var bins: Bins
    /// Where to draw a vertical marker line (not drawn when nil or non-finite).
    public var marker: Double?
    public var markerLabel: String
    public var xLabel: String?
    public var style: ChartStyle

    public init(title: String, values: [Double], bins: Bins = .count(20), marker: Double? = nil,
                markerLabel: String = "mean", xLabel: String? = nil, style: ChartStyle = .default) {
        self.title = title
        self.values = values
        self.bins = bins
        self.marker = marker
        self.markerLabel = markerLabel
        self.xLabel = xLabel
        self.style = style
    }

    /// Bin edges and the count in each bin (NaN and infinite values are skipped).
    func binning() -> (edges: [Double], counts: [Int]) {
        let finite = values.filter(\.isFinite)
        let edges: [Double]
        switch bins {
        case .count(let n):
            guard let extent = Scale.extent(finite) else { return ([], []) }
            let k = max(n, 1), width = (extent.upperBound - extent.lowerBound) / Double(k)
            edges = (0...k).map { $0 == k ? extent.upperBound : extent.lowerBound + Double($0) * width }
        case .edges(let given):
            edges = Array(Set(given.filter(\.isFinite))).sorted()
        }
        guard edges.count >= 2 else { return (edges, []) }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for v in finite where v >= edges[0] && v <= edges[edges.count - 1] {
            // Last edge ≤ v, by binary search; the top edge belongs to the last bin.
            var lo = 0, hi = edges.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if edges[mid] <= v { lo = mid } else { hi = mid }
            }
            counts[lo] += 1
        }
        return (edges, counts)
    }

    /// The complete `<svg>` element.
    public func svg() -> String {
        let s = style
        let (edges, counts) = binning()
        var w = SVGWriter(style: s, width: s.width, height: s.height, title: title, kind: "histogram")
        let xDomain = edges.count >= 2 ? edges[0]...edges[edges.count - 1] : 0...1
        let x = Scale(domain: xDomain, range: (s.plotLeft, s.plotRight))
        let y = Scale(domain: 0...Double(max(counts.max() ?? 1, 1)), range: (s.plotBottom, s.plotTop)).niced(count: 4)
        let yTicks = y.tickMarks(count: 4).filter { $0.value == $0.value.rounded() }
        w.leftAxis(y, ticks: yTicks, x: s.plotLeft, gridRight: s.plotRight, title: "count")
        w.bottomAxis(x, ticks: x.tickMarks(count: 6), y: s.plotBottom, gridTop: s.plotTop, title: xLabel)
        if counts.isEmpty {
            w.text("no data", x: (s.plotLeft + s.plotRight) / 2, y: (s.plotTop + s.plotBottom) / 2, anchor: "middle", class: "assay-na")
        }
        for (i, count) in counts.enumerated() where count > 0 {
            let left = x(edges[i]), right = x(edges[i + 1]), top = y(Double(count))
            let gap = right - left > 3 ? 0.5 : 0
            let close = i == counts.count - 1 ? "]" : ")"
            w.add("rect", ["class": "assay-bar \(s.colorClass(0))", "x": SVG.number(left + gap), "y": SVG.number(top),
                           "width": SVG.number(max(right - left - 2 * gap, 0.5)), "height": SVG.number(s.plotBottom - top),
                           "fill": s.color(0), "fill-opacity": "0.85"],
                  tooltip: "[\(SVG.short(edges[i])), \(SVG.short(edges[i + 1]))\(close): \(count)")
        }
        if let marker, marker.isFinite {
            let mx = x.clamped(marker)
            w.line(mx, s.plotTop, mx, s.plotBottom, class: "assay-marker", dashed: true, opacity: 0.9)
            w.text("\(markerLabel) \(SVG.short(marker))", x: mx + 4, y: s.plotTop + s.fontSize, class: "assay-marker-label")
        }
        return w.finish()
    }
}
