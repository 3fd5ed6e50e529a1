public import AssayCore
public import AssayStore
public import Foundation

/// Everything a search needs to continue where it stopped: stored after every step.
///
/// Its JSON leaves out ``evaluated`` (it records only how many there are): the evaluated items grow with the budget,
/// so they are stored as an append-only log beside the state (``newEntries(after:)``, ``load(_:from:)``), and a
/// checkpoint writes only what the last step added.
public struct EvolutionState: Codable, Sendable {
    public var archive: Archive
    public var random: SeededGenerator
    /// The seeds, with their cells, in the order they are evaluated.
    public var seeds: [Candidate]
    public var nextSeed: Int
    /// Every item sent to the target by the search, in order, with its cell and verdict.
    public var evaluated: [Evaluated]
    /// Requests made: to the target (retries and re-runs included), the attacker, the judge, the contrast model.
    public var targetQueries: Int
    public var attackerQueries: Int
    public var judgeQueries: Int
    public var contrastQueries: Int
    /// Failures found, with their validation.
    public var findings: [Finding]
    public var steps: Int
    /// Why the search stopped before spending its budget, if it did.
    public var stopReason: String?

    private enum CodingKeys: String, CodingKey {
        case archive, random, seeds, nextSeed, evaluatedCount, targetQueries, attackerQueries, judgeQueries, contrastQueries
        case findings, steps, stopReason
    }

    /// How many evaluated items the stored log holds for this state (set when decoding; the log may hold more, written
    /// by a step whose state was never stored).
    public private(set) var storedEvaluatedCount = 0

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        archive = try c.decode(Archive.self, forKey: .archive)
        random = try c.decode(SeededGenerator.self, forKey: .random)
        seeds = try c.decode([Candidate].self, forKey: .seeds)
        nextSeed = try c.decode(Int.self, forKey: .nextSeed)
        evaluated = []
        storedEvaluatedCount = try c.decode(Int.self, forKey: .evaluatedCount)
        targetQueries = try c.decode(Int.self, forKey: .targetQueries)
        attackerQueries = try c.decode(Int.self, forKey: .attackerQueries)
        judgeQueries = try c.decode(Int.self, forKey: .judgeQueries)
        contrastQueries = try c.decode(Int.self, forKey: .contrastQueries)
        findings = try c.decode([Finding].self, forKey: .findings)
        steps = try c.decode(Int.self, forKey: .steps)
        stopReason = try c.decodeIfPresent(String.self, forKey: .stopReason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(archive, forKey: .archive)
        try c.encode(random, forKey: .random)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(nextSeed, forKey: .nextSeed)
        try c.encode(evaluated.count, forKey: .evaluatedCount)
        try c.encode(targetQueries, forKey: .targetQueries)
        try c.encode(attackerQueries, forKey: .attackerQueries)
        try c.encode(judgeQueries, forKey: .judgeQueries)
        try c.encode(contrastQueries, forKey: .contrastQueries)
        try c.encode(findings, forKey: .findings)
        try c.encode(steps, forKey: .steps)
        try c.encodeIfPresent(stopReason, forKey: .stopReason)
    }

    /// The state's JSON (without the evaluated items).
    public func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    /// Log entries for the evaluated items from position `start` on.
    public func newEntries(after start: Int) throws -> [EvolutionEntry] {
        let encoder = JSONEncoder()
        return try evaluated.indices.dropFirst(max(0, start)).map { index in
            EvolutionEntry(seq: index, json: String(decoding: try encoder.encode(evaluated[index]), as: UTF8.self))
        }
    }

    /// The state of a stored evolution: its JSON and the log entries it counts.
    public static func load(_ record: EvolutionRecord, from store: any Store) async throws -> EvolutionState {
        var state = try JSONDecoder().decode(EvolutionState.self, from: Data(record.state.utf8))
        let decoder = JSONDecoder()
        let entries = try await store.evolutionEntries(id: record.id, count: state.storedEvaluatedCount)
        guard entries.count == state.storedEvaluatedCount else {
            throw AssayError(.runtime, "evolution \(record.id): its log has \(entries.count) of \(state.storedEvaluatedCount) evaluated items")
        }
        state.evaluated = try entries.map { try decoder.decode(Evaluated.self, from: Data($0.json.utf8)) }
        return state
    }

    public init(archive: Archive, random: SeededGenerator, seeds: [Candidate]) {
        self.archive = archive
        self.random = random
        self.seeds = seeds
        self.nextSeed = 0
        self.evaluated = []
        self.targetQueries = 0
        self.attackerQueries = 0
        self.judgeQueries = 0
        self.contrastQueries = 0
        self.findings = []
        self.steps = 0
    }

    /// One evaluated item.
    public struct Evaluated: Codable, Hashable, Sendable {
        public var item: Item
        public var descriptor: Descriptor
        /// The primary judge's fitness; nil when it abstained or the request failed.
        public var fitness: Double?
        /// The target's response, shortened; what PAIR refinement shows the attacker.
        public var response: String
        public var explanation: String
        public var error: String?
        /// Target queries made when it was evaluated.
        public var atQuery: Int

        public init(item: Item, descriptor: Descriptor, fitness: Double?, response: String, explanation: String, error: String?, atQuery: Int) {
            self.item = item
            self.descriptor = descriptor
            self.fitness = fitness
            self.response = response
            self.explanation = explanation
            self.error = error
            self.atQuery = atQuery
        }
    }

    /// A candidate failure and what validation made of it.
    public struct Finding: Codable, Hashable, Sendable {
        public enum Status: String, Codable, Hashable, Sendable {
            /// Not validated yet (the budget ran out first).
            case candidate
            /// Failed every re-run and the second judge agreed.
            case validated
            /// Passed at least one re-run.
            case flaky
            /// The second judge did not call it a failure.
            case unconfirmed
        }

        public var item: Item
        public var descriptor: Descriptor
        public var fitness: Double
        public var response: String
        public var verdicts: [JudgeVerdict]
        public var status: Status
        public var reruns: Int
        public var rerunFailures: Int
        public var foundAtQuery: Int
        public var foundAt: Date
        public var validatedAt: Date?

        public init(item: Item, descriptor: Descriptor, fitness: Double, response: String, verdicts: [JudgeVerdict], status: Status,
                    reruns: Int, rerunFailures: Int, foundAtQuery: Int, foundAt: Date, validatedAt: Date?) {
            self.item = item
            self.descriptor = descriptor
            self.fitness = fitness
            self.response = response
            self.verdicts = verdicts
            self.status = status
            self.reruns = reruns
            self.rerunFailures = rerunFailures
            self.foundAtQuery = foundAtQuery
            self.foundAt = foundAt
            self.validatedAt = validatedAt
        }
    }

    /// The validated findings, in the order found.
    public var validated: [Finding] { findings.filter { $0.status == .validated } }

    /// The evaluated entry of an item id.
    public func evaluatedEntry(_ id: String) -> Evaluated? { evaluated.last { $0.item.id == id } }

    /// The transformation that made the target fail: see ``Lineage/weaknessFamily(of:threshold:)``. Builds an index;
    /// for many items, build one ``Lineage`` and ask it.
    public func weaknessFamily(of item: Item, threshold: Double) -> String {
        Lineage(self).weaknessFamily(of: item, threshold: threshold)
    }

    /// The chain of ancestors of `item`, seed first: see ``Lineage/ancestors(of:)``.
    public func ancestors(of item: Item) -> [Item] {
        Lineage(self).ancestors(of: item)
    }

    /// The seeds and evaluated items of a state indexed by id, for lineage questions about many items at once.
    public struct Lineage: Sendable {
        let items: [String: Item]
        let fitness: [String: Double]

        public init(_ state: EvolutionState) {
            var items: [String: Item] = [:]
            var fitness: [String: Double] = [:]
            for seed in state.seeds { items[seed.item.id] = seed.item }
            for entry in state.evaluated {
                items[entry.item.id] = entry.item
                fitness[entry.item.id] = entry.fitness
            }
            self.items = items
            self.fitness = fitness
        }

        /// The chain of ancestors of `item` among the seeds and evaluated items, seed first (the item itself excluded).
        public func ancestors(of item: Item) -> [Item] {
            var chain: [Item] = []
            var next = item.provenance.parent
            var seen: Set<String> = [item.id]
            while let id = next, let parent = items[id], seen.insert(id).inserted {
                chain.append(parent)
                next = parent.provenance.parent
            }
            return chain.reversed()
        }

        /// The transformation that made the target fail: the operator of the first item on the way from the seed to
        /// `item` that was judged a failure (its ancestors before it were not). `direct` when the seed itself failed.
        public func weaknessFamily(of item: Item, threshold: Double) -> String {
            for step in ancestors(of: item) + [item] {
                let failed = (fitness[step.id] ?? (step.id == item.id ? 1 : 0)) >= threshold
                if failed { return step.provenance.operator ?? DescriptorMapper.direct }
            }
            return item.provenance.operator ?? DescriptorMapper.direct
        }
    }
}
