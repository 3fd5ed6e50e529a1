public import AssayCore
import AssayEngine
public import AssayStore
import Foundation

/// What the pages and the API read: the store, with the expensive derived parts (suite items, run reports) cached.
/// A report is cached per run and sample count, so a finished run is computed once and a running one when it grows.
public actor DashboardData {
    public let store: any Store
    private var suites: [String: Suite] = [:]
    private var reports: [String: (samples: Int, status: RunRecord.Status, report: RunReport)] = [:]

    public init(store: any Store) {
        self.store = store
    }

    /// A run's report with metrics and CIs.
    public func report(for run: RunRecord) async throws -> RunReport {
        let progress = try await store.progress(runID: run.id)
        if let cached = reports[run.id], cached.samples == progress.samples, cached.status == run.status { return cached.report }
        let items = try await items(of: run)
        let report = try await Engine.report(for: run, store: store, items: items)
        reports[run.id] = (progress.samples, run.status, report)
        return report
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

    /// Live figures of a run, the same the terminal progress bar shows.
    public func progress(of run: RunRecord) async throws -> ProgressFigures {
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
