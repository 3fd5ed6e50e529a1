public import AssayCore
public import AssayStore
public import Foundation

/// A finding with what its links say: how many samples, in which runs and models, when first and last seen, and its
/// trend over every mined run (zeros included).
public struct FindingSummary: Sendable {
    /// One mined run or evolution and how many of its samples this finding holds.
    public struct Point: Sendable, Hashable {
        public var source: MinedSource
        public var count: Int
        /// count / source.samples with its 95% Wilson interval.
        public var rate: Double
        public var low: Double
        public var high: Double
    }

    public var finding: Finding
    public var samples: Int
    /// Distinct items among its samples.
    public var items: Int
    public var trend: [Point]
    /// Samples per model, most first.
    public var models: [(model: String, count: Int)]
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// The sources holding its samples.
    public var sources: Int { trend.filter { $0.count > 0 }.count }

    public init(finding: Finding, links: [FindingLink], sources: [MinedSource]) {
        self.finding = finding
        samples = links.count
        items = Set(links.map(\.key.itemID)).count
        let perSource = Dictionary(grouping: links, by: \.key.source).mapValues(\.count)
        trend = sources.map { source in
            let count = perSource[source.source] ?? 0
            let n = max(source.samples, count)
            let (low, high) = n > 0 ? Statistics.wilsonInterval(successes: Double(count), n: n, z: Statistics.z95) : (0, 0)
            return Point(source: source, count: count, rate: n > 0 ? Double(count) / Double(n) : 0, low: low, high: high)
        }
        var byModel: [String: Int] = [:]
        for point in trend where point.count > 0 { byModel[point.source.model, default: 0] += point.count }
        models = byModel.map { (model: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.model < $1.model }
        let seen = trend.filter { $0.count > 0 }.map(\.source.startedAt)
        firstSeen = seen.min()
        lastSeen = seen.max()
    }

    /// A date as its UTC day (`2026-11-28`), or `-` when there is none: how findings show first and last seen.
    public static func day(_ date: Date?) -> String {
        date.map { ISO8601DateFormatter.string(from: $0, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate]) } ?? "-"
    }

    /// Every stored finding with its summary, in the order created.
    public static func all(store: any Store) async throws -> [FindingSummary] {
        let (findings, links, sources) = (try await store.findings(), try await store.findingLinks(finding: nil), try await store.minedSources())
        let byFinding = Dictionary(grouping: links, by: \.finding)
        return findings.map { FindingSummary(finding: $0, links: byFinding[$0.id] ?? [], sources: sources) }
    }

    /// One finding's summary, or nil when there is no such finding.
    public static func load(id: String, store: any Store) async throws -> FindingSummary? {
        guard let finding = try await store.finding(id: id) else { return nil }
        return FindingSummary(finding: finding, links: try await store.findingLinks(finding: finding.id), sources: try await store.minedSources())
    }
}
