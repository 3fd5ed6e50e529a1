import AssayCore

/// The figures of a search: how much of the archive it filled, how good and varied the failures are, and how
/// efficiently it found them.
public struct EvolutionSummary: Codable, Hashable, Sendable {
    public var targetQueries: Int
    public var attackerQueries: Int
    public var judgeQueries: Int
    public var evaluated: Int
    public var judged: Int
    /// Judged responses that were failures.
    public var attackSuccessRate: Double
    /// Share of the archive's cells holding a validated failure.
    public var coverage: Double
    public var filledCells: Int
    public var totalCells: Int
    /// Sum over cells of the best validated failure's fitness.
    public var qdScore: Double
    public var candidates: Int
    public var validated: Int
    public var flaky: Int
    public var unconfirmed: Int
    /// Validated failures that are not near-duplicates of one another.
    public var distinctValidated: Int
    public var distinctPer1000Queries: Double
    /// Mean pairwise dissimilarity of the validated failures' texts.
    public var diversity: Double
    /// Distinct validated failures per weakness family (see ``EvolutionState/Lineage/weaknessFamily(of:threshold:)``).
    public var families: [String: Int]

    public init(state: EvolutionState, threshold: Double, filter: SimilarityFilter = SimilarityFilter()) {
        targetQueries = state.targetQueries
        attackerQueries = state.attackerQueries
        judgeQueries = state.judgeQueries
        evaluated = state.evaluated.count
        let fitness = state.evaluated.compactMap(\.fitness)
        judged = fitness.count
        attackSuccessRate = ArchiveMetrics.attackSuccessRate(judged: fitness, threshold: threshold)
        // Coverage and QD score are of validated failures, placed in their cells whatever the strategy, so the archive
        // search and the random baseline are measured alike: a cell counts once it holds a validated failure, and
        // contributes its best fitness.
        var best: [Descriptor: Double] = [:]
        for finding in state.validated { best[finding.descriptor] = max(best[finding.descriptor] ?? 0, finding.fitness) }
        filledCells = best.count
        totalCells = state.archive.space.cellCount
        coverage = totalCells > 0 ? Double(filledCells) / Double(totalCells) : 0
        qdScore = best.values.reduce(0, +)
        candidates = state.findings.filter { $0.status == .candidate }.count
        validated = state.validated.count
        flaky = state.findings.filter { $0.status == .flaky }.count
        unconfirmed = state.findings.filter { $0.status == .unconfirmed }.count
        var texts: [String] = []
        var families: [String: Int] = [:]
        let lineage = EvolutionState.Lineage(state)
        for finding in state.validated {
            let text = SimilarityFilter.text(of: finding.item)
            guard !filter.isNearDuplicate(text, of: texts) else { continue }
            texts.append(text)
            families[lineage.weaknessFamily(of: finding.item, threshold: threshold), default: 0] += 1
        }
        distinctValidated = texts.count
        distinctPer1000Queries = ArchiveMetrics.distinctFailuresPer1000(validated: texts.count, queries: state.targetQueries)
        diversity = ArchiveMetrics.diversity(of: texts)
        self.families = families
    }
}
