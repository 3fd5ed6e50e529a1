public import AssayCore
import Foundation

/// Decides whether a candidate's text is a near-duplicate of other texts, so the archive keeps searching for new
/// attacks rather than re-wordings of old ones.
///
/// Texts are compared as word tokens: lower-cased, with punctuation and symbols acting as separators (apostrophes are
/// dropped, so "don't" is one token, "dont"). Two metrics are available: Jaccard overlap of word n-gram sets and
/// sentence-level BLEU. A pair counts as a near-duplicate when its similarity is at least ``threshold``.
public struct SimilarityFilter: Codable, Hashable, Sendable {
    /// How two texts are compared.
    public enum Metric: String, Codable, Hashable, Sendable {
        /// Jaccard overlap of word n-gram sets (size ``SimilarityFilter/n``, smaller for short texts).
        case jaccard
        /// Sentence BLEU with up to 4-grams, the candidate as hypothesis and the other text as reference.
        case bleu
    }

    public var metric: Metric
    /// Similarity at or above which a candidate is a near-duplicate, in [0, 1].
    public var threshold: Double
    /// N-gram size for ``Metric/jaccard`` (values below 1 are treated as 1).
    public var n: Int

    /// The default filter rejects candidates whose word 3-gram Jaccard overlap with another text is at least 0.7.
    public init(metric: Metric = .jaccard, threshold: Double = 0.7, n: Int = 3) {
        self.metric = metric
        self.threshold = threshold
        self.n = n
    }

    /// Similarity of `candidate` to `other` under ``metric``, in [0, 1].
    public func similarity(_ candidate: String, _ other: String) -> Double {
        switch metric {
        case .jaccard: Self.jaccard(candidate, other, n: n)
        case .bleu: Self.bleu(candidate: candidate, reference: other)
        }
    }

    /// Whether `candidate` is at least ``threshold`` similar to any of `others`.
    public func isNearDuplicate(_ candidate: String, of others: [String]) -> Bool {
        nearDuplicateIndex(candidate, of: others) != nil
    }

    /// The index of the first of `others` that `candidate` is a near-duplicate of, if any.
    public func nearDuplicateIndex(_ candidate: String, of others: [String]) -> Int? {
        others.firstIndex { similarity(candidate, $0) >= threshold }
    }

    // MARK: - Text and tokens

    /// The text of an item for similarity purposes: all its messages' contents, in order, joined by newlines.
    public static func text(of item: Item) -> String {
        item.input.map(\.content).joined(separator: "\n")
    }

    /// Lower-cased word tokens of `text`; letters and digits form tokens, apostrophes are dropped, and every other
    /// character (space, punctuation, symbol) separates tokens.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "\u{2019}" {
                continue
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The set of word n-grams of `tokens`, each joined by single spaces; empty when there are fewer than `n` tokens.
    public static func ngramSet(_ tokens: [String], n: Int) -> Set<String> {
        guard n >= 1, tokens.count >= n else { return [] }
        return Set((0...(tokens.count - n)).map { tokens[$0..<($0 + n)].joined(separator: " ") })
    }

    // MARK: - Jaccard

    /// Jaccard overlap |A ∩ B| / |A ∪ B| of the word n-gram sets of `a` and `b`.
    ///
    /// When either text has fewer than `n` tokens, the n-gram size drops to the shorter text's token count (at least
    /// 1), so short texts are still compared. Two texts without tokens are identical (1); one empty text against a
    /// non-empty one scores 0.
    public static func jaccard(_ a: String, _ b: String, n: Int = 3) -> Double {
        jaccard(tokens: tokens(a), tokens(b), n: n)
    }

    /// ``jaccard(_:_:n:)`` on already tokenized texts.
    public static func jaccard(tokens a: [String], _ b: [String], n: Int = 3) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let size = max(1, min(n, a.count, b.count))
        let setA = ngramSet(a, n: size)
        let setB = ngramSet(b, n: size)
        let union = setA.union(setB).count
        guard union > 0 else { return 1 }
        return Double(setA.intersection(setB).count) / Double(union)
    }

    // MARK: - BLEU

    /// Sentence-level BLEU of `candidate` against one `reference`, with n-grams up to `maxN` and uniform weights.
    ///
    /// Definition (Papineni et al., "BLEU: a Method for Automatic Evaluation of Machine Translation", ACL 2002):
    /// BLEU = BP · exp(Σₙ wₙ log pₙ) with wₙ = 1 / maxN, where pₙ is the clipped n-gram precision (each candidate
    /// n-gram counts at most as often as it occurs in the reference) and the brevity penalty is BP = 1 when the
    /// candidate length c exceeds the reference length r, and exp(1 − r / c) otherwise.
    /// Smoothing for a single sentence (Lin and Och, "ORANGE", COLING 2004, "BLEU+1"): for n ≥ 2 the precision is
    /// (matches + 1) / (candidate n-grams + 1); unigram precision is left unsmoothed, so texts sharing no word score 0.
    /// Two texts without tokens score 1; one empty text against a non-empty one scores 0.
    public static func bleu(candidate: String, reference: String, maxN: Int = 4) -> Double {
        bleu(candidate: tokens(candidate), reference: tokens(reference), maxN: maxN)
    }

    /// ``bleu(candidate:reference:maxN:)`` on already tokenized texts.
    public static func bleu(candidate: [String], reference: [String], maxN: Int = 4) -> Double {
        if candidate.isEmpty && reference.isEmpty { return 1 }
        if candidate.isEmpty || reference.isEmpty { return 0 }
        let orders = max(1, maxN)
        var logSum = 0.0
        for order in 1...orders {
            let candidateCounts = ngramCounts(candidate, n: order)
            let referenceCounts = ngramCounts(reference, n: order)
            let total = candidateCounts.values.reduce(0, +)
            let matches = candidateCounts.reduce(0) { $0 + min($1.value, referenceCounts[$1.key] ?? 0) }
            let precision: Double
            if order == 1 {
                precision = Double(matches) / Double(total)
            } else {
                precision = Double(matches + 1) / Double(total + 1)
            }
            if precision == 0 { return 0 }
            logSum += log(precision) / Double(orders)
        }
        let c = Double(candidate.count)
        let r = Double(reference.count)
        let brevityPenalty = c > r ? 1 : exp(1 - r / c)
        return min(1, brevityPenalty * exp(logSum))
    }

    private static func ngramCounts(_ tokens: [String], n: Int) -> [String: Int] {
        guard tokens.count >= n else { return [:] }
        var counts: [String: Int] = [:]
        for start in 0...(tokens.count - n) {
            counts[tokens[start..<(start + n)].joined(separator: " "), default: 0] += 1
        }
        return counts
    }
}
