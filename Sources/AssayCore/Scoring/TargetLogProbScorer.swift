/// The log-likelihood the model gives the reference answer (``Sample/targetLogLikelihood``): a continuous
/// companion that moves smoothly where exact match jumps. Higher is better.
public struct TargetLogProbScorer: Scorer {
    public let name: String

    public init(name: String = "target_logprob") {
        self.name = name
    }

    public var isContinuous: Bool { true }
    public var needs: ScorerNeeds { .targetLogLikelihood }

    /// Text, number and choice targets.
    public func applies(to item: Item) -> Bool {
        switch item.target {
        // Choice items have their own continuous companion (Brier over the options' likelihoods).
        case .text, .number: true
        case .none, .choice, .facts, .behavior: false
        }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        guard let value = sample.targetLogLikelihood else {
            return .abstain(name, "no target log-likelihood measured")
        }
        guard value.isFinite else { return .abstain(name, "target log-likelihood is \(value)") }
        return .value(name, value)
    }
}
