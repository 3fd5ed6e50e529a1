import Foundation

/// Brier score of the model's distribution over the options: `p = softmax(choiceLogLikelihoods)`,
/// value `sum_i (p_i - y_i)^2` with `y` one-hot on the correct option. 0 is perfect, 2 is the worst;
/// lower is better.
public struct BrierScorer: Scorer {
    public let name: String

    public init(name: String = "brier") {
        self.name = name
    }

    public var isContinuous: Bool { true }
    public var needs: ScorerNeeds { .choiceLogLikelihoods }

    /// Choice targets.
    public func applies(to item: Item) -> Bool {
        if case .choice = item.target { true } else { false }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        guard case .choice(let index, let choices) = item.target else {
            return .abstain(name, "not a choice target (\(item.target.kind))")
        }
        guard let lls = sample.choiceLogLikelihoods else { return .abstain(name, "no option log-likelihoods measured") }
        guard lls.count == choices.count, choices.indices.contains(index) else {
            return .abstain(name, "\(lls.count) log-likelihoods for \(choices.count) options")
        }
        guard let top = lls.max(), top.isFinite, lls.allSatisfy({ !$0.isNaN && $0 != .infinity }) else {
            return .abstain(name, "log-likelihoods are not finite")
        }
        let weights = lls.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        var brier = 0.0
        for (i, w) in weights.enumerated() {
            let p = w / total
            let y: Double = i == index ? 1 : 0
            brier += (p - y) * (p - y)
        }
        return .value(name, brier, "p(correct) = \(NumberFormat.fixed(weights[index] / total))")
    }
}
