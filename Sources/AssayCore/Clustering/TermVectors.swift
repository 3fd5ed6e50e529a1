import Foundation

/// TF-IDF vectors of short texts: sublinear term frequency, smoothed inverse document frequency, unit length.
///
/// Tokens are lower-cased runs of letters (3 or more), minus common English function words; numbers are left out, so
/// two arithmetic slips with different operands read alike. A document may have several fields (prompt, response,
/// labels): each is weighted on its own, so that the cosine similarity of two documents is the weighted mean of their
/// fields' similarities and a long response cannot drown a short prompt. Terms of field `f` are stored as `f:term`.
public struct TermVectors: Sendable {
    /// The vocabulary, by index (`field:term` when fields are named).
    public let terms: [String]
    /// One sparse unit vector per document: (term index, weight), by term index.
    public let vectors: [[(term: Int, weight: Double)]]

    /// Vectors of single-field documents.
    public init(_ documents: [String]) {
        self.init(fields: documents.map { [$0] }, names: [""], weights: [1])
    }

    /// Vectors of documents with one text per field; `weights` (one per field) should sum to 1.
    public init(fields documents: [[String]], names: [String], weights: [Double]) {
        var parts: [(terms: [String], vectors: [[(term: Int, weight: Double)]])] = []
        for (f, name) in names.enumerated() {
            let part = Self.field(documents.map { $0.indices.contains(f) ? $0[f] : "" }, prefix: name.isEmpty ? "" : name + ":")
            parts.append(part)
        }
        var terms: [String] = []
        var vectors = [[(term: Int, weight: Double)]](repeating: [], count: documents.count)
        for (f, part) in parts.enumerated() {
            let offset = terms.count
            terms += part.terms
            // A field with no words in a document counts as dissimilar to everything, so the document's other fields
            // keep their weights: renormalize over the fields present.
            for d in documents.indices where !part.vectors[d].isEmpty {
                let present = parts.indices.filter { !parts[$0].vectors[d].isEmpty }.reduce(0) { $0 + weights[$1] }
                let scale = present > 0 ? (weights[f] / present).squareRoot() : 0
                vectors[d] += part.vectors[d].map { (term: $0.term + offset, weight: $0.weight * scale) }
            }
        }
        self.terms = terms
        self.vectors = vectors
    }

    private static func field(_ documents: [String], prefix: String) -> (terms: [String], vectors: [[(term: Int, weight: Double)]]) {
        var index: [String: Int] = [:]
        var terms: [String] = []
        var counts: [[Int: Int]] = []
        var documentFrequency: [Int] = []
        for document in documents {
            var tf: [Int: Int] = [:]
            for token in Self.tokens(document).map({ prefix + $0 }) {
                let id: Int
                if let known = index[token] { id = known } else {
                    id = terms.count
                    index[token] = id
                    terms.append(token)
                    documentFrequency.append(0)
                }
                tf[id, default: 0] += 1
            }
            for id in tf.keys { documentFrequency[id] += 1 }
            counts.append(tf)
        }
        let n = Double(documents.count)
        let idf = documentFrequency.map { log((1 + n) / (1 + Double($0))) + 1 }
        let vectors = counts.map { tf in
            var vector = tf.map { (term: $0.key, weight: (1 + log(Double($0.value))) * idf[$0.key]) }.sorted { $0.term < $1.term }
            let norm = sqrt(vector.reduce(0) { $0 + $1.weight * $1.weight })
            if norm > 0 { vector = vector.map { ($0.term, $0.weight / norm) } }
            return vector
        }
        return (terms, vectors)
    }

    /// The heaviest words of a centroid (a word in several fields counted once), ties by name.
    public static func topWords(_ centroid: [String: Double], count: Int) -> [String] {
        var words: [String] = []
        for term in centroid.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).map(\.key) {
            let word = Self.word(term)
            if !words.contains(word) { words.append(word) }
            if words.count == count { break }
        }
        return words
    }

    /// A term without its field prefix.
    public static func word(_ term: String) -> String {
        term.firstIndex(of: ":").map { String(term[term.index(after: $0)...]) } ?? term
    }

    /// Cosine similarity of documents `a` and `b`.
    public func similarity(_ a: Int, _ b: Int) -> Double {
        let (x, y) = (vectors[a], vectors[b])
        var (i, j, sum) = (0, 0, 0.0)
        while i < x.count, j < y.count {
            if x[i].term == y[j].term {
                sum += x[i].weight * y[j].weight
                i += 1
                j += 1
            } else if x[i].term < y[j].term { i += 1 } else { j += 1 }
        }
        return sum
    }

    /// The normalized mean of some documents' vectors, by term.
    public func centroid(of members: [Int]) -> [String: Double] {
        var sum: [Int: Double] = [:]
        for member in members { for (term, weight) in vectors[member] { sum[term, default: 0] += weight } }
        let norm = sqrt(sum.values.reduce(0) { $0 + $1 * $1 })
        guard norm > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: sum.map { (terms[$0.key], $0.value / norm) })
    }

    /// A document's vector by term, for comparing with a stored centroid.
    public func termWeights(_ document: Int) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: vectors[document].map { (terms[$0.term], $0.weight) })
    }

    /// The tokens of a text as the vectors count them.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if current.count >= 3, !stopwords.contains(current) { tokens.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter { current.append(character) } else { flush() }
        }
        flush()
        return tokens
    }

    /// Function words that say nothing about what a failure is about.
    static let stopwords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has",
        "him", "his", "how", "its", "may", "new", "now", "own", "say", "she", "too", "use", "who", "why", "yes", "yet", "did",
        "get", "got", "let", "put", "see", "via", "also", "been", "both", "does", "done", "each", "else", "even", "from", "have",
        "here", "into", "just", "like", "made", "make", "many", "more", "most", "much", "must", "only", "other", "over", "same",
        "some", "such", "than", "that", "them", "then", "there", "these", "they", "this", "those", "very", "what", "when",
        "where", "which", "while", "will", "with", "would", "your", "yours", "about", "above", "after", "again", "against",
        "because", "before", "being", "below", "between", "could", "during", "should", "their", "theirs", "through", "under",
        "until", "were", "whom", "whose", "answer", "question", "please", "following", "sure", "here's", "i'm", "it's",
    ]
}
