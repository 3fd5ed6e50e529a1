import Foundation

/// Pass when the reference answer appears in the response.
///
/// - `text` (default): the normalized alternative appears in the normalized response as whole words
///   (`Paris` in "The capital is Paris." but not in "Parisian"). Number targets are matched as numbers:
///   the target value is one of the numbers in the response. Facts targets pass when every fact appears.
/// - `number`: the target number is one of the numbers in the response.
/// - `none`: the alternative is a substring of the response, as written.
public struct IncludesScorer: Scorer {
    public let name: String
    public let normalize: Normalizer.Mode

    /// `normalize` is `.text`, `.number` or `.none`; `.letter` is treated as `.text`.
    public init(normalize: Normalizer.Mode = .text, name: String = "includes") {
        self.normalize = normalize == .letter ? .text : normalize
        self.name = name
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { [] }

    /// Text, number, choice and facts targets (number mode: number and numeric text targets).
    public func applies(to item: Item) -> Bool {
        if normalize == .number { return !item.target.comparableNumbers.isEmpty }
        switch item.target {
        // Choice targets belong to the multiple-choice scorer and numbers to exact match or numeric scorers, so a
        // suite mixing kinds reports each item under the scorer made for it.
        case .text, .facts: return true
        case .none, .number, .choice, .behavior: return false
        }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        let response = sample.text
        if case .number = item.target { return scoreNumber(item.target.comparableNumbers, response) }
        if normalize == .number { return scoreNumber(item.target.comparableNumbers, response) }

        if case .facts(let facts) = item.target {
            guard !facts.isEmpty else { return .abstain(name, "no facts to look for") }
            let missing = facts.filter { !contains(response, $0) }
            if missing.isEmpty { return .pass(name, "all \(facts.count) facts present") }
            return .fail(name, "missing \(missing.count) of \(facts.count) facts: " + missing.map { "'\(Normalizer.excerpt($0, limit: 40))'" }.joined(separator: ", "))
        }

        let alternatives = item.target.comparableTexts
        guard !alternatives.isEmpty else { return .abstain(name, "target \(item.target.kind) has no reference text") }
        if let match = alternatives.first(where: { contains(response, $0) }) {
            return .pass(name, "response contains '\(Normalizer.excerpt(match))'")
        }
        return .fail(name, "'\(Normalizer.excerpt(alternatives[0]))' not in response '\(Normalizer.excerpt(response))'")
    }

    private func scoreNumber(_ targets: [Double], _ response: String) -> Score {
        guard !targets.isEmpty else { return .abstain(name, "target has no number") }
        let found = Normalizer.numbers(in: response)
        if let hit = found.first(where: { n in targets.contains { Normalizer.sameNumber($0, n) } }) {
            return .pass(name, "response contains \(NumberFormat.plain(hit))")
        }
        return .fail(name, "\(NumberFormat.plain(targets[0])) not among the \(found.count) numbers in the response")
    }

    private func contains(_ response: String, _ needle: String) -> Bool {
        if normalize == .none { return response.contains(needle) }
        let words = Normalizer.tokens(needle)
        // A reference made only of punctuation or articles: compare as written, case-insensitively.
        guard !words.isEmpty else { return response.lowercased().contains(needle.lowercased()) }
        let haystack = Normalizer.tokens(response)
        guard haystack.count >= words.count else { return false }
        for start in 0...(haystack.count - words.count) where haystack[start] == words[0] {
            if Array(haystack[start..<(start + words.count)]) == words { return true }
        }
        return false
    }
}
