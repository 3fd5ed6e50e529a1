import AssayCore

/// What an `assay evolve` search does. Everything here that changes results is in ``configHash``, so a rerun with the
/// same settings resumes the same search.
public struct EvolutionSettings: Codable, Hashable, Sendable {
    /// How parents are chosen and what is kept.
    public enum Strategy: String, Codable, Hashable, Sendable, CaseIterable {
        /// MAP-Elites: parents from the archive, biased toward weak and frontier cells; one elite per cell.
        case archive
        /// The baseline: parents drawn uniformly from everything evaluated, no archive, every failure kept.
        case random
    }

    /// Requests to the target model, retries and validation re-runs included.
    public var budget: Int
    public var seed: UInt64
    /// Target requests in flight at once: a step proposes this many items before the archive sees their verdicts, so
    /// it is part of the search's definition (and of ``configHash``).
    public var batchSize: Int
    /// Validation re-runs of each candidate failure; it must fail every one of them.
    public var reruns: Int
    /// Fitness at or above which a response is a failure.
    public var threshold: Double
    public var strategy: Strategy
    /// Mutation operators by name.
    public var operators: [String]
    /// Attacker and judge model specs, when configured.
    public var attacker: String?
    public var judge: String?
    /// Seeds: only items with one of these tags (all items when empty), at most ``maxSeeds`` of them.
    public var seedTags: [String]
    public var maxSeeds: Int
    /// Runs whose failing items join the seeds.
    public var seedRuns: [String]
    /// A second model: with it, a failure counts only when this model does not fail the same item (a behaviour shift
    /// between model versions).
    public var contrast: String?

    public init(budget: Int = 200, seed: UInt64 = 0, batchSize: Int = 4, reruns: Int = 3, threshold: Double = 0.5,
                strategy: Strategy = .archive, operators: [String], attacker: String? = nil, judge: String? = nil,
                seedTags: [String] = [], maxSeeds: Int = 32, seedRuns: [String] = [], contrast: String? = nil) {
        self.budget = budget
        self.seed = seed
        self.batchSize = max(1, batchSize)
        self.reruns = max(0, reruns)
        self.threshold = threshold
        self.strategy = strategy
        self.operators = operators
        self.attacker = attacker
        self.judge = judge
        self.seedTags = seedTags
        self.maxSeeds = max(1, maxSeeds)
        self.seedRuns = seedRuns
        self.contrast = contrast
    }

    /// Hash of the settings, all of which change results.
    public var configHash: String { SHA256.hex(CanonicalJSON.encode(self)) }
}
