public import AssayCore
import AssayAnalysis
import AssayEngine
import AssayEvolve
public import AssayStore
import Foundation

/// What the pages and the API read: the store, with the expensive derived parts (suite items, run reports) cached.
/// A report is cached per run and sample count, so a finished run is computed once and a running one when it grows.
public actor DashboardData {
    public let store: any Store
    private var suites: [String: Suite] = [:]
    private var summaries: [String: (samples: Int, status: RunRecord.Status, summary: RunSummary)] = [:]
    private var finishedProgress: [String: ProgressFigures] = [:]
    private var finishedCounts: [String: Int] = [:]
    /// Per finished run and filter, every ``markSpacing``-th matching unit (``Store/unitMarks(runID:filter:every:)``).
    private var finishedMarks: [String: [UnitKey]] = [:]
    /// Offset pages of a finished run start from the mark before them, so the store walks fewer than this many
    /// matches however deep the page (at offset 50,000 of a 100,000-sample run it walked all 50,000 before).
    static let markSpacing = 1000
    private var evolutionViews: [String: EvolutionView] = [:]
    private var comparisons: [String: RunComparison] = [:]
    private var dimensions: [String: (samples: Int, status: RunRecord.Status, report: DimensionReport)] = [:]
    /// Comparisons kept at once; each holds only tables and the flipped list, not the runs' samples.
    static let comparisonCacheSize = 16

    public init(store: any Store) {
        self.store = store
    }

    /// What the run page shows above its sample table, derived from every score of the run.
    public struct RunSummary: Sendable {
        public var report: RunReport
        /// Per-item values of each scorer (epochs averaged; pass = 1), for distribution charts.
        public var distributions: [String: [Double]]
        /// The run's item tags (without `key=value` tags), sorted.
        public var tags: [String]
    }

    /// A run's report with metrics and CIs.
    public func report(for run: RunRecord) async throws -> RunReport {
        try await summary(for: run).report
    }

    /// Report, distributions and tags of a run, computed once per run state (status and sample count).
    public func summary(for run: RunRecord) async throws -> RunSummary {
        // A finished run does not change: once summarized, it is served without touching the store.
        if let cached = summaries[run.id], cached.status == run.status, run.status != .running { return cached.summary }
        let progress = try await store.progress(runID: run.id)
        if let cached = summaries[run.id], cached.samples == progress.samples, cached.status == run.status { return cached.summary }
        let items = try await items(of: run)
        let report = try await Engine.report(for: run, store: store, items: items)
        let distributions = try await store.itemAggregates(runID: run.id).mapValues { items in
            items.filter { $0.count > 0 }.map { $0.sum / Double($0.count) }
        }
        let summary = RunSummary(report: report, distributions: distributions,
                                 tags: Set(items.flatMap(\.tags)).filter { !$0.contains("=") }.sorted())
        summaries[run.id] = (progress.samples, run.status, summary)
        return summary
    }

    /// The items a run evaluates (its suite version, cut to its limit).
    public func items(of run: RunRecord) async throws -> [Item] {
        let items = try await suite(version: run.suiteVersion)?.items ?? []
        return run.config.limit.map { Array(items.prefix($0)) } ?? items
    }

    public func suite(version: String) async throws -> Suite? {
        if let cached = suites[version] { return cached }
        guard let suite = try await store.suite(version: version) else { return nil }
        suites[suite.version] = suite
        return suite
    }

    /// Run `a` compared with run `b` on the items they share (``RunComparison/compare(_:_:items:alpha:permutations:)``,
    /// as `assay compare` computes it). Cached while neither run is running; recomputed otherwise.
    func comparison(_ a: RunRecord, _ b: RunRecord, alpha: Double) async throws -> RunComparison {
        let key = "\(a.id)|\(b.id)|\(alpha)"
        let finished = a.status != .running && b.status != .running
        if finished, let cached = comparisons[key] { return cached }
        let runA = ComparedRun(record: a, results: try await store.results(runID: a.id))
        let runB = ComparedRun(record: b, results: try await store.results(runID: b.id))
        // Every item of both runs' suite versions, for tags and clusters (as `assay compare` reads them).
        var items: [String: Item] = [:]
        for version in Set([a.suiteVersion, b.suiteVersion]).sorted() {
            for item in try await suite(version: version)?.items ?? [] where items[item.id] == nil { items[item.id] = item }
        }
        let kinds = Set([try await suite(version: a.suiteVersion)?.config.kind, try await suite(version: b.suiteVersion)?.config.kind])
        let comparison = RunComparison.compare(runA, runB, items: items, alpha: alpha, kind: kinds.count == 1 ? kinds.first! : nil)
        if finished {
            if comparisons.count >= Self.comparisonCacheSize { comparisons.removeAll() }
            comparisons[key] = comparison
        }
        return comparison
    }

    /// The dimension report of a run of a dimension suite (nil for a plain suite), recomputed only when the run's
    /// sample count or status changes.
    func dimension(for run: RunRecord) async throws -> DimensionReport? {
        guard let suite = try await suite(version: run.suiteVersion), let kind = suite.config.kind else { return nil }
        let samples = try await store.progress(runID: run.id).samples
        if let cached = dimensions[run.id], cached.samples == samples, cached.status == run.status { return cached.report }
        var items: [String: Item] = [:]
        for item in suite.items { items[item.id] = item }
        let report = DimensionReport.analyze(ComparedRun(record: run, results: try await store.results(runID: run.id)), kind: kind, items: items)
        if dimensions.count >= Self.comparisonCacheSize { dimensions.removeAll() }
        dimensions[run.id] = (samples, run.status, report)
        return report
    }

    /// An evolution with its settings, state and figures decoded; decoded again only when the record changes.
    func evolution(_ record: EvolutionRecord) async -> EvolutionView {
        if let cached = evolutionViews[record.id], cached.record == record { return cached }
        let view = await EvolutionView.load(record, from: store)
        evolutionViews[record.id] = view
        return view
    }

    /// The evolution with this id (or unique prefix), decoded.
    func evolution(id: String) async throws -> EvolutionView? {
        guard let record = try await store.evolution(id: id) else { return nil }
        return await evolution(record)
    }

    /// A page of a run's samples with the number matching `filter`; the count is cached once the run has finished.
    public func samplePage(of run: RunRecord, filter: SampleFilter, offset: Int, limit: Int) async throws -> SamplePage {
        try await samplePage(of: run, filter: filter, from: .offset(offset), limit: limit)
    }

    /// A page of a run's samples from `start` (an offset, or after a unit for keyset paging), with the number matching
    /// `filter`.
    public func samplePage(of run: RunRecord, filter: SampleFilter, from start: PageStart, limit: Int) async throws -> SamplePage {
        let key = "\(run.id)|\(run.status.rawValue)|\(filter.verdict ?? "")|\(filter.scorer ?? "")|\(filter.tag ?? "")"
        let total: Int
        if run.status != .running, let cached = finishedCounts[key] {
            total = cached
        } else {
            total = try await store.sampleCount(runID: run.id, filter: filter)
            if run.status != .running { finishedCounts[key] = total }
        }
        var from = start
        if run.status != .running, case .offset(let offset) = start, offset >= Self.markSpacing {
            let marks: [UnitKey]
            if let cached = finishedMarks[key] {
                marks = cached
            } else {
                marks = try await store.unitMarks(runID: run.id, filter: filter, every: Self.markSpacing)
                finishedMarks[key] = marks
            }
            let mark = min(offset / Self.markSpacing, marks.count)
            if mark > 0 { from = .afterSkipping(marks[mark - 1], offset - mark * Self.markSpacing) }
        }
        return SamplePage(total: total, rows: try await store.samples(runID: run.id, filter: filter, from: from, limit: limit))
    }

    /// Live figures of a run, the same the terminal progress bar shows (cached once the run has finished).
    public func progress(of run: RunRecord) async throws -> ProgressFigures {
        if run.status != .running, let cached = finishedProgress[run.id], cached.status == run.status.rawValue { return cached }
        let figures = try await computeProgress(of: run)
        if run.status != .running { finishedProgress[run.id] = figures }
        return figures
    }

    private func computeProgress(of run: RunRecord) async throws -> ProgressFigures {
        let stored = try await store.progress(runID: run.id)
        let itemCount = try await store.suiteVersions(name: run.suiteName).first { $0.version == run.suiteVersion }?.itemCount ?? 0
        let total = min(run.config.limit ?? itemCount, itemCount) * run.config.epochs
        var rate = 0.0
        if let first = stored.firstWrite, let last = stored.lastWrite, last > first {
            rate = Double(max(0, stored.samples - 1)) / last.timeIntervalSince(first)
        }
        let eta = rate > 0 && run.status == .running ? Double(max(0, total - stored.samples)) / rate : nil
        return ProgressFigures(run: run.id, status: run.status.rawValue, done: stored.samples, total: total, errors: stored.errors,
                               cached: stored.cached, rate: rate, eta: eta)
    }
}

/// Done/total, rate, ETA and errors of a run.
public struct ProgressFigures: Codable, Sendable, Hashable {
    public var run: String
    public var status: String
    public var done: Int
    public var total: Int
    public var errors: Int
    public var cached: Int
    /// Samples per second between the first and the last stored sample.
    public var rate: Double
    /// Seconds left at that rate, while running.
    public var eta: Double?
}
