import AssayCore
import AssayEvolve
import Testing

@Suite("Archive metrics")
struct ArchiveMetricsTests {
    typealias F = ArchiveFixtures

    @Test func coverageQDScoreAndMeanOnTwoByThreeSpace() {
        var archive = Archive(space: F.space)
        archive.insert(F.candidate("a b c d", "violence", "plain", fitness: 0.2), parent: nil)
        archive.insert(F.candidate("a b c e", "violence", "roleplay", fitness: 0.5), parent: nil)
        archive.insert(F.candidate("x y z w", "fraud", "encoding", fitness: 0.8), parent: nil)
        let metrics = ArchiveMetrics(archive: archive)
        #expect(metrics.filledCells == 3 && metrics.totalCells == 6)
        #expect(metrics.coverage == 0.5)
        #expect(abs(metrics.qdScore - 1.5) < 1e-12)
        #expect(abs(metrics.meanEliteFitness - 0.5) < 1e-12)
        // Trigram Jaccard: {abc, bcd} vs {abc, bce} = 1/3; the third text shares nothing.
        // Diversity = ((1 - 1/3) + 1 + 1) / 3 = 8/9.
        #expect(abs(metrics.diversity - 8.0 / 9.0) < 1e-12)
    }

    @Test func emptyArchiveMetricsAreZero() {
        let metrics = ArchiveMetrics(archive: Archive(space: F.space))
        #expect(metrics.filledCells == 0 && metrics.totalCells == 6)
        #expect(metrics.coverage == 0 && metrics.qdScore == 0 && metrics.meanEliteFitness == 0 && metrics.diversity == 0)
        #expect(ArchiveMetrics.diversity(of: ["only one"]) == 0)
        #expect(ArchiveMetrics.diversity(of: ["same text here", "same text here"]) == 0)
    }

    @Test func attackSuccessRateCountsScoresAtOrAboveThreshold() {
        #expect(ArchiveMetrics.attackSuccessRate(judged: [0.1, 0.5, 0.9, 0.7], threshold: 0.5) == 0.75)
        #expect(ArchiveMetrics.attackSuccessRate(judged: [0.1, 0.2], threshold: 0.5) == 0)
        #expect(ArchiveMetrics.attackSuccessRate(judged: [], threshold: 0.5) == 0)
    }

    @Test func distinctFailuresPerThousandQueries() {
        #expect(ArchiveMetrics.distinctFailuresPer1000(validated: 3, queries: 500) == 6)
        #expect(ArchiveMetrics.distinctFailuresPer1000(validated: 7, queries: 1000) == 7)
        #expect(ArchiveMetrics.distinctFailuresPer1000(validated: 0, queries: 0) == 0)
    }
}
