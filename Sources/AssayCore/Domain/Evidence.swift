public import Foundation

/// Why a promoted item is in its suite: the search that found it, the model it made fail, the judges' verdicts and
/// the validation re-runs. Part of ``Provenance``; like all provenance it does not enter the item's id.
public struct Evidence: Codable, Hashable, Sendable {
    /// The evolution (`assay evolve`) that found the item.
    public var evolution: String
    /// The target model, as its identity (`openai:m@http://host/v1`).
    public var targetModel: String
    /// The attacker model, when a model-driven operator made the item or one of its ancestors.
    public var attackerModel: String?
    /// The operators from the seed to this item, in order (`["roleplay_frame", "base64"]`).
    public var operatorChain: [String]
    /// The item ids from the seed to this item's parent, in order.
    public var ancestors: [String]
    /// Each judge's verdict, in words (`rule: complied (opens with "Sure")`, `model judge …: 9/10`).
    public var verdicts: [String]
    /// Validation re-runs made, and how many of them failed too.
    public var reruns: Int
    public var rerunFailures: Int
    /// Target queries the search had made when it found the item, and the fitness it was judged at.
    public var foundAtQuery: Int
    public var fitness: Double
    public var foundAt: Date
    public var validatedAt: Date?

    public init(
        evolution: String, targetModel: String, attackerModel: String? = nil, operatorChain: [String], ancestors: [String],
        verdicts: [String], reruns: Int, rerunFailures: Int, foundAtQuery: Int, fitness: Double, foundAt: Date,
        validatedAt: Date? = nil
    ) {
        self.evolution = evolution
        self.targetModel = targetModel
        self.attackerModel = attackerModel
        self.operatorChain = operatorChain
        self.ancestors = ancestors
        self.verdicts = verdicts
        self.reruns = reruns
        self.rerunFailures = rerunFailures
        self.foundAtQuery = foundAtQuery
        self.fitness = fitness
        self.foundAt = foundAt
        self.validatedAt = validatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case evolution, targetModel = "target_model", attackerModel = "attacker_model", operatorChain = "operator_chain"
        case ancestors, verdicts, reruns, rerunFailures = "rerun_failures", foundAtQuery = "found_at_query", fitness
        case foundAt = "found_at", validatedAt = "validated_at"
    }
}
