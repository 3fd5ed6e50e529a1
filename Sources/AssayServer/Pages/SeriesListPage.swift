import AssayCore

/// `/series`: every stored series (ladders, training curves) with its size, axis range and metrics.
struct SeriesListPage: Page {
    let series: [SeriesInfo]

    var title: String { "Series" }
    var section: String { "series" }

    func body() -> HTML {
        guard !series.isEmpty else {
            return """
                <h1>Series</h1><p class="muted">No series in this store. Import one with <code>assay series import FILE</code> \
                (JSON Lines of <code>{"series", "axis", "metric", "value", "n"}</code>) or build a ladder from runs with \
                <code>assay ladder --runs A,B,C --axis …</code>.</p>
                """
        }
        let rows: [HTML] = series.map { s in
            """
            <tr><td><a href="/series/\(Format.segment(s.name))">\(s.name)</a></td><td class="num">\(s.points)</td>\
            <td class="num">\(Format.axis(s.axisRange.lowerBound))…\(Format.axis(s.axisRange.upperBound))</td>\
            <td>\(s.metrics.joined(separator: ", "))</td></tr>
            """
        }
        return """
            <h1>Series</h1>
            <p class="muted">Metric values along an axis (model size, compute, training step). Each series page shows the curves \
            with their abrupt changes, the emergence verdicts of its metric pairs, and forecasts of threshold crossings.</p>
            <table id="series"><thead><tr><th>series</th><th>points</th><th>axis</th><th>metrics</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
