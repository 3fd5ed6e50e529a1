/// Horizontal bars with confidence-interval whiskers, one row per metric or model.
///
/// Bars start at 0 (or the domain edge nearest to it), so negative values such as
/// log-probabilities extend left. A NaN value draws `n/a` and no bar; a zero-width
/// interval draws a single tick; values outside the domain are clamped to the plot.
public struct IntervalChart: Sendable, Equatable {
    /// One bar: a value with an optional interval and a note shown after the numbers.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var low: Double?
        public var high: Double?
        public var note: String?

        public init(_ label: String, value: Double, low: Double? = nil, high: Double? = nil, note: String? = nil) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
            self.note = note
        }
    }

    /// Pixel geometry of one row (for tests and reuse).
    struct RowGeometry: Equatable {
        /// Horizontal extent of the bar; nil when the value is NaN.
        var bar: ClosedRange<Double>?
        /// Where the value lies; nil when the value is NaN.
        var valueX: Double?
        /// Horizontal extent of the whisker (a single point for a zero-width interval); nil without a finite interval.
        var whisker: ClosedRange<Double>?
    }

    /// Wide left margin for labels, right margin for the numbers.
    public static let defaultStyle = ChartStyle(width: 720, margins: .init(top: 12, right: 190, bottom: 44, left: 170))

    public var title: String
    public var rows: [Row]
    /// The value axis; computed from the data when nil (0…1 when everything lies in it).
    public var domain: ClosedRange<Double>?
    public var axisLabel: String?
    /// Decimals of the numbers printed after each bar.
    public var decimals: Int
    /// Height of one row; the chart's height is margins plus rows × this (`style.height` is ignored).
    public var rowHeight: Double
    public var style: ChartStyle

    public init(title: String, rows: [Row], domain: ClosedRange<Double>? = nil, axisLabel: String? = nil,
                decimals: Int = 3, rowHeight: Double = 22, style: ChartStyle = IntervalChart.defaultStyle) {
        self.title = title
        self.rows = rows
        self.domain = domain
        self.axisLabel = axisLabel
        self.decimals = decimals
        self.rowHeight = rowHeight
        self.style = style
    }

    /// The laid-out style (height from the row count) and the value scale.
    func layout() -> (style: ChartStyle, scale: Scale) {
        var s = style
        s.height = s.margins.top + Double(max(rows.count, 1)) * rowHeight + s.margins.bottom
        let range = (s.plotLeft, s.plotRight)
        if let domain { return (s, Scale(domain: domain, range: range)) }
        let data = rows.flatMap { [$0.value, $0.low ?? .nan, $0.high ?? .nan] }
        let extent = Scale.extent(data, including: [0]) ?? 0...1
        if extent.lowerBound >= 0, extent.upperBound <= 1 { return (s, Scale(domain: 0...1, range: range)) }
        return (s, Scale(domain: extent, range: range).niced())
    }

    /// Where a row's bar, value and whisker go on `scale`.
    static func geometry(value: Double, low: Double?, high: Double?, scale: Scale) -> RowGeometry {
        var g = RowGeometry()
        if value.isFinite {
            let base = scale.clamped(min(max(0, scale.domain.lowerBound), scale.domain.upperBound))
            let x = scale.clamped(value)
            g.valueX = x
            g.bar = min(base, x)...max(base, x)
        }
        if let low, let high, low.isFinite, high.isFinite {
            let a = scale.clamped(low), b = scale.clamped(high)
            g.whisker = min(a, b)...max(a, b)
        }
        return g
    }

    /// The complete `<svg>` element.
    public func svg() -> String {
        let (s, scale) = layout()
        var w = SVGWriter(style: s, width: s.width, height: s.height, title: title, kind: "interval")
        w.bottomAxis(scale, ticks: scale.tickMarks(), y: s.plotBottom, gridTop: s.plotTop, title: axisLabel)
        if scale.domain.lowerBound < 0, scale.domain.upperBound > 0 {
            w.line(scale(0), s.plotTop, scale(0), s.plotBottom, class: "assay-zero", opacity: 0.5)
        }
        let labelLimit = max(Int((s.margins.left - 12) / (s.fontSize * 0.62)), 4)  // characters that fit the left margin
        for (i, row) in rows.enumerated() {
            let cy = s.plotTop + (Double(i) + 0.5) * rowHeight
            let g = Self.geometry(value: row.value, low: row.low, high: row.high, scale: scale)
            let numbers = numbersText(row)
            w.openGroup("assay-row", tooltip: row.label + ": " + numbers)
            w.text(SVG.truncate(row.label, to: labelLimit), x: s.plotLeft - 8, y: cy + s.fontSize * 0.35, anchor: "end", class: "assay-label")
            if let bar = g.bar {
                let h = rowHeight * 0.55
                w.add("rect", ["class": "assay-bar \(s.colorClass(0))", "x": SVG.number(bar.lowerBound), "y": SVG.number(cy - h / 2),
                               "width": SVG.number(bar.upperBound - bar.lowerBound), "height": SVG.number(h),
                               "fill": s.color(0), "fill-opacity": "0.85"])
            } else {
                w.text("n/a", x: s.plotLeft + 4, y: cy + s.fontSize * 0.35, class: "assay-na")
            }
            if let whisker = g.whisker, g.bar != nil {
                Self.drawWhisker(&w, whisker, cy: cy, cap: rowHeight * 0.2)
            }
            w.text(numbers, x: s.plotRight + 8, y: cy + s.fontSize * 0.35, class: "assay-value")
            w.closeGroup()
        }
        return w.finish()
    }

    private static func drawWhisker(_ w: inout SVGWriter, _ whisker: ClosedRange<Double>, cy: Double, cap: Double) {
        let (a, b) = (whisker.lowerBound, whisker.upperBound)
        if b - a < 0.5 {
            w.line(a, cy - cap * 1.5, a, cy + cap * 1.5, class: "assay-ci-tick")
        } else {
            w.line(a, cy, b, cy, class: "assay-ci")
            w.line(a, cy - cap, a, cy + cap, class: "assay-ci")
            w.line(b, cy - cap, b, cy + cap, class: "assay-ci")
        }
    }

    /// `0.620 [0.550, 0.690] · note`.
    private func numbersText(_ row: Row) -> String {
        var text = SVG.format(row.value, decimals: decimals)
        if row.value.isFinite, let low = row.low, let high = row.high {
            text += " [\(SVG.format(low, decimals: decimals)), \(SVG.format(high, decimals: decimals))]"
        }
        if let note = row.note, !note.isEmpty { text += " · " + SVG.truncate(note, to: 24) }
        return text
    }

    /// A compact bar for a table cell: no axis or labels, just a track, the bar and the whisker.
    public static func inline(value: Double, low: Double? = nil, high: Double? = nil, domain: ClosedRange<Double> = 0...1,
                              width: Double = 160, height: Double = 18, style: ChartStyle = .default) -> String {
        let scale = Scale(domain: domain, range: (2, max(width - 2, 3)))
        var label = SVG.format(value, decimals: 3)
        if value.isFinite, let low, let high { label += " (CI \(SVG.format(low, decimals: 3))–\(SVG.format(high, decimals: 3)))" }
        var s = style
        s.fontSize = min(style.fontSize, height * 0.7)
        var w = SVGWriter(style: s, width: width, height: height, title: label, kind: "interval-inline")
        let cy = height / 2
        w.line(2, cy, max(width - 2, 3), cy, class: "assay-track", opacity: 0.15)
        let g = geometry(value: value, low: low, high: high, scale: scale)
        if let bar = g.bar {
            let h = height * 0.5
            w.add("rect", ["class": "assay-bar \(s.colorClass(0))", "x": SVG.number(bar.lowerBound), "y": SVG.number(cy - h / 2),
                           "width": SVG.number(bar.upperBound - bar.lowerBound), "height": SVG.number(h),
                           "fill": s.color(0), "fill-opacity": "0.85"])
            if let whisker = g.whisker { drawWhisker(&w, whisker, cy: cy, cap: height * 0.2) }
        } else {
            w.text("n/a", x: 4, y: cy + s.fontSize * 0.35, class: "assay-na")
        }
        return w.finish()
    }
}
