public import AssayCore
public import AssayStore
import Foundation

/// Reads failures out of runs and evolutions (for failure mining), reads a finding's examples back, and writes promoted
/// examples into regression suites.
public enum FailureSources {
    /// A failing sample shown as an example.
    public struct Example: Sendable {
        /// `representative` or `minimal`.
        public var kind: String
        public var key: FindingLink.Key
        public var prompt: String
        public var response: String
        /// Whether the key names a stored run sample (rather than an evolution's failure).
        public var isRunSample: Bool
    }

    /// The failures of each run (samples with a failing score) or evolution (validated failures), and the sources read.
    public static func gather(_ ids: [String], store: any Store) async throws -> ([FailureSample], [MinedSource]) {
        var failures: [FailureSample] = []
        var sources: [MinedSource] = []
        for id in ids {
            if let run = try await store.run(id: id) {
                let before = failures.count
                let tags = Dictionary((try await store.suite(version: run.suiteVersion))?.items.map { ($0.id, $0.tags) } ?? [],
                                      uniquingKeysWith: { a, _ in a })
                var offset = 0
                while true {
                    let page = try await store.samples(runID: run.id, filter: SampleFilter(verdict: "fail"), offset: offset, limit: 500)
                    failures += page.map { result in
                        FailureSample(key: FindingLink.Key(source: run.id, itemID: result.sample.itemID, epoch: result.sample.epoch), model: run.model,
                                      prompt: prompt(of: result.sample.messages), response: result.sample.text,
                                      labels: result.scores.filter { $0.verdict == .fail }.map(\.scorer) + (tags[result.sample.itemID] ?? []))
                    }
                    offset += page.count
                    if page.count < 500 { break }
                }
                let total = try await store.counts(runID: run.id).samples
                sources.append(MinedSource(source: run.id, kind: "run", suite: run.suiteName, model: run.model, samples: total,
                                           failures: failures.count - before, startedAt: run.createdAt))
            } else if let record = try await store.evolution(id: id) {
                let state = try await EvolutionState.load(record, from: store)
                let validated = state.validated
                failures += validated.map { finding in
                    FailureSample(key: FindingLink.Key(source: record.id, itemID: finding.item.id, epoch: 0), model: record.target,
                                  prompt: prompt(of: finding.item.input), response: finding.response,
                                  labels: finding.item.tags + [finding.item.provenance.operator].compactMap { $0 })
                }
                sources.append(MinedSource(source: record.id, kind: "evolution", suite: record.suiteName, model: record.target,
                                           samples: state.evaluated.count, failures: validated.count, startedAt: record.createdAt))
            } else {
                throw AssayError(.notFound, "--runs: no run or evolution '\(id)' in \(store.location) (see `assay runs` and `assay evolutions`)")
            }
        }
        return (failures, sources)
    }

    public static func prompt(of messages: [Message]) -> String {
        messages.last { $0.role == .user }?.content ?? messages.last?.content ?? ""
    }

    /// A finding's representative and minimal examples, read back from their runs and evolutions.
    public static func examples(_ finding: Finding, store: any Store) async throws -> [Example] {
        var out: [Example] = []
        var states: [String: EvolutionState] = [:]
        for (kind, keys) in [("representative", finding.representatives), ("minimal", finding.minimal)] {
            for key in keys {
                if let result = try await store.sample(runID: key.source, itemID: key.itemID, epoch: key.epoch) {
                    out.append(Example(kind: kind, key: key, prompt: prompt(of: result.sample.messages), response: result.sample.text, isRunSample: true))
                } else if let state = try await evolutionState(key.source, cache: &states, store: store),
                          let failure = state.findings.last(where: { $0.item.id == key.itemID }) {
                    out.append(Example(kind: kind, key: key, prompt: prompt(of: failure.item.input), response: failure.response, isRunSample: false))
                }
            }
        }
        return out
    }

    private static func evolutionState(_ id: String, cache: inout [String: EvolutionState], store: any Store) async throws -> EvolutionState? {
        if let state = cache[id] { return state }
        guard let record = try await store.evolution(id: id) else { return nil }
        let state = try await EvolutionState.load(record, from: store)
        cache[id] = state
        return state
    }

    /// Adds the items behind `keys` to the newest version of each regression suite (one per suite they failed in, or
    /// `name` for all), stores the new versions, and returns each with how many items it gained.
    public static func promote(_ finding: Finding, keys: [FindingLink.Key], into name: String?, store: any Store) async throws -> [(Suite, Int)] {
        var groups: [String: (config: SuiteConfig, items: [Item])] = [:]
        var order: [String] = []
        var states: [String: EvolutionState] = [:]
        var seen: Set<String> = []
        for key in keys where seen.insert(key.itemID).inserted {
            let found: (SuiteConfig, Item)?
            if let run = try await store.run(id: key.source), let suite = try await store.suite(version: run.suiteVersion) {
                if let item = suite.items.first(where: { $0.id == key.itemID }) {
                    found = (suite.config, item)
                } else {
                    found = try await store.item(id: key.itemID).map { (suite.config, $0) }
                }
            } else if let record = try await store.evolution(id: key.source), let suite = try await store.suite(version: record.suiteVersion),
                      let state = try await evolutionState(key.source, cache: &states, store: store) {
                found = state.findings.last { $0.item.id == key.itemID }.map { (suite.config, $0.item) }
            } else {
                found = nil
            }
            guard let (config, item) = found else {
                throw AssayError(.notFound, "\(finding.id): the item \(key.itemID.prefix(12)) of \(key.source) is no longer in \(store.location)")
            }
            let target = name ?? "\(config.name)-regressions"
            if groups[target] == nil {
                var renamed = config
                renamed.name = target
                groups[target] = (renamed, [])
                order.append(target)
            }
            // The item keeps its id and stored provenance (its content is unchanged); the finding records the versions
            // it was promoted into.
            groups[target]?.items.append(item)
        }
        var out: [(Suite, Int)] = []
        for target in order {
            guard let (config, items) = groups[target] else { continue }
            let parent = try await store.suiteVersions(name: target).first
            var base: Suite?
            if let parent { base = try await store.suite(version: parent.version) }
            let known = Set((base?.items ?? []).map(\.id))
            let added = items.filter { !known.contains($0.id) }
            guard !added.isEmpty || base == nil else {
                out.append((base!, 0))
                continue
            }
            let suite = Suite(config: base?.config ?? config, items: (base?.items ?? []) + added, retired: base?.retired ?? [],
                              parent: base?.version, origin: "finding:\(finding.id)")
            try await store.saveSuite(suite)
            out.append((suite, added.count))
        }
        return out
    }
}

