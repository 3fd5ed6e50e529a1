public import AssayCore
public import Foundation

/// What an operator may use while mutating: the seeded generator, the attacker model, the cell the search wants to
/// fill, judge feedback for refinement, and counters. Passed `inout` so operators advance the generator and counters.
public struct MutationContext: Sendable {
    /// The search's generator; operators draw every random choice from it.
    public var random: SeededGenerator
    /// The model that writes attacks for model-driven operators; nil when none is configured.
    public var attacker: (any ModelProvider)?
    /// Sampling parameters for attacker requests. The per-request `seed` is drawn from ``random``.
    public var attackerParameters: GenerationParameters
    /// The archive cell the search wants to fill (model-driven operators steer toward it).
    public var targetCell: Descriptor?
    /// The archive's axes, so a ``targetCell`` can be described by axis name (`risk category: violence`).
    public var descriptorSpace: DescriptorSpace?
    /// How the target answered the parent and how the judge scored it (used by ``PAIRRefinement``).
    public var feedback: RefinementFeedback?
    /// Stamped on children as `provenance.createdAt`; nil leaves it unset.
    public var createdAt: Date?
    /// Requests made to the attacker so far, failed ones included.
    public var attackerQueries: Int

    public init(
        random: SeededGenerator,
        attacker: (any ModelProvider)? = nil,
        attackerParameters: GenerationParameters = MutationContext.defaultAttackerParameters,
        targetCell: Descriptor? = nil,
        descriptorSpace: DescriptorSpace? = nil,
        feedback: RefinementFeedback? = nil,
        createdAt: Date? = nil,
        attackerQueries: Int = 0
    ) {
        self.random = random
        self.attacker = attacker
        self.attackerParameters = attackerParameters
        self.targetCell = targetCell
        self.descriptorSpace = descriptorSpace
        self.feedback = feedback
        self.createdAt = createdAt
        self.attackerQueries = attackerQueries
    }

    /// A context with a fresh generator seeded with `seed`.
    public init(seed: UInt64, attacker: (any ModelProvider)? = nil) {
        self.init(random: SeededGenerator(seed: seed), attacker: attacker)
    }

    /// Attacker sampling: long enough for a rewritten prompt, and hot enough to give varied attacks.
    public static let defaultAttackerParameters = GenerationParameters(maxTokens: 768, temperature: 1.0)

    /// The ``targetCell`` in words: `risk category: violence; attack style: roleplay`, or the bare values when the
    /// axes are unknown; nil without a target cell.
    public var targetCellDescription: String? {
        guard let cell = targetCell, !cell.values.isEmpty else { return nil }
        if let space = descriptorSpace, space.axes.count == cell.values.count {
            return zip(space.axes, cell.values)
                .map { "\($0.name.replacingOccurrences(of: "_", with: " ")): \($1.replacingOccurrences(of: "_", with: " "))" }
                .joined(separator: "; ")
        }
        return cell.values.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")
    }
}
