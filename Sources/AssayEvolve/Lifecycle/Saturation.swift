public import AssayCore
public import AssayStore

/// Finds the items of a suite that no longer tell models apart: passed by every tracked model in each of the last
/// few versions of the suite's lineage.
///
/// The lineage is the version and its parents, newest first. A model is tracked when it has a completed run on each
/// of those versions (its newest one counts). Only items active in every one of those versions qualify. An item passes a run when every discrete scorer that applied to it
/// passed in every epoch (no failure, abstention or error). Continuous companions are not verdicts and are ignored.
public enum Saturation {
    /// One saturated item and why.
    public struct Finding: Sendable, Hashable {
        public var item: Item
        public var reason: String

        public init(item: Item, reason: String) {
            self.item = item
            self.reason = reason
        }
    }

    /// The saturated items of `head`; none when the lineage is shorter than `versions` or no model ran on all of them.
    public static func saturated(in head: Suite, versions: Int, store: any Store) async throws -> [Finding] {
        guard versions >= 1 else { return [] }
        let infos = try await store.suiteVersions(name: head.name)
        let parents = Dictionary(infos.map { ($0.version, $0.parent) }, uniquingKeysWith: { first, _ in first })
        var lineage: [String] = [head.version]
        while lineage.count < versions, let parent = parents[lineage[lineage.count - 1]] ?? nil {
            lineage.append(parent)
        }
        guard lineage.count == versions else { return [] }

        // The newest completed run of each model on each version.
        var newest: [String: [String: RunRecord]] = [:]
        for run in try await store.runs(limit: 100_000) where run.status == .completed && lineage.contains(run.suiteVersion) {
            if newest[run.model]?[run.suiteVersion] == nil { newest[run.model, default: [:]][run.suiteVersion] = run }
        }
        let tracked = newest.filter { $0.value.count == lineage.count }
        guard !tracked.isEmpty else { return [] }

        // Only items active in every version of the lineage can have been passed "for N versions".
        var passedEverywhere = Set(head.items.map(\.id))
        for version in lineage.dropFirst() {
            guard let suite = try await store.suite(version: version) else { return [] }
            passedEverywhere.formIntersection(suite.items.map(\.id))
        }
        for (_, runs) in tracked {
            for run in runs.values {
                passedEverywhere.formIntersection(try await passedItems(of: run, store: store))
                if passedEverywhere.isEmpty { return [] }
            }
        }
        let reason = "passed by \(tracked.count) model\(tracked.count == 1 ? "" : "s") (\(tracked.keys.sorted().joined(separator: ", "))) " +
            "in the last \(versions) version\(versions == 1 ? "" : "s")"
        return head.items.filter { passedEverywhere.contains($0.id) }.map { Finding(item: $0, reason: reason) }
    }

    /// Items every discrete scorer passed in every epoch of `run`.
    static func passedItems(of run: RunRecord, store: any Store) async throws -> Set<String> {
        let aggregates = try await store.itemAggregates(runID: run.id)
        let discrete = Set(run.config.scorers).subtracting(run.config.continuousScorers)
        var passing: Set<String>?
        var failing: Set<String> = []
        for (scorer, items) in aggregates where discrete.contains(scorer) {
            var passed: Set<String> = []
            for aggregate in items {
                if aggregate.count == run.config.epochs && aggregate.sum == Double(aggregate.count) {
                    passed.insert(aggregate.itemID)
                } else {
                    failing.insert(aggregate.itemID)
                }
            }
            passing = (passing ?? []).union(passed)
        }
        return (passing ?? []).subtracting(failing)
    }

    /// `head` with `items` moved to its retired list in state `state`, as a new version whose parent is `head`.
    public static func retiring(_ findings: [Finding], from head: Suite, state: ItemState) -> Suite {
        let ids = Set(findings.map(\.item.id))
        guard !ids.isEmpty else { return head }
        return Suite(config: head.config, items: head.items.filter { !ids.contains($0.id) },
                     retired: head.retired + findings.map { RetiredItem(item: $0.item, state: state, reason: $0.reason) },
                     parent: head.version, origin: head.origin)
    }
}
