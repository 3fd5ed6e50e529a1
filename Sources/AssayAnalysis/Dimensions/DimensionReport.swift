public import AssayCore
public import AssayStore
import Foundation

/// One estimate of a dimension analysis, with its uncertainty: a rate, a mean, a paired difference, a fitted quantity.
public struct DimensionEstimate: Hashable, Sendable, Encodable {
    /// What is estimated: `disclosure`, `omission_index`, `gap`, `accuracy`, `h50_minutes`, ...
    public var name: String
    /// The subset it is estimated on (`neutral`, `shuffle`, `cipher`), nil for all items.
    public var group: String?
    /// The position on a curve (shots, task length), when the estimate is one point of one.
    public var x: Double?
    public var value: Double
    public var stderr: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Units the estimate is computed over (scenarios, propositions, items).
    public var n: Int
    /// `wilson`, `clt`, `paired`, `bootstrap`, `unpaired` or `fit`.
    public var method: String
    /// The p-value of the estimate's own test (a paired difference against zero, a permutation test), when it has one.
    public var pValue: Double?

    public init(name: String, group: String? = nil, x: Double? = nil, value: Double, stderr: Double, ciLow: Double, ciHigh: Double,
                n: Int, method: String, pValue: Double? = nil) {
        self.name = name
        self.group = group
        self.x = x
        self.value = value
        self.stderr = stderr
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.n = n
        self.method = method
        self.pValue = pValue
    }

    /// A curve position for tables: whole numbers as they are, others to two decimals (three significant digits below 1).
    public static func formatX(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return NumberFormat.plain(x) }
        return NumberFormat.fixed(x, abs(x) < 1 ? 3 : 2)
    }

    /// `name` on `group`, as reports and gate rules name it: `disclosure[neutral]`.
    public var key: String { DimensionEstimate.key(name, group) }

    public static func key(_ name: String, _ group: String?) -> String { group.map { "\(name)[\($0)]" } ?? name }

    /// A proportion of `n` units with a Wilson interval (NaN when `n` is 0).
    public static func rate(_ name: String, group: String? = nil, x: Double? = nil, successes: Double, n: Int) -> DimensionEstimate {
        guard n > 0 else { return .missing(name, group: group, x: x, method: "wilson") }
        let p = successes / Double(n)
        let ci = Statistics.wilsonInterval(successes: successes, n: n)
        return DimensionEstimate(name: name, group: group, x: x, value: p, stderr: Statistics.bernoulliStandardError(p: p, n: n),
                                 ciLow: ci.low, ciHigh: ci.high, n: n, method: "wilson")
    }

    /// A rate over units: Wilson when every unit is 0 or 1 (one epoch), else the CLT mean of the units' epoch shares.
    public static func proportion(_ name: String, group: String? = nil, x: Double? = nil, values: [Double]) -> DimensionEstimate {
        if values.allSatisfy({ $0 == 0 || $0 == 1 }) {
            return rate(name, group: group, x: x, successes: values.reduce(0, +), n: values.count)
        }
        return mean(name, group: group, x: x, values: values)
    }

    /// The mean of per-unit values with a CLT interval (NaN when there are none).
    public static func mean(_ name: String, group: String? = nil, x: Double? = nil, values: [Double]) -> DimensionEstimate {
        guard !values.isEmpty else { return .missing(name, group: group, x: x, method: "clt") }
        let m = Statistics.mean(values)
        let se = values.count > 1 ? Statistics.standardError(values) : .nan
        return DimensionEstimate(name: name, group: group, x: x, value: m, stderr: se, ciLow: m - Statistics.z95 * se,
                                 ciHigh: m + Statistics.z95 * se, n: values.count, method: "clt")
    }

    /// The mean paired difference `a - b` over units, with the paired SE and a test against zero (exact McNemar when
    /// every value is 0 or 1, else the paired bootstrap), as ``PairedComparison/measure`` computes them.
    public static func paired(_ name: String, group: String? = nil, x: Double? = nil, a: [Double], b: [Double]) -> DimensionEstimate {
        guard !a.isEmpty else { return .missing(name, group: group, x: x, method: "paired") }
        let c = PairedComparison.measure(name: name, scorer: nil, tag: group, a: a, b: b, binary: true, seed: seed(name, group))
        return DimensionEstimate(name: name, group: group, x: x, value: c.difference, stderr: c.stderr, ciLow: c.ciLow, ciHigh: c.ciHigh,
                                 n: c.n, method: "paired", pValue: c.pValue.isFinite ? c.pValue : nil)
    }

    /// The difference of two independent estimates, with SE √(se₁² + se₂²).
    public static func unpaired(_ name: String, group: String? = nil, x: Double? = nil,
                                _ first: DimensionEstimate, _ second: DimensionEstimate) -> DimensionEstimate {
        let d = first.value - second.value
        let se = (first.stderr * first.stderr + second.stderr * second.stderr).squareRoot()
        var p: Double?
        if se > 0, se.isFinite, d.isFinite { p = 2 * (1 - Statistics.normalCDF(abs(d) / se)) }
        return DimensionEstimate(name: name, group: group, x: x, value: d, stderr: se, ciLow: d - Statistics.z95 * se,
                                 ciHigh: d + Statistics.z95 * se, n: min(first.n, second.n), method: "unpaired", pValue: p)
    }

    /// A fitted `value` with the standard deviation and 2.5/97.5% percentiles of its bootstrap `draws` (NaN draws left
    /// out); missing when fewer than 20 draws are finite. `exponent2` reports draws made on the log2 scale: the interval
    /// is mapped back with 2^x, the SE stays in log2 units.
    public static func bootstrap(_ name: String, value: Double, draws: [Double], n: Int, exponent2: Bool = false) -> DimensionEstimate {
        let sorted = draws.filter(\.isFinite).sorted()
        guard sorted.count >= 20, value.isFinite else {
            var e = DimensionEstimate.missing(name, method: "bootstrap")
            (e.value, e.n) = (value, n)
            return e
        }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        let sd = (sorted.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sorted.count - 1)).squareRoot()
        let low = Statistics.quantile(sorted: sorted, 0.025), high = Statistics.quantile(sorted: sorted, 0.975)
        return DimensionEstimate(name: name, value: value, stderr: sd, ciLow: exponent2 ? exp2(low) : low, ciHigh: exponent2 ? exp2(high) : high,
                                 n: n, method: "bootstrap")
    }

    /// An estimate that could not be made (no units).
    public static func missing(_ name: String, group: String? = nil, x: Double? = nil, method: String) -> DimensionEstimate {
        DimensionEstimate(name: name, group: group, x: x, value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan, n: 0, method: method)
    }

    static func seed(_ name: String, _ group: String?) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (name + "\u{1f}" + (group ?? "")).utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    private enum CodingKeys: String, CodingKey {
        case name, group, x, value, stderr, ciLow = "ci_low", ciHigh = "ci_high", n, method, pValue = "p_value"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(group, forKey: .group)
        if let x { try c.encodeFinite(x, forKey: .x) } else { try c.encodeNil(forKey: .x) }
        try c.encodeFinite(value, forKey: .value)
        try c.encodeFinite(stderr, forKey: .stderr)
        try c.encodeFinite(ciLow, forKey: .ciLow)
        try c.encodeFinite(ciHigh, forKey: .ciHigh)
        try c.encode(n, forKey: .n)
        try c.encode(method, forKey: .method)
        if let pValue { try c.encodeFinite(pValue, forKey: .pValue) } else { try c.encodeNil(forKey: .pValue) }
    }
}

/// What a dimension analysis found in one run: its estimates, the per-unit values that paired comparisons between runs
/// use, counts of categories (honest/lie/evasive, refused/gave up/attempted), and notes on what could not be estimated.
public struct DimensionReport: Sendable, Encodable {
    public var kind: SuiteKind
    public var run: String
    public var estimates: [DimensionEstimate]
    /// Estimate key (``DimensionEstimate/key``) → unit id → the unit's value: what ``DimensionComparison`` pairs.
    /// Only estimates that are means over units have units here. Not part of the JSON.
    public var units: [String: [String: Double]]
    /// Group → category → count, for the categorical verdicts of the dimension.
    public var counts: [String: [String: Int]]
    public var notes: [String]

    public init(kind: SuiteKind, run: String, estimates: [DimensionEstimate] = [], units: [String: [String: Double]] = [:],
                counts: [String: [String: Int]] = [:], notes: [String] = []) {
        self.kind = kind
        self.run = run
        self.estimates = estimates
        self.units = units
        self.counts = counts
        self.notes = notes
    }

    /// The estimate with this key (`omission_index`, `disclosure[neutral]`), if the report has it.
    public func estimate(_ key: String) -> DimensionEstimate? { estimates.first { $0.key == key } }

    private enum CodingKeys: String, CodingKey {
        case kind, run, estimates, counts, notes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(run, forKey: .run)
        try c.encode(estimates, forKey: .estimates)
        try c.encode(counts, forKey: .counts)
        try c.encode(notes, forKey: .notes)
    }

    /// The report as JSON.
    public func json() -> String { ReportJSON.encode(self) }

    /// Runs the analysis of `kind` on a run.
    ///
    /// - Parameter items: the run's suite items by id (their tags and metadata say which condition, operator, length or
    ///   proposition each belongs to).
    public static func analyze(_ run: ComparedRun, kind: SuiteKind, items: [String: Item]) -> DimensionReport {
        let input = DimensionInput(run: run, items: items)
        switch kind {
        case .omission: return OmissionAnalysis.report(input)
        case .honesty: return HonestyAnalysis.report(input)
        case .goodhart: return GoodhartAnalysis.report(input)
        case .learning: return LearningAnalysis.report(input)
        case .horizon: return HorizonAnalysis.report(input)
        case .persistence: return PersistenceAnalysis.report(input)
        }
    }

    /// Loads a run and its suite version from `store` and analyzes it; nil when the suite has no kind.
    ///
    /// - Parameter loaded: the run's own suite version when the caller has loaded it already (decoding a large suite's
    ///   items dominates this call; it is not hashed again to check, which cost 0.15 s of 1.6 s in `assay runs show`
    ///   on 100,000 items); the run's samples are read only when the suite has a kind.
    public static func load(run id: String, from store: any Store, suite loaded: Suite? = nil) async throws -> DimensionReport? {
        let record = try await ComparedRun.record(id, from: store)
        let suite: Suite?
        if let loaded { suite = loaded } else { suite = try await store.suite(version: record.suiteVersion) }
        guard let suite, let kind = suite.config.kind else { return nil }
        let run = ComparedRun(record: record, results: try await store.results(runID: record.id))
        var items: [String: Item] = [:]
        for item in suite.items { items[item.id] = item }
        return analyze(run, kind: kind, items: items)
    }
}

/// A run reduced for dimension analyses: each sample with its item, grouped per item.
struct DimensionInput {
    struct Entry {
        var item: Item
        var results: [SampleResult]
    }

    var runID: String
    /// Each scorer's per-item epoch means, as `assay compare` reduces runs.
    var table: ItemTable
    /// Items with at least one sample, in item-id order.
    var entries: [Entry]
    var continuousScorers: Set<String>
    var scorers: [String]

    init(run: ComparedRun, items: [String: Item]) {
        runID = run.record.id
        table = ItemTable(run, features: false)
        continuousScorers = Set(run.record.config.continuousScorers)
        scorers = run.record.config.scorers
        var grouped: [String: [SampleResult]] = [:]
        for result in run.results { grouped[result.sample.itemID, default: []].append(result) }
        entries = grouped.keys.sorted().compactMap { id in
            guard let item = items[id] else { return nil }
            return Entry(item: item, results: grouped[id]!.sorted { $0.sample.epoch < $1.sample.epoch })
        }
    }

    /// The epoch mean of `scorer` on an entry (pass = 1 for discrete scorers), over samples that did not abstain.
    func score(_ scorer: String, _ entry: Entry) -> Double? { table.score(scorer, entry.item.id) }

    /// The first discrete scorer of the run that scored the entry.
    func primaryScore(_ entry: Entry) -> Double? {
        for scorer in scorers where !continuousScorers.contains(scorer) {
            if let v = score(scorer, entry) { return v }
        }
        return nil
    }

    /// The first continuous scorer of the run that scored the entry, with its name.
    func continuousScore(_ entry: Entry) -> (scorer: String, value: Double)? {
        for scorer in scorers where continuousScorers.contains(scorer) {
            if let v = score(scorer, entry) { return (scorer, v) }
        }
        return nil
    }
}

extension Item {
    /// The value of a `KEY=VALUE` tag.
    func tagValue(_ key: String) -> String? {
        tags.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
