/// The mutation operators `assay evolve` can use.
public enum Operators {
    /// Operators that need no model: encodings, frames, persona, payload split, format change, distractor, number and
    /// entity substitution, refusal suppression, prefix injection, instruction override and research pretext.
    public static func deterministic() -> [any MutationOperator] {
        [
            Base64Encoding(), Rot13Encoding(), Leetspeak(), FictionFrame(), RolePlayFrame(), HypotheticalFrame(),
            PersonaFrame(), PayloadSplit(), FormatChange(), DistractorClause(), NumberSubstitution(), EntitySubstitution(),
            RefusalSuppression(), PrefixInjection(), InstructionOverride(), ResearchPretext(),
        ]
    }

    /// Operators that ask the attacker model: rewrite toward a cell, PAIR refinement, crescendo escalation.
    public static func modelDriven() -> [any MutationOperator] {
        [AttackerRewrite(), PAIRRefinement(), CrescendoEscalation()]
    }

    /// Every operator, deterministic first.
    public static func all() -> [any MutationOperator] {
        deterministic() + modelDriven()
    }

    /// The operator with this ``MutationOperator/name``, or nil.
    public static func named(_ name: String) -> (any MutationOperator)? {
        all().first { $0.name == name }
    }
}
