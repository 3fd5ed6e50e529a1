import Foundation

extension RunReport {
    private struct JSONShape: Encodable {
        struct MetricShape: Encodable {
            let name: String
            let scorer: String
            let value: Double?
            let stderr: Double?
            let ci_low: Double?
            let ci_high: Double?
            let n: Int
            let method: String
        }
        let run: String
        let suite: String
        let suite_version: String
        let model: String
        let samples: Int
        let errors: Int
        let metrics: [MetricShape]
        let dimension: Attached?
    }

    /// A value encoded in place (the dimension report of a dimension suite, which lives in another module).
    private struct Attached: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// The documented machine-readable form:
    /// `{"run", "suite", "suite_version", "model", "samples", "errors", "metrics": [{"name", "scorer", "value", "stderr", "ci_low", "ci_high", "n", "method"}]}`.
    /// Non-finite numbers are written as `null`. A dimension suite's run adds `"dimension"`: its dimension report.
    public func json(pretty: Bool = true, dimension: (any Encodable)? = nil) -> String {
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        let shape = JSONShape(
            run: run.id, suite: run.suiteName, suite_version: run.suiteVersion, model: run.model, samples: samples, errors: errors,
            metrics: metrics.map {
                .init(name: $0.name, scorer: $0.scorer, value: finite($0.value), stderr: finite($0.stderr), ci_low: finite($0.ciLow),
                      ci_high: finite($0.ciHigh), n: $0.n, method: $0.method.rawValue)
            }, dimension: dimension.map(Attached.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(shape)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
