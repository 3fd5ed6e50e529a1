public import AssayCore
public import AssayStore
import Foundation

/// Builds and imports series (ladders).
public enum SeriesBuilder {
    /// Series points from runs placed on an axis: each scorer's metric (`scorer/accuracy` or `scorer/mean`), with the
    /// continuous companions under the names ladders pair them by (`target/logprob`, `token_edit_distance/mean`,
    /// `brier/mean`, `digit_accuracy/mean`).
    public static func points(series: String, runs: [(run: ComparedRun, axis: Double)], items: [String: Item]) -> [SeriesPoint] {
        var out: [SeriesPoint] = []
        for (run, axis) in runs {
            let table = ItemTable(run)
            let continuous = Set(run.record.config.continuousScorers)
            for scorer in run.record.config.scorers {
                let isContinuous = continuous.contains(scorer)
                guard let metric = MetricCalculator.metric(scorer: scorer, continuous: isContinuous, items: table.aggregates(scorer, items: items)),
                      metric.n > 0, metric.value.isFinite else { continue }
                let name = scorer == "target_logprob" ? "target/logprob" : "\(scorer)/\(metric.name == "accuracy" ? "accuracy" : "mean")"
                out.append(SeriesPoint(series: series, axis: axis, metric: name, value: metric.value, n: metric.n,
                                       stderr: metric.stderr.isFinite ? metric.stderr : nil, run: run.record.id))
            }
        }
        return out
    }

    /// Reads a JSON Lines file of `{"series", "axis", "metric", "value", "n"}` rows (optional `"stderr"`), as external training
    /// logs are exported; every problem is reported as `file:line: field: message`.
    public static func read(path: String) throws -> [SeriesPoint] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AssayError(.badInput, "cannot read series file \(path): \(error.localizedDescription)")
        }
        var diagnostics: [Diagnostic] = []
        var points: [SeriesPoint] = []
        let problems = JSONLReader.forEachRecord(text) { record in
            func problem(_ field: String?, _ message: String) { diagnostics.append(Diagnostic(file: path, line: record.line, field: field, message: message)) }
            guard let o = record.value.objectValue else { return problem(nil, "expected an object, found \(record.value.kindDescription)") }
            for key in o.keys.sorted() where !["series", "axis", "metric", "value", "n", "stderr"].contains(key) {
                problem(key, "unknown field (known: axis, metric, n, series, stderr, value)")
            }
            guard let series = o["series"]?.stringValue, !series.isEmpty else { return problem("series", "missing series name") }
            guard let metric = o["metric"]?.stringValue, !metric.isEmpty else { return problem("metric", "missing metric name") }
            guard let axis = o["axis"]?.numberValue, axis.isFinite else { return problem("axis", "expected a number") }
            guard let value = o["value"]?.numberValue, value.isFinite else { return problem("value", "expected a number") }
            var n = 0
            if let raw = o["n"] {
                guard let x = raw.numberValue, x >= 0, let i = Int(exactly: x) else { return problem("n", "expected a whole number of items, 0 or more") }
                n = i
            }
            var stderr: Double?
            if let raw = o["stderr"], !raw.isNull {
                guard let x = raw.numberValue, x >= 0 else { return problem("stderr", "expected a number, 0 or more") }
                stderr = x
            }
            points.append(SeriesPoint(series: series, axis: axis, metric: metric, value: value, n: n, stderr: stderr))
        }
        diagnostics += problems.map { Diagnostic(file: path, line: $0.line, field: nil, message: $0.message) }
        if !diagnostics.isEmpty { throw AssayError.invalid(diagnostics.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        if points.isEmpty { throw AssayError(.badInput, "\(path): no series rows") }
        return points
    }

    /// One metric of a series as a curve, ordered by axis.
    public static func curve(_ points: [SeriesPoint], metric: String) -> [CurvePoint] {
        points.filter { $0.metric == metric }.sorted { $0.axis < $1.axis }
            .map { CurvePoint(axis: $0.axis, value: $0.value, n: $0.n, stderr: $0.stderr) }
    }
}
