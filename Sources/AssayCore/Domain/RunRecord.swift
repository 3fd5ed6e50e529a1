public import Foundation

/// One evaluation of one suite version on one model with one configuration.
public struct RunRecord: Codable, Hashable, Sendable, Identifiable {
    /// Lifecycle of a run: `running` until every unit has a sample, then `completed`;
    /// `failed` when the engine stopped on an error it could not store as a sample;
    /// `interrupted` when the user stopped it. A `running` run whose process died is resumable.
    public enum Status: String, Codable, Hashable, Sendable {
        case running, completed, failed, interrupted
    }

    public var id: String
    public var suiteName: String
    public var suiteVersion: String
    public var model: String
    /// Hash of everything that changes results: generation parameters, epochs, limit, seed, scorers.
    public var configHash: String
    public var config: RunConfig
    public var status: Status
    public var createdAt: Date
    public var finishedAt: Date?
    /// Free-form labels (`axis=1e8`, `checkpoint=1200`) for later ladders and comparisons.
    public var labels: [String: String]

    public init(id: String, suiteName: String, suiteVersion: String, model: String, configHash: String, config: RunConfig,
                status: Status = .running, createdAt: Date = Date(), finishedAt: Date? = nil, labels: [String: String] = [:]) {
        self.id = id
        self.suiteName = suiteName
        self.suiteVersion = suiteVersion
        self.model = model
        self.configHash = configHash
        self.config = config
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.labels = labels
    }
}

/// The parameters of a run that change its results (and so enter ``RunRecord/configHash``).
public struct RunConfig: Codable, Hashable, Sendable {
    public var epochs: Int
    public var limit: Int?
    public var seed: Int
    public var generation: GenerationParameters
    /// Scorer names in report order.
    public var scorers: [String]
    /// The scorers among ``scorers`` that give values rather than verdicts.
    public var continuousScorers: [String]
    /// What exactly answered: the model spec with its resolved server, or a local model file's name, size and date.
    /// Part of the hash, so a run is never resumed (nor a cache entry reused) on a different model behind the same spec.
    public var modelIdentity: String

    public init(epochs: Int = 1, limit: Int? = nil, seed: Int = 0, generation: GenerationParameters, scorers: [String],
                continuousScorers: [String] = [], modelIdentity: String = "") {
        self.epochs = epochs
        self.limit = limit
        self.seed = seed
        self.generation = generation
        self.scorers = scorers
        self.continuousScorers = continuousScorers
        self.modelIdentity = modelIdentity
    }

    private enum CodingKeys: String, CodingKey {
        case epochs, limit, seed, generation, scorers, continuousScorers = "continuous_scorers", modelIdentity = "model_identity"
    }

    /// Content hash of the configuration.
    public var hash: String { SHA256.hex(CanonicalJSON.encode(self)) }
}
