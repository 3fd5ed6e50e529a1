/// Summary figures of a quality-diversity search: how much of the space is covered, how good and how varied the
/// elites are, and how efficiently the search finds failures.
public struct ArchiveMetrics: Codable, Hashable, Sendable {
    /// Number of filled cells.
    public var filledCells: Int
    /// Number of cells in the space.
    public var totalCells: Int
    /// filledCells / totalCells, in [0, 1]; 0 for a space without cells.
    public var coverage: Double
    /// QD score: the sum of the elites' fitness.
    public var qdScore: Double
    /// Mean fitness of the elites; 0 when the archive is empty.
    public var meanEliteFitness: Double
    /// Mean over all pairs of elites of 1 − word n-gram Jaccard overlap of their texts (see
    /// ``SimilarityFilter/jaccard(_:_:n:)``), in [0, 1]; 0 with fewer than two elites.
    public var diversity: Double

    public init(filledCells: Int, totalCells: Int, coverage: Double, qdScore: Double, meanEliteFitness: Double,
                diversity: Double) {
        self.filledCells = filledCells
        self.totalCells = totalCells
        self.coverage = coverage
        self.qdScore = qdScore
        self.meanEliteFitness = meanEliteFitness
        self.diversity = diversity
    }

    /// The metrics of `archive`; diversity uses word `n`-grams (default 3).
    public init(archive: Archive, n: Int = 3) {
        let elites = archive.eliteList
        let fitness = elites.map { $0.fitness ?? 0 }
        let total = archive.space.cellCount
        let qd = fitness.reduce(0, +)
        self.init(
            filledCells: elites.count,
            totalCells: total,
            coverage: total > 0 ? Double(elites.count) / Double(total) : 0,
            qdScore: qd,
            meanEliteFitness: elites.isEmpty ? 0 : qd / Double(elites.count),
            diversity: Self.diversity(of: elites.map { SimilarityFilter.text(of: $0.item) }, n: n))
    }

    /// Mean pairwise 1 − Jaccard overlap of word `n`-grams over `texts`; 0 with fewer than two texts.
    public static func diversity(of texts: [String], n: Int = 3) -> Double {
        guard texts.count >= 2 else { return 0 }
        let tokens = texts.map(SimilarityFilter.tokens)
        var sum = 0.0
        var pairs = 0
        for i in 0..<tokens.count {
            for j in (i + 1)..<tokens.count {
                sum += 1 - SimilarityFilter.jaccard(tokens: tokens[i], tokens[j], n: n)
                pairs += 1
            }
        }
        return sum / Double(pairs)
    }

    /// Attack success rate: the fraction of judged scores at or above `threshold`; 0 when nothing was judged.
    /// Abstentions are not scores and must be left out of `judged` by the caller.
    public static func attackSuccessRate(judged: [Double], threshold: Double) -> Double {
        guard !judged.isEmpty else { return 0 }
        return Double(judged.filter { $0 >= threshold }.count) / Double(judged.count)
    }

    /// Distinct validated failures per 1,000 target queries (retries included in `queries`); 0 when no query was made.
    public static func distinctFailuresPer1000(validated: Int, queries: Int) -> Double {
        guard queries > 0 else { return 0 }
        return Double(validated) * 1000 / Double(queries)
    }
}
