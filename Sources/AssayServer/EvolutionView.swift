import AssayCore
import AssayEvolve
import AssayStore
import Foundation

/// A stored evolution as the pages and the API read it: the record with its settings, state and summary decoded.
/// The record stores settings and state as JSON owned by the evolve module; when they do not decode (a record written
/// by another version), the view keeps the record and says why in ``problem``.
struct EvolutionView: Sendable {
    let record: EvolutionRecord
    let settings: EvolutionSettings?
    let state: EvolutionState?
    let summary: EvolutionSummary?
    let problem: String?
    /// The state's items indexed once, for the family column of every finding.
    let lineage: EvolutionState.Lineage?

    /// Decodes the record's settings and loads its state (the JSON and the log of evaluated items) from `store`.
    static func load(_ record: EvolutionRecord, from store: any Store) async -> EvolutionView {
        do {
            return EvolutionView(record: record, state: try await EvolutionState.load(record, from: store), problem: nil)
        } catch {
            return EvolutionView(record: record, state: nil, problem: "the stored search state could not be read: \(error)")
        }
    }

    init(record: EvolutionRecord, state: EvolutionState?, problem: String?) {
        self.record = record
        let settings = try? JSONDecoder().decode(EvolutionSettings.self, from: Data(record.config.utf8))
        self.settings = settings
        self.state = state
        summary = state.map { EvolutionSummary(state: $0, threshold: settings?.threshold ?? 0.5) }
        lineage = state.map(EvolutionState.Lineage.init)
        self.problem = problem
    }

    /// Fitness at or above which a response is a failure.
    var threshold: Double { settings?.threshold ?? 0.5 }

    /// The weakness family of a finding (the operator that first made the target fail).
    func family(of item: Item) -> String {
        lineage?.weaknessFamily(of: item, threshold: threshold) ?? (item.provenance.operator ?? DescriptorMapper.direct)
    }

    /// Every item the search knows, by id: seeds, evaluated items and findings.
    var itemsByID: [String: Item] {
        guard let state else { return [:] }
        var byID: [String: Item] = [:]
        for seed in state.seeds { byID[seed.item.id] = seed.item }
        for entry in state.evaluated { byID[entry.item.id] = entry.item }
        for finding in state.findings { byID[finding.item.id] = finding.item }
        return byID
    }
}

/// The archive laid out as a grid: rows are the first axis's values and columns the combinations of the remaining
/// axes' values, in the space's order. An archive with a single axis is one row.
struct ArchiveGrid: Sendable {
    /// One cell: where it is and its elite, if filled.
    struct Cell: Sendable {
        var descriptor: Descriptor
        var elite: Candidate?
    }

    /// The axis along the rows (nil for a single-axis archive) and those flattened into the columns.
    let rowAxis: DescriptorSpace.Axis?
    let columnAxes: [DescriptorSpace.Axis]
    /// Row and column labels: the values each contributes to a cell's descriptor.
    let rows: [[String]]
    let columns: [[String]]
    /// `cells[row][column]`.
    let cells: [[Cell]]

    init(archive: Archive) {
        let axes = archive.space.axes
        rowAxis = axes.count >= 2 ? axes[0] : nil
        columnAxes = axes.count >= 2 ? Array(axes.dropFirst()) : axes
        let rows = rowAxis.map { axis in axis.values.map { [$0] } } ?? [[]]
        let columns = columnAxes.reduce([[]] as [[String]]) { partial, axis in
            partial.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        self.rows = rows
        self.columns = columns
        cells = rows.map { row in
            columns.map { column in
                let descriptor = Descriptor(values: row + column)
                return Cell(descriptor: descriptor, elite: archive.elite(at: descriptor))
            }
        }
    }
}

/// An item and the chain of items it was mutated from.
struct Lineage: Sendable {
    var item: Item
    /// Ancestors, seed first (the item excluded).
    var ancestors: [Item]
    /// The parent id where the walk stopped because neither the store nor the search holds that item.
    var missing: String?

    /// Longest chain walked; a guard against a corrupt parent cycle the seen-set would not catch.
    static let maxDepth = 200

    /// The item with `id` from the store or, failing that, from the search, and its ancestors found by walking
    /// `provenance.parent` through the same two places. Nil when neither holds the item.
    static func resolve(id: String, store: any Store, search: EvolutionView?) async throws -> Lineage? {
        let known = search?.itemsByID ?? [:]
        func lookup(_ id: String) async throws -> Item? {
            if let item = try await store.item(id: id) { return item }
            return known[id]
        }
        guard let item = try await lookup(id) else { return nil }
        var chain: [Item] = []
        var seen: Set<String> = [item.id]
        var next = item.provenance.parent
        var missing: String?
        while let parentID = next, chain.count < maxDepth, seen.insert(parentID).inserted {
            guard let parent = try await lookup(parentID) else {
                missing = parentID
                break
            }
            chain.append(parent)
            next = parent.provenance.parent
        }
        return Lineage(item: item, ancestors: chain.reversed(), missing: missing)
    }
}

/// Two versions of a suite to compare, resolved from a request.
enum SuiteDiffRequest {
    enum Outcome: Sendable {
        case diff(old: Suite, new: Suite)
        case notFound(String)
        case badRequest(String)
    }

    /// `to` defaults to the newest version of `name` and `from` to the parent of `to`; both must be versions of `name`
    /// (full hashes or unique prefixes).
    static func resolve(name: String, from: String?, to: String?, data: DashboardData) async throws -> Outcome {
        let versions = try await data.store.suiteVersions(name: name)
        guard let newest = versions.first else { return .notFound("suite") }
        guard let new = try await data.suite(version: to ?? newest.version), new.name == name else { return .notFound("suite version") }
        guard let fromVersion = from ?? new.parent else {
            return .badRequest("version \(new.version.prefix(12)) has no parent: name the other version with ?from=")
        }
        guard let old = try await data.suite(version: fromVersion), old.name == name else { return .notFound("suite version") }
        return .diff(old: old, new: new)
    }
}
