import AssayCharts
import AssayCore

/// The dashboard's use of the chart module: which chart for which figure, and on which domain.
enum Charts {
    /// A CI bar for a table cell: proportions on [0, 1]; other metrics on a domain around zero and their interval.
    static func inline(_ metric: Metric) -> HTML {
        guard metric.value.isFinite else { return "" }
        let low = metric.ciLow.isFinite ? metric.ciLow : nil
        let high = metric.ciHigh.isFinite ? metric.ciHigh : nil
        let domain: ClosedRange<Double>
        if metric.method == .wilson || (metric.value >= 0 && metric.value <= 1 && (high ?? 0) <= 1 && (low ?? 0) >= 0) {
            domain = 0...1
        } else {
            let lower = min(0, low ?? metric.value, metric.value)
            let upper = max(0, high ?? metric.value, metric.value)
            domain = lower == upper ? (lower - 1)...(upper + 1) : lower...upper
        }
        return .raw(IntervalChart.inline(value: metric.value, low: low, high: high, domain: domain))
    }

    /// The distribution of per-item values of one scorer: pass rates per item for discrete scorers (0 and 1 unless
    /// epochs or abstentions make fractions), values for continuous ones.
    static func histogram(_ values: [Double], title: String, continuous: Bool) -> HTML {
        let mean = values.reduce(0, +) / Double(values.count)
        let bins: Histogram.Bins = continuous ? .count(min(20, max(5, values.count / 5))) : .edges([0, 0.25, 0.5, 0.75, 1])
        var style = ChartStyle.default
        style.width = 380
        style.height = 210
        let chart = Histogram(title: title, values: values, bins: bins, marker: mean, xLabel: continuous ? "value per item" : "pass rate per item", style: style)
        return "<figure><figcaption>\(title)</figcaption>\(HTML.raw(chart.svg()))</figure>"
    }

    /// Token log-probabilities as coloured text.
    static func heatStrip(_ tokens: [TokenLogProb]) -> HTML {
        .raw(HeatStrip.html(tokens: tokens.map { ($0.token, $0.logprob) }))
    }
}
