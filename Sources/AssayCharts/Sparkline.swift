/// A small line of values with no axes, for a table cell: each value a point, left to right, the y range from 0 to
/// the largest value (or `maximum`).
public enum Sparkline {
    public static func svg(values: [Double], maximum: Double? = nil, width: Double = 96, height: Double = 20, label: String = "") -> String {
        let finite = values.map { $0.isFinite ? $0 : 0 }
        let top = max(maximum ?? finite.max() ?? 0, 1e-12)
        let step = finite.count > 1 ? (width - 4) / Double(finite.count - 1) : 0
        let points = finite.enumerated().map { index, value in
            (x: 2 + Double(index) * step + (finite.count == 1 ? (width - 4) / 2 : 0), y: height - 2 - (height - 4) * min(value, top) / top)
        }
        let line = points.map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(separator: " ")
        let dots = points.map { "<circle cx=\"\(SVG.number($0.x))\" cy=\"\(SVG.number($0.y))\" r=\"1.8\"/>" }.joined()
        return "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" "
            + "viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-label=\"\(SVG.escape(label))\">"
            + "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"\(line)\"/><g fill=\"currentColor\">\(dots)</g></svg>"
    }
}
