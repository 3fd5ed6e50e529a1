import Foundation

/// Pass when the response is the reference answer, after normalization.
///
/// - `text`: ``Normalizer/text(_:)`` of the response, or of its first non-empty line, equals that of any
///   alternative (so `"Paris.\n\nIt is the capital…"` matches `Paris`).
/// - `number`: the last number in the response equals the target within 1e-9 relative.
/// - `letter`: the option picked by ``Normalizer/choiceIndex(in:choices:)`` is the correct one.
/// - `none`: the response, trimmed of surrounding whitespace, equals an alternative exactly.
public struct ExactMatchScorer: Scorer {
    public let name: String
    public let normalize: Normalizer.Mode

    public init(normalize: Normalizer.Mode = .text, name: String = "exact_match") {
        self.normalize = normalize
        self.name = name
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { [] }

    /// Text and exact modes: text, number and choice targets; number mode: number targets and numeric
    /// text targets; letter mode: choice targets.
    public func applies(to item: Item) -> Bool {
        switch normalize {
        case .text, .none: if case .text = item.target { true } else { false }
        case .number: item.target.isNumeric
        case .letter: if case .choice = item.target { true } else { false }
        }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        let response = sample.text
        switch normalize {
        case .text:
            let alternatives = item.target.comparableTexts
            guard !alternatives.isEmpty else { return .abstain(name, "target \(item.target.kind) has no reference text") }
            let whole = Normalizer.text(response)
            let firstLine = Normalizer.text(response.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? "")
            for alternative in alternatives {
                let expected = Normalizer.text(alternative)
                if expected.isEmpty {
                    // The reference is only punctuation or articles: compare it as written.
                    if response.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == alternative.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
                        return .pass(name, "response equals '\(alternative)'")
                    }
                } else if expected == whole || expected == firstLine {
                    return .pass(name, "normalized response matches '\(Normalizer.excerpt(alternative))'")
                }
            }
            return .fail(name, "expected '\(Normalizer.excerpt(alternatives[0]))', got '\(Normalizer.excerpt(response))'")

        case .number:
            let targets = item.target.comparableNumbers
            guard !targets.isEmpty else { return .abstain(name, "target \(item.target.kind) has no number") }
            guard let got = Normalizer.number(in: response) else {
                return .fail(name, "no number in response '\(Normalizer.excerpt(response))'")
            }
            if targets.contains(where: { Normalizer.sameNumber($0, got) }) {
                return .pass(name, "number \(NumberFormat.plain(got)) matches")
            }
            return .fail(name, "expected \(NumberFormat.plain(targets[0])), got \(NumberFormat.plain(got))")

        case .letter:
            guard case .choice(let index, let choices) = item.target else {
                return .abstain(name, "letter matching needs a choice target, not \(item.target.kind)")
            }
            guard let picked = Normalizer.choiceIndex(in: response, choices: choices) else {
                return .fail(name, "no answer letter in '\(Normalizer.excerpt(response))'")
            }
            return picked == index
                ? .pass(name, "picked \(ChoiceLetters.letter(picked))")
                : .fail(name, "picked \(ChoiceLetters.letter(picked)), correct \(ChoiceLetters.letter(index))")

        case .none:
            let alternatives = item.target.comparableTexts
            guard !alternatives.isEmpty else { return .abstain(name, "target \(item.target.kind) has no reference text") }
            let trimmed = response.trimmingCharacters(in: .whitespacesAndNewlines)
            if let match = alternatives.first(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == trimmed }) {
                return .pass(name, "response equals '\(Normalizer.excerpt(match))'")
            }
            return .fail(name, "expected '\(Normalizer.excerpt(alternatives[0]))', got '\(Normalizer.excerpt(response))'")
        }
    }
}
