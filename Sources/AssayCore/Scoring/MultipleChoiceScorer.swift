/// Scores a multiple-choice item by the letter the model wrote or by the options' log-likelihoods.
public struct MultipleChoiceScorer: Scorer {
    /// How the model's pick is read.
    public enum Method: String, Hashable, Sendable, CaseIterable {
        /// Parse the answer letter from the response (``Normalizer/choiceIndex(in:choices:)``).
        case letter
        /// The option with the highest ``Sample/choiceLogLikelihoods`` (first one on a tie).
        case loglikelihood
    }

    public let name: String
    public let method: Method

    public init(by method: Method = .letter, name: String = "multiple_choice") {
        self.method = method
        self.name = name
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { method == .loglikelihood ? .choiceLogLikelihoods : [] }

    /// Choice targets.
    public func applies(to item: Item) -> Bool {
        if case .choice = item.target { true } else { false }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        guard case .choice(let index, let choices) = item.target else {
            return .abstain(name, "not a choice target (\(item.target.kind))")
        }
        switch method {
        case .letter:
            guard let picked = Normalizer.choiceIndex(in: sample.text, choices: choices) else {
                return .fail(name, "no answer letter in '\(Normalizer.excerpt(sample.text))'")
            }
            return picked == index
                ? .pass(name, "picked \(ChoiceLetters.letter(picked))")
                : .fail(name, "picked \(ChoiceLetters.letter(picked)), correct \(ChoiceLetters.letter(index))")
        case .loglikelihood:
            guard let lls = sample.choiceLogLikelihoods else {
                return .abstain(name, "no option log-likelihoods measured")
            }
            guard lls.count == choices.count, !lls.isEmpty else {
                return .abstain(name, "\(lls.count) log-likelihoods for \(choices.count) options")
            }
            guard lls.allSatisfy({ !$0.isNaN }) else { return .abstain(name, "log-likelihood is NaN") }
            var best = 0
            for i in lls.indices where lls[i] > lls[best] { best = i }
            let tie = lls.filter { $0 == lls[best] }.count > 1 ? " (tie, first taken)" : ""
            return best == index
                ? .pass(name, "highest log-likelihood on \(ChoiceLetters.letter(best))\(tie)")
                : .fail(name, "highest log-likelihood on \(ChoiceLetters.letter(best)), correct \(ChoiceLetters.letter(index))\(tie)")
        }
    }
}
