/// Size, margins, font and colours of a chart.
///
/// Colours are written as presentation attributes (`fill="#4e79a7"`) next to class names
/// (`assay-s0`, `assay-bar`, `assay-axis`, …), so an SVG renders on its own while any CSS
/// rule of the page (`.assay-s0 { fill: var(--accent) }`) overrides it. Text and axes use
/// `currentColor`, following the page's text colour.
public struct ChartStyle: Sendable, Equatable {
    /// Space between the SVG edge and the plot area, in pixels.
    public struct Insets: Sendable, Equatable {
        public var top: Double
        public var right: Double
        public var bottom: Double
        public var left: Double

        public init(top: Double, right: Double, bottom: Double, left: Double) {
            self.top = top
            self.right = right
            self.bottom = bottom
            self.left = left
        }
    }

    /// A colour-blind-friendly default palette (Tableau 10 hues).
    public static let defaultPalette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"]

    /// The default: 640×320 with room for axis labels.
    public static let `default` = ChartStyle()

    public var width: Double
    public var height: Double
    public var margins: Insets
    public var fontSize: Double
    public var fontFamily: String
    /// Series colours, cycled; each is also exposed as class `assay-s<i>`.
    public var palette: [String]

    public init(
        width: Double = 640,
        height: Double = 320,
        margins: Insets = Insets(top: 32, right: 24, bottom: 44, left: 56),
        fontSize: Double = 12,
        fontFamily: String = "system-ui, sans-serif",
        palette: [String] = ChartStyle.defaultPalette
    ) {
        self.width = width
        self.height = height
        self.margins = margins
        self.fontSize = fontSize
        self.fontFamily = fontFamily
        self.palette = palette
    }

    /// The colour of series `index`, cycling through the palette.
    public func color(_ index: Int) -> String {
        palette.isEmpty ? Self.defaultPalette[0] : palette[index % palette.count]
    }

    /// The CSS class of series `index` (`assay-s0` …), matching ``color(_:)``.
    public func colorClass(_ index: Int) -> String {
        "assay-s\(palette.isEmpty ? 0 : index % palette.count)"
    }

    var plotLeft: Double { margins.left }
    var plotRight: Double { max(width - margins.right, margins.left + 1) }
    var plotTop: Double { margins.top }
    var plotBottom: Double { max(height - margins.bottom, margins.top + 1) }
}
