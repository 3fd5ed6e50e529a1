public import Foundation

/// A stored `assay evolve` search: what it searches, and its state as an opaque JSON document the evolve module owns
/// (archive, generator, counters, findings), rewritten after every step so an interrupted search resumes.
public struct EvolutionRecord: Codable, Hashable, Sendable, Identifiable {
    /// `running` while searching (or after its process died), `completed` when the budget is spent, `interrupted`
    /// when the user stopped it, `failed` on an error.
    public enum Status: String, Codable, Hashable, Sendable {
        case running, completed, failed, interrupted
    }

    public var id: String
    public var suiteName: String
    public var suiteVersion: String
    /// The target model's identity.
    public var target: String
    /// Hash of the settings that change results (budget, seed, operators, judges, strategy).
    public var configHash: String
    /// The settings, as JSON.
    public var config: String
    /// The search state, as JSON.
    public var state: String
    public var status: Status
    /// The suite version promotion wrote, once promoted.
    public var promotedVersion: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, suiteName: String, suiteVersion: String, target: String, configHash: String, config: String,
                state: String, status: Status = .running, promotedVersion: String? = nil, createdAt: Date = Date(),
                updatedAt: Date = Date()) {
        self.id = id
        self.suiteName = suiteName
        self.suiteVersion = suiteVersion
        self.target = target
        self.configHash = configHash
        self.config = config
        self.state = state
        self.status = status
        self.promotedVersion = promotedVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One append-only row of an evolution's log (an evaluated item, as JSON the evolve module owns), stored apart from
/// the state so a checkpoint writes only what the last step added.
public struct EvolutionEntry: Hashable, Sendable {
    /// Position in the log, from 0.
    public var seq: Int
    public var json: String

    public init(seq: Int, json: String) {
        self.seq = seq
        self.json = json
    }
}
