/// Levenshtein distance, in whole tokens, between the normalized response and the normalized canonical
/// reference: the smooth companion of exact match (Schaeffer et al. 2023). 0 is a perfect answer; lower is better.
///
/// Both sides are split into the words of ``Normalizer/tokens(_:)``. When the response has more tokens than
/// the reference, the reference is compared with every window of the response of the reference's length and
/// the smallest distance is kept, so a chatty answer ("The capital of France is Paris") is not charged for
/// its extra words; a response no longer than the reference is compared whole. Because the window has the
/// reference's length, words inserted inside the answer still count as edits, so the value stays on the
/// reference's scale (0 to its token count) for every model.
public struct TokenEditDistanceScorer: Scorer {
    public let name: String

    public init(name: String = "token_edit_distance") {
        self.name = name
    }

    public var isContinuous: Bool { true }
    public var needs: ScorerNeeds { [] }

    /// Text and number targets.
    public func applies(to item: Item) -> Bool {
        switch item.target {
        case .text, .number: true
        case .none, .choice, .facts, .behavior: false
        }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        guard let reference = item.target.referenceText else {
            return .abstain(name, "target \(item.target.kind) has no reference text")
        }
        let target = Normalizer.tokens(reference)
        guard !target.isEmpty else { return .abstain(name, "reference normalizes to no tokens") }
        let response = Normalizer.tokens(sample.text)
        return .value(name, Double(Self.distance(response: response, target: target)))
    }

    /// The windowed token distance described above.
    public static func distance(response: [String], target: [String]) -> Int {
        guard response.count > target.count else { return levenshtein(response[...], target[...]) }
        var best = Int.max
        for start in 0...(response.count - target.count) {
            best = min(best, levenshtein(response[start..<(start + target.count)], target[...]))
            if best == 0 { break }
        }
        return best
    }

    /// Edit distance with unit insertions, deletions and substitutions.
    public static func levenshtein(_ a: ArraySlice<String>, _ b: ArraySlice<String>) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
