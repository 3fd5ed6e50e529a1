public import AssayCore
public import AssayStore
import Foundation

/// A run with its samples and scores, ready to compare.
public struct ComparedRun: Sendable {
    public var record: RunRecord
    public var results: [SampleResult]

    public init(record: RunRecord, results: [SampleResult]) {
        self.record = record
        self.results = results
    }

    /// Loads a run (by id or unique prefix) and its samples.
    public static func load(_ id: String, from store: any Store) async throws -> ComparedRun {
        let record = try await record(id, from: store)
        return ComparedRun(record: record, results: try await store.results(runID: record.id))
    }

    /// The record of a run (by id or unique prefix), without its samples; `notFound` when the store has none.
    public static func record(_ id: String, from store: any Store) async throws -> RunRecord {
        guard let record = try await store.run(id: id) else { throw AssayError(.notFound, "no run '\(id)' in \(store.location)") }
        return record
    }
}

/// What changed between two runs on the items they share: each scorer's metric with a paired test, the behaviour-shift
/// profile, the items whose verdict flipped, and whether the completions' distribution changed at all.
public struct RunComparison: Sendable, Encodable {
    /// One side of the comparison.
    public struct Side: Hashable, Sendable, Codable {
        public var run: String
        public var model: String
        public var suite: String
        public var suiteVersion: String
        public var samples: Int
        public var errors: Int
    }

    /// An item whose verdict under a discrete scorer differs between the runs (majority over epochs; ties are neither).
    public struct FlippedItem: Hashable, Sendable, Codable {
        public var itemID: String
        public var scorer: String
        public var a: Verdict
        public var b: Verdict
        public var tags: [String]
        /// The item's prompt, cut to 200 characters.
        public var prompt: String
        /// Share of the item's scored epochs that passed in each run (what the majority verdicts are read from).
        public var aPassShare: Double
        public var bPassShare: Double
    }

    public var a: Side
    public var b: Side
    /// Items with a sample in both runs.
    public var sharedItems: Int
    public var onlyInA: Int
    public var onlyInB: Int
    /// Per scorer and per tag, corrected for multiple testing across this table.
    public var metrics: [PairedComparison]
    /// The behaviour-shift profile (``BehaviourFeature``), per tag, corrected across this table.
    public var shift: [PairedComparison]
    public var flipped: [FlippedItem]
    public var distribution: DistributionTestResult
    /// The false-discovery rate at which ``PairedComparison/significant(alpha:)`` is read in reports.
    public var alpha: Double
    /// When both runs are of one dimension suite kind: that kind, and its estimates compared on shared units
    /// (``DimensionComparison``).
    public var dimensionKind: SuiteKind?
    public var dimension: [PairedComparison] = []

    /// The comparison as JSON (snake_case keys, `null` for a missing number).
    public func json() -> String { ReportJSON.encode(self) }

    /// Compares run `a` with run `b` (differences are `a - b`).
    ///
    /// - Parameters:
    ///   - items: the items by id, for tags and clusters (items missing here count as untagged and unclustered).
    ///   - alpha: the false-discovery rate reports use.
    ///   - permutations: permutations of the distribution test.
    ///   - kind: the suite kind both runs share, when they are runs of dimension suites.
    public static func compare(_ a: ComparedRun, _ b: ComparedRun, items: [String: Item], alpha: Double = 0.05,
                               permutations: Int = 1000, kind: SuiteKind? = nil) -> RunComparison {
        let tableA = ItemTable(a), tableB = ItemTable(b)
        let shared = tableA.itemIDs.intersection(tableB.itemIDs).sorted()
        let tagsOf: (String) -> [String] = { items[$0]?.tags ?? [] }
        let groups: [String?] = [nil] + Set(shared.flatMap(tagsOf)).sorted().map(Optional.some)

        func members(_ tag: String?) -> [String] {
            guard let tag else { return shared }
            return shared.filter { tagsOf($0).contains(tag) }
        }

        var metrics: [PairedComparison] = []
        let continuous = Set(a.record.config.continuousScorers).union(b.record.config.continuousScorers)
        let scorers = orderedUnion(a.record.config.scorers, b.record.config.scorers)
        for scorer in scorers {
            let isContinuous = continuous.contains(scorer)
            for tag in groups {
                var va: [Double] = [], vb: [Double] = [], clusters: [String] = []
                for id in members(tag) {
                    guard let x = tableA.score(scorer, id), let y = tableB.score(scorer, id) else { continue }
                    va.append(x)
                    vb.append(y)
                    clusters.append(items[id]?.cluster.map { "c:" + $0 } ?? "i:" + id)
                }
                guard !va.isEmpty else { continue }
                metrics.append(.measure(name: isContinuous ? "mean" : "accuracy", scorer: scorer, tag: tag, a: va, b: vb,
                                        clusters: clusters, binary: !isContinuous, seed: seed(scorer, tag)))
            }
        }

        var shift: [PairedComparison] = []
        for feature in BehaviourFeature.allCases {
            for tag in groups {
                var va: [Double] = [], vb: [Double] = []
                for id in members(tag) {
                    guard let x = tableA.feature(feature, id), let y = tableB.feature(feature, id) else { continue }
                    va.append(x)
                    vb.append(y)
                }
                guard !va.isEmpty else { continue }
                shift.append(.measure(name: feature.rawValue, scorer: nil, tag: tag, a: va, b: vb, binary: feature.isBinary,
                                      seed: seed(feature.rawValue, tag)))
            }
        }

        var flipped: [FlippedItem] = []
        for scorer in scorers where !continuous.contains(scorer) {
            for id in shared {
                guard let x = tableA.score(scorer, id), let y = tableB.score(scorer, id),
                      let va = majority(x), let vb = majority(y), va != vb else { continue }
                flipped.append(FlippedItem(itemID: id, scorer: scorer, a: va, b: vb, tags: tagsOf(id),
                                           prompt: String((items[id]?.prompt ?? "").prefix(200)), aPassShare: x, bPassShare: y))
            }
        }

        let completionsA = shared.map { tableA.completions[$0] ?? [] }
        let completionsB = shared.map { tableB.completions[$0] ?? [] }
        let distribution = DistributionTest.hammingMMD(a: completionsA, b: completionsB, permutations: permutations,
                                                        seed: seed("distribution", nil))

        var dimension: [PairedComparison] = []
        if let kind {
            dimension = DimensionComparison.compare(DimensionReport.analyze(a, kind: kind, items: items),
                                                    DimensionReport.analyze(b, kind: kind, items: items))
        }
        return RunComparison(a: tableA.side, b: tableB.side, sharedItems: shared.count,
                             onlyInA: tableA.itemIDs.count - shared.count, onlyInB: tableB.itemIDs.count - shared.count,
                             metrics: metrics.correctedForMultipleTesting(), shift: shift.correctedForMultipleTesting(),
                             flipped: flipped, distribution: distribution, alpha: alpha, dimensionKind: kind, dimension: dimension)
    }

    private static func majority(_ passShare: Double) -> Verdict? {
        passShare > 0.5 ? .pass : passShare < 0.5 ? .fail : nil
    }

    private static func orderedUnion(_ x: [String], _ y: [String]) -> [String] {
        var seen = Set<String>()
        return (x + y).filter { seen.insert($0).inserted }
    }

    /// A stable seed per comparison (FNV-1a of its name), so each test draws its own reproducible stream.
    private static func seed(_ name: String, _ tag: String?) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (name + "\u{1f}" + (tag ?? "")).utf8 {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return h
    }
}

/// One run's samples reduced to per-item values: each scorer's epoch mean, each behaviour feature's epoch mean, and the
/// completions.
struct ItemTable {
    var side: RunComparison.Side
    var itemIDs: Set<String> = []
    /// scorer → item → (sum, count) over the epochs that did not abstain.
    var scores: [String: [String: (sum: Double, count: Int)]] = [:]
    var features: [BehaviourFeature: [String: (sum: Double, count: Int)]] = [:]
    var completions: [String: [String]] = [:]

    /// - Parameter features: whether to measure the behaviour features (a text reading per sample); analyses that only
    ///   need scores leave them out.
    init(_ run: ComparedRun, features measureFeatures: Bool = true) {
        let continuous = Set(run.record.config.continuousScorers)
        var errors = 0
        for result in run.results {
            let sample = result.sample
            itemIDs.insert(sample.itemID)
            if sample.error != nil { errors += 1 } else { completions[sample.itemID, default: []].append(sample.text) }
            for score in result.scores where score.counts {
                let value = continuous.contains(score.scorer) ? score.value : (score.verdict == .pass ? 1 : 0)
                scores[score.scorer, default: [:]][sample.itemID, default: (0, 0)].sum += value
                scores[score.scorer, default: [:]][sample.itemID, default: (0, 0)].count += 1
            }
            guard measureFeatures else { continue }
            for (feature, value) in BehaviourFeature.measure(result, continuousScorers: continuous) {
                features[feature, default: [:]][sample.itemID, default: (0, 0)].sum += value
                features[feature, default: [:]][sample.itemID, default: (0, 0)].count += 1
            }
        }
        side = RunComparison.Side(run: run.record.id, model: run.record.model, suite: run.record.suiteName,
                                  suiteVersion: run.record.suiteVersion, samples: run.results.count, errors: errors)
    }

    /// One scorer's per-item sums, the input of ``MetricCalculator/metric(scorer:continuous:items:)``, for the items `keep` accepts.
    func aggregates(_ scorer: String, items: [String: Item], keep: (String) -> Bool = { _ in true }) -> [ItemAggregate] {
        (scores[scorer] ?? [:]).keys.sorted().filter(keep).map { id in
            let entry = scores[scorer]![id]!
            return ItemAggregate(itemID: id, cluster: items[id]?.cluster, sum: entry.sum, count: entry.count)
        }
    }

    func score(_ scorer: String, _ id: String) -> Double? {
        guard let entry = scores[scorer]?[id], entry.count > 0 else { return nil }
        return entry.sum / Double(entry.count)
    }

    func feature(_ feature: BehaviourFeature, _ id: String) -> Double? {
        guard let entry = features[feature]?[id], entry.count > 0 else { return nil }
        return entry.sum / Double(entry.count)
    }
}
