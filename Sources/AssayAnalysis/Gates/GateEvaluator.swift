import AssayCore
public import AssayStore
public import Foundation

/// The outcome of one rule.
public struct GateResult: Hashable, Sendable, Encodable {
    public enum Status: String, Hashable, Sendable, Codable {
        case pass, fail
        /// The rule could not be checked (no run of its suite, an unknown scorer): the gate fails, since nothing was shown.
        case error
    }

    public var rule: String
    public var kind: String
    public var line: Int?
    public var status: Status
    /// The run the rule read, when it read one.
    public var run: String?
    /// The value compared (a bound, a difference, an age in days).
    public var measured: Double?
    /// The limit it was compared with.
    public var limit: Double?
    /// One sentence saying what was measured and why it passed or failed.
    public var detail: String

    private enum CodingKeys: String, CodingKey { case rule, kind, line, status, run, measured, limit, detail }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(kind, forKey: .kind)
        try c.encode(line, forKey: .line)
        try c.encode(status, forKey: .status)
        try c.encode(run, forKey: .run)
        if let measured { try c.encodeFinite(measured, forKey: .measured) } else { try c.encodeNil(forKey: .measured) }
        if let limit { try c.encodeFinite(limit, forKey: .limit) } else { try c.encodeNil(forKey: .limit) }
        try c.encode(detail, forKey: .detail)
    }
}

/// Every rule's outcome; the gate passes when every rule passes.
public struct GateReport: Hashable, Sendable, Encodable {
    public var policy: String
    public var file: String
    public var runs: [String]
    public var results: [GateResult]
    public var passed: Bool { results.allSatisfy { $0.status == .pass } }

    private enum CodingKeys: String, CodingKey { case policy, file, runs, results, passed }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policy, forKey: .policy)
        try c.encode(file, forKey: .file)
        try c.encode(runs, forKey: .runs)
        try c.encode(results, forKey: .results)
        try c.encode(passed, forKey: .passed)
    }

    /// The report as JSON.
    public func json() -> String { ReportJSON.encode(self) }
}

/// Checks a ``GatePolicy`` against measured runs.
public struct GateEvaluator: Sendable {
    public let store: any Store
    /// The runs the gate was given.
    public let runs: [ComparedRun]
    public let now: Date

    public init(store: any Store, runs: [ComparedRun], now: Date = Date()) {
        self.store = store
        self.runs = runs
        self.now = now
    }

    public func evaluate(_ policy: GatePolicy) async throws -> GateReport {
        var results: [GateResult] = []
        var items: [String: [String: Item]] = [:]
        func itemsOf(_ run: RunRecord) async throws -> [String: Item] {
            if let known = items[run.suiteVersion] { return known }
            let suite = try await store.suite(version: run.suiteVersion)
            let byID = Dictionary((suite?.items ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            items[run.suiteVersion] = byID
            return byID
        }
        // Each run's samples are reduced to per-item values once, however many rules read the run.
        var tables: [String: ItemTable] = [:]
        func tableOf(_ run: ComparedRun) -> ItemTable {
            if let known = tables[run.record.id] { return known }
            let table = ItemTable(run)
            tables[run.record.id] = table
            return table
        }

        for rule in policy.rules {
            var result = GateResult(rule: rule.name, kind: rule.check.kind, line: rule.line, status: .error, detail: "")
            switch rule.check {
            case .threshold(let threshold):
                switch select(threshold.measure) {
                case .failure(let why): result.detail = why
                case .success(let run):
                    result.run = run.record.id
                    let metric = try await metric(threshold.measure, run: run, table: tableOf(run), items: itemsOf(run.record))
                    check(threshold, metric: metric, into: &result)
                }
            case .noRegression(let rule):
                switch select(rule.measure) {
                case .failure(let why): result.detail = why
                case .success(let run):
                    result.run = run.record.id
                    guard let baselineRecord = try await store.run(id: rule.baseline) else {
                        result.detail = "no baseline run '\(rule.baseline)' in \(store.location)"
                        break
                    }
                    let baseline = ComparedRun(record: baselineRecord, results: try await store.results(runID: baselineRecord.id))
                    var known = try await itemsOf(run.record)
                    known.merge(try await itemsOf(baselineRecord)) { first, _ in first }
                    check(rule, run: run, baseline: baseline, tables: (tableOf(run), tableOf(baseline)), items: known, into: &result)
                }
            case .freshness(let rule):
                try await check(rule, into: &result)
            case .forecast(let rule):
                try await check(rule, into: &result)
            case .dimension(let rule):
                let measure = GateRule.Measure(suite: rule.suite, scorer: rule.estimate)
                switch select(measure) {
                case .failure(let why): result.detail = why
                case .success(let run):
                    result.run = run.record.id
                    let threshold = GateRule.Threshold(measure: measure, bound: rule.bound, comparison: rule.comparison)
                    check(threshold, metric: try await dimensionEstimate(rule.estimate, run: run, items: itemsOf(run.record)), into: &result)
                }
            }
            results.append(result)
        }
        return GateReport(policy: policy.name, file: policy.file, runs: runs.map(\.record.id), results: results)
    }

    // MARK: - Rules

    private enum Selection {
        case success(ComparedRun)
        case failure(String)
    }

    /// The run a measure reads: the one run given, or the one of its suite.
    private func select(_ measure: GateRule.Measure) -> Selection {
        guard let suite = measure.suite else {
            if runs.count == 1 { return .success(runs[0]) }
            return .failure("the gate was given \(runs.count) runs: name the rule's suite: to pick one")
        }
        let matching = runs.filter { $0.record.suiteName == suite }
        switch matching.count {
        case 1: return .success(matching[0])
        case 0: return .failure("no run of suite '\(suite)' was given (runs: \(runs.map { "\($0.record.id) \($0.record.suiteName)" }.joined(separator: ", ")))")
        default: return .failure("\(matching.count) runs of suite '\(suite)' were given; give one")
        }
    }

    /// The measure's metric on the run, restricted to its tag; fail rates are `1 - accuracy` with the interval flipped.
    private func metric(_ measure: GateRule.Measure, run: ComparedRun, table: ItemTable, items: [String: Item]) -> Result<Metric, GateMessage> {
        guard run.record.config.scorers.contains(measure.scorer) else {
            return .failure(GateMessage("run \(run.record.id) has no scorer '\(measure.scorer)' (it has \(run.record.config.scorers.joined(separator: ", ")))"))
        }
        let continuous = run.record.config.continuousScorers.contains(measure.scorer)
        if continuous && measure.rate == .fail {
            return .failure(GateMessage("rate: fail applies to pass/fail scorers; '\(measure.scorer)' gives values"))
        }
        let aggregates = table.aggregates(measure.scorer, items: items) { id in
            measure.tag.map { items[id]?.tags.contains($0) ?? false } ?? true
        }
        guard var metric = MetricCalculator.metric(scorer: measure.scorer, continuous: continuous, items: aggregates), metric.n > 0 else {
            return .failure(GateMessage("no scored items for \(measure.label) in run \(run.record.id)"))
        }
        if measure.rate == .fail {
            (metric.value, metric.ciLow, metric.ciHigh) = (1 - metric.value, 1 - metric.ciHigh, 1 - metric.ciLow)
            metric.name = "fail rate"
        }
        return .success(metric)
    }

    /// A dimension estimate of the run, as a ``Metric`` for the threshold check.
    private func dimensionEstimate(_ key: String, run: ComparedRun, items: [String: Item]) async throws -> Result<Metric, GateMessage> {
        guard let kind = try await store.suite(version: run.record.suiteVersion)?.config.kind else {
            return .failure(GateMessage("run \(run.record.id) is of suite '\(run.record.suiteName)', which has no kind: (no dimension estimates)"))
        }
        let report = DimensionReport.analyze(run, kind: kind, items: items)
        guard let e = report.estimate(key), e.value.isFinite else {
            let known = report.estimates.filter(\.value.isFinite).map(\.key)
            return .failure(GateMessage("the \(kind.rawValue) report of run \(run.record.id) has no estimate '\(key)' (it has \(known.joined(separator: ", ")))"))
        }
        return .success(Metric(name: e.name, scorer: key, value: e.value, stderr: e.stderr, ciLow: e.ciLow, ciHigh: e.ciHigh, n: e.n,
                               method: .clt))
    }

    private func check(_ rule: GateRule.Threshold, metric result: Result<Metric, GateMessage>, into out: inout GateResult) {
        let metric: Metric
        switch result {
        case .failure(let message):
            out.detail = message.text
            return
        case .success(let m): metric = m
        }
        let (value, what): (Double, String) = switch rule.bound {
        case .estimate: (metric.value, "\(rule.measure.label) = \(fmt(metric.value))")
        case .lower: (metric.ciLow, "lower 95% bound of \(rule.measure.label) = \(fmt(metric.ciLow))")
        case .upper: (metric.ciHigh, "upper 95% bound of \(rule.measure.label) = \(fmt(metric.ciHigh))")
        }
        let ok: Bool
        let limit: Double
        let relation: String
        switch rule.comparison {
        case .atMost(let x): (ok, limit, relation) = (value <= x, x, value <= x ? "≤" : ">")
        case .atLeast(let x): (ok, limit, relation) = (value >= x, x, value >= x ? "≥" : "<")
        }
        out.status = ok ? .pass : .fail
        out.measured = value
        out.limit = limit
        out.detail = "\(what) \(relation) \(fmt(limit)) (\(fmt(metric.value)) [\(fmt(metric.ciLow)), \(fmt(metric.ciHigh))], n = \(metric.n))"
    }

    private func check(_ rule: GateRule.NoRegression, run: ComparedRun, baseline: ComparedRun, tables: (ItemTable, ItemTable),
                       items: [String: Item], into out: inout GateResult) {
        let measure = rule.measure
        guard run.record.config.scorers.contains(measure.scorer), baseline.record.config.scorers.contains(measure.scorer) else {
            out.detail = "scorer '\(measure.scorer)' is not in both run \(run.record.id) and baseline \(baseline.record.id)"
            return
        }
        let continuous = run.record.config.continuousScorers.contains(measure.scorer)
        let (current, before) = tables
        var a: [Double] = [], b: [Double] = []
        for id in current.itemIDs.intersection(before.itemIDs).sorted() {
            if let tag = measure.tag, !(items[id]?.tags.contains(tag) ?? false) { continue }
            guard let x = current.score(measure.scorer, id), let y = before.score(measure.scorer, id) else { continue }
            a.append(x)
            b.append(y)
        }
        guard a.count >= 2 else {
            out.detail = "only \(a.count) shared scored item\(a.count == 1 ? "" : "s") for \(measure.label) between run \(run.record.id) and baseline \(baseline.record.id)"
            return
        }
        let comparison = PairedComparison.measure(name: continuous ? "mean" : "accuracy", scorer: measure.scorer, tag: measure.tag,
                                                  a: a, b: b, binary: !continuous, seed: 7)
        // The drop in the "better" direction: positive when the run is worse than its baseline.
        let drop = rule.higherIsBetter ? -comparison.difference : comparison.difference
        let significant = comparison.pValue.isFinite && comparison.pValue < rule.alpha
        let regressed = drop > rule.margin && significant
        out.status = regressed ? .fail : .pass
        out.measured = -drop
        out.limit = -rule.margin
        let change = "\(measure.label) \(fmt(comparison.b)) → \(fmt(comparison.a)) (difference \(fmt(comparison.difference)) [\(fmt(comparison.ciLow)), \(fmt(comparison.ciHigh))], \(comparison.test.rawValue) p \(fmtP(comparison.pValue)), n = \(comparison.n))"
        if regressed {
            out.detail = "significant regression against \(baseline.record.id): \(change)"
        } else if drop > rule.margin {
            out.detail = "worse than \(baseline.record.id) but not significantly at alpha \(fmt(rule.alpha)): \(change)"
        } else {
            out.detail = "no regression against \(baseline.record.id): \(change)"
        }
    }

    private func check(_ rule: GateRule.Freshness, into out: inout GateResult) async throws {
        var newest = runs.map(\.record).filter { $0.suiteName == rule.suite && $0.status == .completed }
            .max { ($0.finishedAt ?? $0.createdAt) < ($1.finishedAt ?? $1.createdAt) }
        if newest == nil {
            newest = try await store.runs(limit: 10_000).first { $0.suiteName == rule.suite && $0.status == .completed }
        }
        guard let run = newest else {
            out.status = .fail
            out.detail = "suite '\(rule.suite)' has no completed run"
            return
        }
        let days = now.timeIntervalSince(run.finishedAt ?? run.createdAt) / 86_400
        out.run = run.id
        out.measured = days
        out.limit = rule.maxAgeDays
        out.status = days <= rule.maxAgeDays ? .pass : .fail
        out.detail = "last completed run of '\(rule.suite)' (\(run.id)) is \(fmt(days)) days old, limit \(fmt(rule.maxAgeDays))"
    }

    private func check(_ rule: GateRule.ForecastCrossing, into out: inout GateResult) async throws {
        let curve = SeriesBuilder.curve(try await store.series(name: rule.series), metric: rule.metric)
        guard curve.count >= 3 else {
            out.detail = "series '\(rule.series)' has \(curve.count) point(s) of \(rule.metric); a forecast needs 3"
            return
        }
        let forecast = Forecast.fit(curve, threshold: rule.threshold)
        out.limit = rule.before
        let t = NumberFormat.plain(rule.threshold), before = NumberFormat.plain(rule.before)
        if let observed = forecast.alreadyCrossedAt {
            out.measured = observed
            out.status = observed <= rule.before ? .pass : .fail
            out.detail = "\(rule.metric) already reached \(t) at axis \(NumberFormat.plain(observed)) (limit \(before))"
            return
        }
        let value = rule.bound == .upper ? forecast.crossingHigh : forecast.crossing
        guard let value else {
            out.status = .fail
            out.detail = "no \(rule.bound == .upper ? "90% upper bound of the " : "")crossing of \(t) by \(rule.metric) could be forecast"
                + (forecast.note.map { ": \($0)" } ?? "")
            return
        }
        out.measured = value
        out.status = value <= rule.before ? .pass : .fail
        let interval = forecast.crossingLow.map { " [90%: \(NumberFormat.plain($0)), \(NumberFormat.plain(forecast.crossingHigh!))]" } ?? ""
        out.detail = "\(rule.metric) is forecast to cross \(t) at axis \(NumberFormat.plain(forecast.crossing ?? value))\(interval); "
            + "\(rule.bound == .upper ? "upper bound" : "estimate") \(value <= rule.before ? "≤" : ">") \(before)"
    }

    private func fmt(_ x: Double) -> String { NumberFormat.fixed(x, 3) }
    private func fmtP(_ p: Double) -> String { p < 0.001 ? "< 0.001" : "= " + NumberFormat.fixed(p, 3) }
}

/// A reason a rule could not be checked.
struct GateMessage: Error, Hashable {
    var text: String
    init(_ text: String) { self.text = text }
}
