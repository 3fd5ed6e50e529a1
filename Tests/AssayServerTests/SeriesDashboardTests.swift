import AssayCore
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AssayServer

/// Series whose analysis is known:
/// - `ladder`, an artifact ladder: per-token probability rises evenly 0.5 … 0.99 over 1e6 … 1e11, and exact match is
///   exactly `p^10` with `target/length` 10, so exact match jumps while the per-token probability does not;
/// - `jump`, a loss that falls from 2 to 0.5 at step 20 of 40 (one abrupt change, transition window 19–20);
/// - `grok`, train accuracy saturating at step 1000 and test accuracy jumping from 0.05 to 0.95 at step 6000 of 10000;
/// - `logistic`, a rate that is exactly `sigmoid(2 (log10 x - 9))` on 1e6 … 1e9, so it crosses 0.9 at `10^(9 + ln 9 / 2)`;
/// - a series with a hostile name and a hostile metric name.
struct SeriesFixture {
    static let hostileName = "<script>document.title='pwned'</script>"
    static let hostileMetric = "<img src=x onerror=alert(1)>/accuracy"
    static let probabilities = [0.5, 0.6, 0.7, 0.8, 0.9, 0.99]
    /// Where the logistic crosses 0.9.
    static let crossing = Foundation.pow(10, 9 + Foundation.log(9.0) / 2)

    let store: SQLiteStore

    init() async throws {
        store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-series-\(UUID().uuidString)/assay.db")
        var points: [SeriesPoint] = []
        for (i, p) in Self.probabilities.enumerated() {
            let axis = pow(10, Double(6 + i))
            points.append(SeriesPoint(series: "ladder", axis: axis, metric: "exact_match/accuracy", value: pow(p, 10), n: 1000))
            points.append(SeriesPoint(series: "ladder", axis: axis, metric: "token/probability", value: p, n: 1000))
            points.append(SeriesPoint(series: "ladder", axis: axis, metric: "target/length", value: 10, n: 0))
        }
        for step in 0..<40 {
            let noise = step % 2 == 0 ? 0.01 : -0.01
            points.append(SeriesPoint(series: "jump", axis: Double(step), metric: "loss", value: (step < 20 ? 2 : 0.5) + noise, n: 0))
        }
        for step in stride(from: 0, through: 10000, by: 250) {
            let axis = Double(step)
            points.append(SeriesPoint(series: "grok", axis: axis, metric: "train/accuracy", value: min(1, axis / 1000), n: 500))
            points.append(SeriesPoint(series: "grok", axis: axis, metric: "test/accuracy", value: step < 6000 ? 0.05 : 0.95, n: 500))
            points.append(SeriesPoint(series: "grok", axis: axis, metric: "test/logprob", value: -5 + 4 * min(1, max(0, (axis - 3000) / 3000)), n: 500))
        }
        for k in 0...6 {
            let t = 6 + 0.5 * Double(k)
            points.append(SeriesPoint(series: "logistic", axis: pow(10, t), metric: "solve/accuracy", value: 1 / (1 + exp(-2 * (t - 9))), n: 1000))
        }
        for k in 0..<6 {
            points.append(SeriesPoint(series: Self.hostileName, axis: Double(k + 1), metric: Self.hostileMetric, value: 0.1 * Double(k + 1), n: 100))
        }
        try await store.saveSeries(points)
    }

    func app() -> some ApplicationProtocol {
        Application(router: Dashboard.router(data: DashboardData(store: store), token: nil, allowedHosts: nil))
    }

    static func forecastURI(_ series: String, _ parameters: [(String, String?)], api: Bool = false) -> String {
        (api ? "/api" : "") + "/series/\(Format.segment(series))/forecast" + Format.query(parameters)
    }
}

@Suite("Series, ladders, change points and forecasts on the dashboard")
struct SeriesDashboardTests {
    @Test func theListLinksEverySeriesAndTheNavigationHasSeries() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/series", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<a href=\"/series\" aria-current=\"page\">series</a>"))
                let table = try #require(Self.section(html, from: "<table id=\"series\">", to: "</table>"))
                #expect(table.contains("<a href=\"/series/ladder\">ladder</a></td><td class=\"num\">18</td>"))
                #expect(table.contains("<td class=\"num\">1e6…1e11</td>"))
                #expect(table.contains("<td>exact_match/accuracy, target/length, token/probability</td>"))
                #expect(table.contains("<a href=\"/series/grok\">grok</a>"))
                #expect(table.contains("<a href=\"/series/\(Format.segment(SeriesFixture.hostileName))\">"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<a href=\"/series\">series</a>"))
            }
        }
    }

    @Test func anArtifactLadderShowsItsBadgeEvidenceAndThePrediction() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/series/ladder", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                let sections = html.components(separatedBy: "<section class=\"ladder").dropFirst()
                #expect(sections.count == 1)
                let ladder = try #require(sections.first)
                #expect(ladder.contains("<h3>exact_match/accuracy vs token/probability <span class=\"badge artifact\">artifact</span></h3>"))
                #expect(ladder.contains("p^L from the continuous measure reproduces the observed values, so the jump is the metric&#39;s."))
                #expect(ladder.contains("<div><span>p^L</span>reproduces the observed values</div>"))
                // Two charts in a row: the discrete one with p^L as a dashed second line, the continuous one.
                let discrete = try #require(Self.section(ladder, from: "<figure class=\"discrete\">", to: "</figure>"))
                #expect(discrete.contains(">p^L predicted</text>"))
                #expect(discrete.components(separatedBy: "assay-line assay-dashed").count - 1 == 1)
                #expect(discrete.contains(">10⁸</text>"))  // a log axis: 1e6 … 1e11 spans five decades
                #expect(discrete.contains("class=\"assay-band"))  // n = 1000 gives a band
                let continuous = try #require(Self.section(ladder, from: "<figure class=\"continuous\">", to: "</figure>"))
                #expect(continuous.contains("token/probability (continuous)"))
                #expect(!continuous.contains("p^L predicted"))
                // Every metric has its chart; no grokking panel without train and test accuracy.
                #expect(html.components(separatedBy: "<figure class=\"curve\">").count - 1 == 3)
                #expect(!html.contains("id=\"grokking\""))
                // The forecast form offers the rates only.
                let form = try #require(Self.section(html, from: "<form class=\"filters forecast\" method=\"get\" action=\"/series/ladder/forecast\">", to: "</form>"))
                #expect(form.contains("<option value=\"exact_match/accuracy\">"))
                #expect(form.contains("<option value=\"token/probability\">"))
                #expect(!form.contains("target/length"))
                #expect(form.contains("name=\"threshold\""))
            }
        }
    }

    @Test func aJumpIsMarkedWithARuleOverItsTransitionWindow() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/series/jump", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                let figure = try #require(Self.section(html, from: "<figure class=\"curve\"><figcaption>loss</figcaption>", to: "</figure>"))
                #expect(figure.components(separatedBy: "class=\"assay-marker\"").count - 1 == 1)
                #expect(figure.contains(">jump -1.500</text>"))
                #expect(figure.contains("<title>transition 19–20</title>"))
                #expect(figure.contains("abrupt change at <strong>20</strong> (jump -1.500, window 19–20)"))
                #expect(!figure.contains(">10⁰</text>"))  // the axis starts at 0: linear
                #expect(html.contains("id=\"no-verdicts\""))
            }
            // A smooth curve has no rule.
            try await client.execute(uri: "/series/logistic", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<figure class=\"curve\"><figcaption>solve/accuracy</figcaption>"))
                #expect(!html.contains("class=\"assay-marker\""))
                #expect(html.contains("no abrupt change"))
            }
        }
    }

    @Test func aGrokkingRunGetsItsPanel() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/series/grok", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<h2 id=\"grokking\">Grokking <span class=\"badge transition\" id=\"grokking-verdict\">delayed generalization</span></h2>"))
                #expect(html.contains("Train accuracy reached 0.99 at <strong id=\"train-saturated\">1000</strong>"))
                #expect(html.contains("Generalization onset at <strong id=\"onset\">6000</strong>"))
                #expect(html.contains("Memorization phase: 5000 (50.0% of the run)."))
                #expect(html.contains("test/logprob covered 10% of its movement at 3500"))
                let panel = try #require(Self.section(html, from: "<h2 id=\"grokking\">", to: "</figure>"))
                #expect(panel.contains(">train/accuracy</text>") && panel.contains(">test/accuracy</text>"))
                #expect(panel.contains(">train ≥ 0.99</text>"))
                #expect(panel.contains(">onset</text>"))
                #expect(panel.contains("class=\"assay-span\""))
            }
        }
    }

    @Test func theForecastPageShowsTheCrossingOfAKnownLogistic() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            var crossing = 0.0
            try await client.execute(uri: SeriesFixture.forecastURI("logistic", [("metric", "solve/accuracy"), ("threshold", "0.9")], api: true), method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(body["series"] as? String == "logistic")
                #expect(body["metric"] as? String == "solve/accuracy")
                let forecast = try #require(body["forecast"] as? [String: Any])
                #expect(forecast["scale"] as? String == "log10")
                crossing = try #require(forecast["crossing"] as? Double)
                #expect(abs(crossing / SeriesFixture.crossing - 1) < 1e-4)
                #expect(abs((forecast["slope"] as? Double ?? 0) - 2) < 1e-4)
                #expect(abs((forecast["midpoint"] as? Double ?? 0) - 9) < 1e-4)
                #expect(forecast["extrapolated"] as? Bool == true)
                let low = try #require(forecast["crossing_low"] as? Double), high = try #require(forecast["crossing_high"] as? Double)
                #expect(low < crossing && crossing < high)
                #expect(forecast["backtest"] == nil)
            }
            try await client.execute(uri: SeriesFixture.forecastURI("logistic", [("metric", "solve/accuracy"), ("threshold", "0.9"), ("backtest", "0.6")]),
                                     method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<strong id=\"crossing\">\(Format.axis(crossing))</strong>"))
                #expect(Format.axis(crossing).hasPrefix("1.25"))
                #expect(html.contains("beyond the observed range"))
                let chart = try #require(Self.section(html, from: "<figure id=\"forecast-chart\">", to: "</figure>"))
                #expect(chart.contains(">logistic fit</text>"))
                #expect(chart.contains("assay-line assay-dashed"))
                #expect(chart.contains("class=\"assay-threshold\""))
                #expect(chart.contains(">threshold 0.9</text>"))
                #expect(chart.contains(">crossing \(Format.axis(crossing))</text>"))
                #expect(chart.components(separatedBy: "class=\"assay-marker\"").count - 1 == 1)
                #expect(chart.contains("class=\"assay-span\""))
                #expect(chart.contains("<title>90% interval "))
                let numbers = try #require(Self.section(html, from: "<table class=\"sides\" id=\"forecast-numbers\">", to: "</table>"))
                #expect(numbers.contains("<tr><th>slope</th><td class=\"num\">2.0000</td></tr>"))
                #expect(numbers.contains("<tr><th>beyond the data</th><td class=\"num\">yes</td></tr>"))
                // The backtest: 4 points fitted, 3 held out, and the data never reach 0.9.
                let backtest = try #require(Self.section(html, from: "<h2 id=\"backtest\">", to: "</table>"))
                #expect(backtest.contains("Fitted on the first 4 points"))
                #expect(backtest.contains("3 held out"))
                #expect(backtest.contains("not crossed in the data"))
            }
            // Without backtest, no backtest section.
            try await client.execute(uri: SeriesFixture.forecastURI("logistic", [("metric", "solve/accuracy"), ("threshold", "0.9")]), method: .get) { response in
                #expect(!String(buffer: response.body).contains("id=\"backtest\""))
            }
        }
    }

    @Test func badParametersAre400AndUnknownSeriesOrMetrics404() async throws {
        let fixture = try await SeriesFixture()
        let bad: [([(String, String?)], String)] = [
            ([], "name the metric to forecast"),
            ([("metric", "exact_match/accuracy")], "give the threshold to cross"),
            ([("metric", "exact_match/accuracy"), ("threshold", "")], "give the threshold to cross"),
            ([("metric", "exact_match/accuracy"), ("threshold", "1.5")], "threshold must be a number between 0 and 1"),
            ([("metric", "exact_match/accuracy"), ("threshold", "abc")], "threshold must be a number between 0 and 1"),
            ([("metric", "exact_match/accuracy"), ("threshold", "0.5"), ("backtest", "1")], "backtest must be a number between 0 and 1"),
            ([("metric", "target/length"), ("threshold", "0.5")], "is not a rate"),
        ]
        try await fixture.app().test(.router) { client in
            for (parameters, message) in bad {
                try await client.execute(uri: SeriesFixture.forecastURI("ladder", parameters), method: .get) { response in
                    #expect(response.status == .badRequest, "\(parameters)")
                    #expect(String(buffer: response.body).contains(message), "\(parameters)")
                }
                try await client.execute(uri: SeriesFixture.forecastURI("ladder", parameters, api: true), method: .get) { response in
                    #expect(response.status == .badRequest, "\(parameters)")
                    let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect((body?["error"] as? String)?.contains(message) == true, "\(parameters)")
                }
            }
            for uri in ["/series/nope", SeriesFixture.forecastURI("nope", [("metric", "loss"), ("threshold", "0.5")]),
                        SeriesFixture.forecastURI("ladder", [("metric", "nope/accuracy"), ("threshold", "0.5")])] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(String(buffer: response.body).contains("<h1>Not found</h1>"), "\(uri)")
                }
            }
            for (uri, message) in [("/api/series/nope", "no such series"),
                                   (SeriesFixture.forecastURI("nope", [("metric", "loss"), ("threshold", "0.5")], api: true), "no such series 'nope'"),
                                   (SeriesFixture.forecastURI("ladder", [("metric", "nope/accuracy"), ("threshold", "0.5")], api: true),
                                    "no such metric 'nope/accuracy' in series 'ladder'")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(body?["error"] as? String == message, "\(uri)")
                }
            }
        }
    }

    @Test func theAPIListsSeriesWithVerdictsChangePointsAndTheOpenAPIDocumentDescribesThem() async throws {
        let fixture = try await SeriesFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/api/series", method: .get) { response in
                #expect(response.status == .ok)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(list.count == 5)
                let ladder = try #require(list.first { $0["name"] as? String == "ladder" })
                #expect(ladder["points"] as? Int == 18)
                #expect(ladder["axis_min"] as? Double == 1e6)
                #expect(ladder["axis_max"] as? Double == 1e11)
                #expect(ladder["metrics"] as? [String] == ["exact_match/accuracy", "target/length", "token/probability"])
            }
            try await client.execute(uri: "/api/series/ladder", method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(body["name"] as? String == "ladder")
                #expect((body["points"] as? [[String: Any]])?.count == 18)
                let verdicts = try #require(body["verdicts"] as? [[String: Any]])
                #expect(verdicts.count == 1)
                #expect(verdicts.first?["verdict"] as? String == "artifact")
                #expect(verdicts.first?["discrete"] as? String == "exact_match/accuracy")
                #expect(verdicts.first?["continuous"] as? String == "token/probability")
                #expect(verdicts.first?["consistent"] as? Bool == true)
                #expect((verdicts.first?["predicted"] as? [[String: Any]])?.count == 6)
                #expect((verdicts.first?["evidence"] as? String)?.contains("reproduces the observed values") == true)
                #expect(body["grokking"] == nil)
            }
            try await client.execute(uri: "/api/series/jump", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let curves = try #require(body["curves"] as? [[String: Any]])
                let loss = try #require(curves.first { $0["metric"] as? String == "loss" })
                let changes = try #require(loss["change_points"] as? [[String: Any]])
                #expect(changes.count == 1)
                #expect(changes.first?["axis"] as? Double == 20)
                #expect(abs((changes.first?["jump"] as? Double ?? 0) + 1.5) < 1e-9)
                #expect(changes.first?["window_start"] as? Double == 19)
                #expect(changes.first?["window_end"] as? Double == 20)
                #expect((loss["cusum"] as? [String: Any])?["axis"] as? Double == 20)
            }
            try await client.execute(uri: "/api/series/grok", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let grokking = try #require(body["grokking"] as? [String: Any])
                #expect(grokking["grokking"] as? Bool == true)
                #expect(grokking["train_saturated"] as? Double == 1000)
                #expect((grokking["onset"] as? [String: Any])?["axis"] as? Double == 6000)
                #expect(grokking["memorization_phase"] as? Double == 5000)
            }
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let paths = try #require(doc["paths"] as? [String: Any])
                for path in ["/api/series", "/api/series/{name}", "/api/series/{name}/forecast"] { #expect(paths[path] != nil, "\(path)") }
                let forecast = try #require(((paths["/api/series/{name}/forecast"] as? [String: Any])?["get"] as? [String: Any])?["responses"] as? [String: Any])
                #expect(forecast["400"] != nil && forecast["404"] != nil)
                let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
                let verdict = try #require((schemas["LadderVerdict"] as? [String: Any])?["properties"] as? [String: Any])
                for field in ["discrete", "continuous", "discrete_curve", "continuous_curve", "predicted", "verdict", "evidence"] {
                    #expect(verdict[field] != nil, "\(field)")
                }
                let result = try #require((schemas["ForecastResult"] as? [String: Any])?["properties"] as? [String: Any])
                for field in ["scale", "slope", "midpoint", "crossing", "crossing_low", "crossing_high", "backtest"] { #expect(result[field] != nil, "\(field)") }
            }
        }
    }

    @Test func hostileSeriesAndMetricNamesAreEscapedEverywhere() async throws {
        let fixture = try await SeriesFixture()
        let name = SeriesFixture.hostileName, metric = SeriesFixture.hostileMetric
        try await fixture.app().test(.router) { client in
            let uris = ["/series", "/series/\(Format.segment(name))",
                        SeriesFixture.forecastURI(name, [("metric", metric), ("threshold", "0.5")]),
                        SeriesFixture.forecastURI(name, [("metric", "<b>nope</b>"), ("threshold", "0.5")])]
            for uri in uris {
                try await client.execute(uri: uri, method: .get) { response in
                    let html = String(buffer: response.body)
                    #expect(!html.contains("<script>document.title"), "\(uri)")
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    #expect(!html.contains("<b>nope"), "\(uri)")
                }
            }
            try await client.execute(uri: "/series/\(Format.segment(name))", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Series <code>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</code></h1>"))
                #expect(html.contains("<option value=\"&lt;img src=x onerror=alert(1)&gt;/accuracy\">"))
                #expect(html.contains("<figcaption>&lt;img src=x onerror=alert(1)&gt;/accuracy</figcaption>"))
                #expect(html.contains("action=\"/series/\(Format.segment(name))/forecast\""))
            }
            try await client.execute(uri: SeriesFixture.forecastURI(name, [("metric", metric), ("threshold", "0.5")]), method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<title>Forecast &lt;img src=x onerror=alert(1)&gt;/accuracy · &lt;script&gt;"))
            }
            try await client.execute(uri: SeriesFixture.forecastURI(name, [("metric", "<b>nope</b>"), ("threshold", "0.5")]), method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("No such metric &#39;&lt;b&gt;nope&lt;/b&gt;&#39;"))
            }
            try await client.execute(uri: "/api/series/\(Format.segment(name))", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(body?["name"] as? String == name)
                #expect(body?["metrics"] as? [String] == [metric])
            }
        }
    }

    /// The text between the first `from` and the next `to` (inclusive of `from`).
    static func section(_ text: String, from: String, to: String) -> String? {
        guard let start = text.range(of: from), let end = text.range(of: to, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.lowerBound..<end.lowerBound])
    }
}
