import AssayCore
public import AssayStore
import Foundation

/// What a response does, apart from whether it is right: the dimensions of the behaviour-shift profile.
///
/// Each is measured per sample and averaged over an item's epochs. All but ``responseWords`` are 0/1 per sample, so
/// with one epoch they are compared with McNemar.
public enum BehaviourFeature: String, CaseIterable, Hashable, Sendable, Codable {
    /// The response refuses (``RefusalScorer/read(_:)`` reads a refusal), whatever the item asked for.
    case refusalRate = "refusal_rate"
    /// Some discrete scorer abstained on the sample.
    case abstainRate = "abstain_rate"
    /// Words in the response.
    case responseWords = "response_words"
    /// The response hedges ("might", "probably", "it depends", ...).
    case hedgingRate = "hedging_rate"
    /// The response states uncertainty or ignorance ("I'm not sure", "I don't know", ...).
    case uncertaintyRate = "uncertainty_rate"
    /// The request failed.
    case errorRate = "error_rate"

    /// Whether the per-sample value is 0 or 1.
    public var isBinary: Bool { self != .responseWords }

    /// The features of one sample. A failed request has only ``errorRate``; the text features need a response.
    public static func measure(_ result: SampleResult, continuousScorers: Set<String>) -> [(BehaviourFeature, Double)] {
        guard result.sample.error == nil else { return [(.errorRate, 1)] }
        let text = result.sample.text
        let words = Self.words(text)
        var out: [(BehaviourFeature, Double)] = [
            (.errorRate, 0),
            (.refusalRate, RefusalScorer.read(text).behaviour == .refused ? 1 : 0),
            (.responseWords, Double(words.count)),
            (.hedgingRate, Self.hedges.contains { contains(words, $0) } ? 1 : 0),
            (.uncertaintyRate, Self.uncertainty.contains { contains(words, $0) } ? 1 : 0),
        ]
        let discrete = result.scores.filter { !continuousScorers.contains($0.scorer) }
        if !discrete.isEmpty {
            out.append((.abstainRate, discrete.contains { $0.verdict == .abstain } ? 1 : 0))
        }
        return out
    }

    /// Lower-cased words: runs of letters, digits and apostrophes (curly ones straightened).
    static func words(_ text: String) -> [Substring] {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }
    }

    /// Whether `phrase` occurs in `words` as consecutive whole words.
    static func contains(_ words: [Substring], _ phrase: [Substring]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if (1..<phrase.count).allSatisfy({ words[start + $0] == phrase[$0] }) { return true }
        }
        return false
    }

    private static func phrases(_ list: [String]) -> [[Substring]] { list.map { $0.split(separator: " ") } }

    static let hedges = phrases([
        "might", "may", "maybe", "perhaps", "possibly", "probably", "likely", "could be", "it seems", "seems to", "i think",
        "i believe", "generally", "typically", "usually", "in most cases", "arguably", "it depends", "somewhat",
        "approximately", "roughly", "around",
    ])

    static let uncertainty = phrases([
        "not sure", "unsure", "no idea", "not certain", "uncertain", "i don't know", "i do not know", "hard to say", "can't be certain",
        "cannot be certain", "can't be sure", "cannot be sure", "no way to know", "not confident", "unclear", "i can't verify",
        "i cannot verify", "i'm unable to verify", "don't have enough information", "do not have enough information",
    ])
}
