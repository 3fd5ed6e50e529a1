/// Builds one SVG document as a string; every attribute value and text passed in is escaped.
struct SVGWriter {
    private(set) var output: String
    let style: ChartStyle

    /// Opens `<svg>` with `role="img"`, an `aria-label` and a `<title>`, both from `title`.
    init(style: ChartStyle, width: Double, height: Double, title: String, kind: String) {
        self.style = style
        let w = SVG.number(width), h = SVG.number(height), t = SVG.escape(title)
        output = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"assay-chart assay-\(kind)\""
            + " width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(t)\""
            + " font-family=\"\(SVG.escape(style.fontFamily))\" font-size=\"\(SVG.number(style.fontSize))\""
            + " fill=\"currentColor\"><title>\(t)</title>"
    }

    /// Appends `<name attrs…/>`, or `<name attrs…>` with a `<title>` tooltip and/or text inside.
    mutating func add(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil, tooltip: String? = nil) {
        output += "<" + name
        for (key, value) in attributes { output += " \(key)=\"\(SVG.escape(value))\"" }
        guard text != nil || tooltip != nil else { output += "/>"; return }
        output += ">"
        if let tooltip { output += "<title>\(SVG.escape(tooltip))</title>" }
        if let text { output += SVG.escape(text) }
        output += "</\(name)>"
    }

    /// Opens a `<g>` with a class and an optional tooltip covering its children.
    mutating func openGroup(_ cssClass: String, tooltip: String? = nil) {
        output += "<g class=\"\(SVG.escape(cssClass))\">"
        if let tooltip { output += "<title>\(SVG.escape(tooltip))</title>" }
    }

    mutating func closeGroup() { output += "</g>" }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class cssClass: String, dashed: Bool = false, opacity: Double = 1) {
        if dashed {
            add("line", ["class": cssClass, "x1": SVG.number(x1), "y1": SVG.number(y1), "x2": SVG.number(x2), "y2": SVG.number(y2),
                         "stroke": "currentColor", "stroke-opacity": SVG.number(opacity), "stroke-dasharray": "4 3"])
        } else {
            add("line", ["class": cssClass, "x1": SVG.number(x1), "y1": SVG.number(y1), "x2": SVG.number(x2), "y2": SVG.number(y2),
                         "stroke": "currentColor", "stroke-opacity": SVG.number(opacity)])
        }
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", class cssClass: String, size: Double? = nil) {
        add("text", ["class": cssClass, "x": SVG.number(x), "y": SVG.number(y), "text-anchor": anchor,
                     "font-size": SVG.number(size ?? style.fontSize)], text: content)
    }

    /// A horizontal axis at `y` with tick labels below, grid lines up to `gridTop`, and a title.
    mutating func bottomAxis(_ scale: Scale, ticks: [Scale.Tick], y: Double, gridTop: Double, title: String?) {
        openGroup("assay-axis assay-axis-x")
        line(style.plotLeft, y, style.plotRight, y, class: "assay-axis-line", opacity: 0.6)
        for tick in ticks {
            let x = scale(tick.value)
            guard x.isFinite else { continue }
            line(x, gridTop, x, y, class: "assay-grid", opacity: 0.12)
            line(x, y, x, y + 4, class: "assay-tick", opacity: 0.6)
            text(tick.label, x: x, y: y + 6 + style.fontSize, anchor: "middle", class: "assay-tick-label", size: style.fontSize * 0.9)
        }
        if let title {
            text(title, x: (style.plotLeft + style.plotRight) / 2, y: y + 10 + style.fontSize * 2, anchor: "middle", class: "assay-axis-title")
        }
        closeGroup()
    }

    /// A vertical axis at `x` with tick labels to the left, grid lines to `gridRight`, and a title.
    mutating func leftAxis(_ scale: Scale, ticks: [Scale.Tick], x: Double, gridRight: Double, title: String?) {
        openGroup("assay-axis assay-axis-y")
        line(x, style.plotTop, x, style.plotBottom, class: "assay-axis-line", opacity: 0.6)
        for tick in ticks {
            let y = scale(tick.value)
            guard y.isFinite else { continue }
            line(x, y, gridRight, y, class: "assay-grid", opacity: 0.12)
            line(x - 4, y, x, y, class: "assay-tick", opacity: 0.6)
            text(tick.label, x: x - 6, y: y + style.fontSize * 0.35, anchor: "end", class: "assay-tick-label", size: style.fontSize * 0.9)
        }
        if let title {
            let cy = (style.plotTop + style.plotBottom) / 2, tx = style.fontSize
            add("text", ["class": "assay-axis-title", "x": SVG.number(tx), "y": SVG.number(cy), "text-anchor": "middle",
                         "transform": "rotate(-90 \(SVG.number(tx)) \(SVG.number(cy)))"], text: title)
        }
        closeGroup()
    }

    /// Closes the document and returns it.
    func finish() -> String { output + "</svg>" }
}
