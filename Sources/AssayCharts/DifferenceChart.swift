/// Paired differences as a forest plot: one row per comparison, a dot at the difference, its confidence interval as
/// a whisker, and a zero line through the middle, so an interval that misses zero stands out.
///
/// The value axis is symmetric around zero (unless a domain is given), so the side of the line reads at a glance as
/// the sign of the difference. Highlighted rows (for instance those significant after a multiple-testing correction)
/// get a filled dot in the first palette colour, a bold label and a `*` after their numbers; the others a hollow
/// dot. A NaN difference draws `n/a`; values outside the domain are clamped to the plot.
public struct DifferenceChart: Sendable, Equatable {
    /// One comparison: a difference with an optional interval.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var difference: Double
        public var low: Double?
        public var high: Double?
        /// Drawn emphasised (filled dot, bold label, `*`).
        public var highlighted: Bool
        /// Shown after the numbers.
        public var note: String?

        public init(_ label: String, difference: Double, low: Double? = nil, high: Double? = nil, highlighted: Bool = false,
                    note: String? = nil) {
            self.label = label
            self.difference = difference
            self.low = low
            self.high = high
            self.highlighted = highlighted
            self.note = note
        }
    }

    /// Pixel geometry of one row (for tests).
    struct RowGeometry: Equatable {
        /// Where the difference lies; nil when it is NaN.
        var x: Double?
        /// Horizontal extent of the whisker; nil without a finite interval.
        var whisker: ClosedRange<Double>?
    }

    /// Wide left margin for labels, right margin for the numbers.
    public static let defaultStyle = ChartStyle(width: 960, margins: .init(top: 12, right: 230, bottom: 44, left: 240))

    public var title: String
    public var rows: [Row]
    /// The value axis; when nil, symmetric around zero and wide enough for every finite value and bound.
    public var domain: ClosedRange<Double>?
    public var axisLabel: String?
    /// Decimals of the numbers printed after each row.
    public var decimals: Int
    /// Height of one row; the chart's height is margins plus rows × this (`style.height` is ignored).
    public var rowHeight: Double
    public var style: ChartStyle

    public init(title: String, rows: [Row], domain: ClosedRange<Double>? = nil, axisLabel: String? = nil, decimals: Int = 3,
                rowHeight: Double = 22, style: ChartStyle = DifferenceChart.defaultStyle) {
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
        let extreme = rows.flatMap { [$0.difference, $0.low ?? .nan, $0.high ?? .nan] }.filter(\.isFinite).map(abs).max() ?? 0
        let half = extreme > 0 ? extreme : 1
        let niced = Scale(domain: -half...half, range: range).niced().domain
        let bound = max(abs(niced.lowerBound), abs(niced.upperBound))
        return (s, Scale(domain: -bound...bound, range: range))
    }

    /// Where a row's dot and whisker go on `scale`.
    static func geometry(difference: Double, low: Double?, high: Double?, scale: Scale) -> RowGeometry {
        var g = RowGeometry()
        if difference.isFinite { g.x = scale.clamped(difference) }
        if let low, let high, low.isFinite, high.isFinite {
            let a = scale.clamped(low), b = scale.clamped(high)
            g.whisker = min(a, b)...max(a, b)
        }
        return g
    }

    /// The complete `<svg>` element.
    public func svg() -> String {
        let (s, scale) = layout()
        var w = SVGWriter(style: s, width: s.width, height: s.height, title: title, kind: "difference")
        w.bottomAxis(scale, ticks: scale.tickMarks(), y: s.plotBottom, gridTop: s.plotTop, title: axisLabel)
        if scale.domain.contains(0) {
            w.line(scale(0), s.plotTop, scale(0), s.plotBottom, class: "assay-zero", opacity: 0.7)
        }
        let labelLimit = max(Int((s.margins.left - 12) / (s.fontSize * 0.62)), 4)  // characters that fit the left margin
        for (i, row) in rows.enumerated() {
            let cy = s.plotTop + (Double(i) + 0.5) * rowHeight
            let g = Self.geometry(difference: row.difference, low: row.low, high: row.high, scale: scale)
            let numbers = numbersText(row)
            w.openGroup(row.highlighted ? "assay-row assay-highlight" : "assay-row", tooltip: row.label + ": " + numbers)
            w.add("text", ["class": "assay-label", "x": SVG.number(s.plotLeft - 8), "y": SVG.number(cy + s.fontSize * 0.35),
                           "text-anchor": "end", "font-size": SVG.number(s.fontSize), "font-weight": row.highlighted ? "bold" : "normal"],
                  text: SVG.truncate(row.label, to: labelLimit))
            if let x = g.x {
                if let whisker = g.whisker {
                    let cap = rowHeight * 0.2
                    let colour = row.highlighted ? s.color(0) : "currentColor"
                    for (x1, y1, x2, y2) in [(whisker.lowerBound, cy, whisker.upperBound, cy),
                                             (whisker.lowerBound, cy - cap, whisker.lowerBound, cy + cap),
                                             (whisker.upperBound, cy - cap, whisker.upperBound, cy + cap)] {
                        w.add("line", ["class": "assay-ci", "x1": SVG.number(x1), "y1": SVG.number(y1), "x2": SVG.number(x2),
                                       "y2": SVG.number(y2), "stroke": colour, "stroke-width": row.highlighted ? "2" : "1.2"])
                    }
                }
                let r = rowHeight * 0.2
                if row.highlighted {
                    w.add("circle", ["class": "assay-point \(s.colorClass(0))", "cx": SVG.number(x), "cy": SVG.number(cy),
                                     "r": SVG.number(r), "fill": s.color(0)])
                } else {
                    w.add("circle", ["class": "assay-point", "cx": SVG.number(x), "cy": SVG.number(cy), "r": SVG.number(r),
                                     "fill": "#fff", "stroke": "currentColor", "stroke-width": "1.2"])
                }
            } else {
                w.text("n/a", x: s.plotLeft + 4, y: cy + s.fontSize * 0.35, class: "assay-na")
            }
            w.text(numbers, x: s.plotRight + 8, y: cy + s.fontSize * 0.35, class: "assay-value")
            w.closeGroup()
        }
        return w.finish()
    }

    /// `+0.200 [+0.050, +0.350] * · note`.
    private func numbersText(_ row: Row) -> String {
        func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + SVG.format(x, decimals: decimals) }
        var text = signed(row.difference)
        if row.difference.isFinite, let low = row.low, let high = row.high {
            text += " [\(signed(low)), \(signed(high))]"
        }
        if row.highlighted { text += " *" }
        if let note = row.note, !note.isEmpty { text += " · " + SVG.truncate(note, to: 24) }
        return text
    }
}
