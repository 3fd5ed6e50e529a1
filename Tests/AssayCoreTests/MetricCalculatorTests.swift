import Testing
@testable import AssayCore

@Suite("MetricCalculator")
struct MetricCalculatorTests {
    private func unit(_ item: String, _ score: Score, epoch: Int = 0, cluster: String? = nil) -> ScoredUnit {
        ScoredUnit(itemID: item, epoch: epoch, cluster: cluster, score: score)
    }

    @Test func noUnitsGivesNil() {
        #expect(MetricCalculator.metric(scorer: "exact_match", continuous: false, units: []) == nil)
    }

    @Test func discreteBinaryUsesWilson() throws {
        let units = (0..<10).map { i in unit("item\(i)", i < 7 ? .pass("em") : .fail("em")) }
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.name == "accuracy")
        #expect(m.scorer == "em")
        #expect(m.method == .wilson)
        #expect(m.n == 10)
        #expect(m.value == 0.7)
        #expect(abs(m.stderr - (0.7 * 0.3 / 10).squareRoot()) < 1e-12)
        let wilson = Statistics.wilsonInterval(successes: 7, n: 10, z: Statistics.z95)
        #expect(abs(m.ciLow - wilson.low) < 1e-12 && abs(m.ciHigh - wilson.high) < 1e-12)
        #expect(m.abstained == 0)
    }

    @Test func allFailuresGiveWilsonZeroToPoint2775() throws {
        let units = (0..<10).map { i in unit("i\(i)", .fail("em")) }
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.value == 0 && m.stderr == 0)
        #expect(m.ciLow == 0)
        #expect(abs(m.ciHigh - 0.2775) < 5e-5)
    }

    @Test func epochsAreAveragedPerItemAndGiveCLT() throws {
        // Item a: 2 of 3 epochs pass; item b: 1 of 3; item c: 3 of 3. Per-item values 2/3, 1/3, 1.
        var units: [ScoredUnit] = []
        for (item, passes) in [("a", 2), ("b", 1), ("c", 3)] {
            for e in 0..<3 { units.append(unit(item, e < passes ? .pass("em") : .fail("em"), epoch: e)) }
        }
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.n == 3)
        #expect(m.method == .clt)
        let values = [2.0 / 3, 1.0 / 3, 1]
        #expect(abs(m.value - Statistics.mean(values)) < 1e-12)
        #expect(abs(m.stderr - Statistics.standardError(values)) < 1e-12)
        #expect(abs(m.ciLow - max(0, m.value - 1.959964 * m.stderr)) < 1e-6)
        #expect(m.ciHigh == 1)  // mean + 1.96 SE exceeds 1 and is clamped for a proportion
    }

    @Test func abstentionsAreDroppedPerEpochAndCountedPerItem() throws {
        let units = [
            unit("a", .abstain("judge", "no grade")), unit("a", .pass("judge"), epoch: 1),  // a = 1 (abstention dropped)
            unit("b", .abstain("judge")), unit("b", .abstain("judge"), epoch: 1),          // b abstained entirely
            unit("c", .fail("judge")), unit("c", .abstain("judge"), epoch: 1),             // c = 0
        ]
        let m = try #require(MetricCalculator.metric(scorer: "judge", continuous: false, units: units))
        #expect(m.n == 2)
        #expect(m.abstained == 1)
        #expect(m.value == 0.5)
        #expect(m.method == .wilson)
    }

    @Test func everyItemAbstainedGivesEmptyMetric() throws {
        let units = [unit("a", .abstain("refusal")), unit("b", .abstain("refusal"))]
        let m = try #require(MetricCalculator.metric(scorer: "refusal", continuous: false, units: units))
        #expect(m.n == 0)
        #expect(m.abstained == 2)
        #expect(m.value.isNaN && m.stderr.isNaN && m.ciLow.isNaN && m.ciHigh.isNaN)
    }

    @Test func clustersGiveClusteredSE() throws {
        // The DESIGN vector: scores [1,1,1,0,0,0], clusters [0,1,1,1,0,0].
        let scores: [Score] = [.pass("em"), .pass("em"), .pass("em"), .fail("em"), .fail("em"), .fail("em")]
        let clusters = ["x", "y", "y", "y", "x", "x"]
        let units = (0..<6).map { i in unit("i\(i)", scores[i], cluster: clusters[i]) }
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.method == .clustered)
        #expect(m.value == 0.5)
        #expect((m.stderr * 10_000).rounded() / 10_000 == 0.1179)
        #expect(abs(m.ciLow - (0.5 - 1.959964 * m.stderr)) < 1e-6)
        #expect(abs(m.ciHigh - (0.5 + 1.959964 * m.stderr)) < 1e-6)
    }

    @Test func itemsWithoutClusterAreSingletons() throws {
        // One named cluster of two items plus two unclustered items: three clusters.
        let units = [
            unit("a", .pass("em"), cluster: "p"), unit("b", .pass("em"), cluster: "p"),
            unit("c", .fail("em")), unit("d", .pass("em")),
        ]
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.method == .clustered)
        let expected = Statistics.clusteredStandardError(values: [1, 1, 0, 1], clusters: ["p", "p", "c", "d"])
        #expect(abs(m.stderr - expected) < 1e-15)
    }

    @Test func singleClusterFallsBackToWilson() throws {
        let units = (0..<4).map { i in unit("i\(i)", i == 0 ? .fail("em") : .pass("em"), cluster: "same") }
        let m = try #require(MetricCalculator.metric(scorer: "em", continuous: false, units: units))
        #expect(m.method == .wilson)
    }

    @Test func continuousScorerUsesValuesAndCLT() throws {
        let values = [-1.5, -0.5, -2.0, -1.0]
        let units = values.enumerated().map { i, v in unit("i\(i)", .value("target_logprob", v)) }
            + [unit("z", .abstain("target_logprob", "no log-likelihood"))]
        let m = try #require(MetricCalculator.metric(scorer: "target_logprob", continuous: true, units: units))
        #expect(m.name == "mean")
        #expect(m.method == .clt)
        #expect(m.n == 4)
        #expect(m.abstained == 1)
        #expect(m.value == -1.25)
        #expect(abs(m.stderr - Statistics.standardError(values)) < 1e-12)
        #expect(abs(m.ciLow - (-1.25 - 1.959964 * m.stderr)) < 1e-6)
        #expect(m.ciLow < -1.5)  // not clamped: continuous values are not proportions
    }

    @Test func continuousZeroOneValuesDoNotUseWilson() throws {
        let units = [unit("a", .value("brier", 0)), unit("b", .value("brier", 1))]
        let m = try #require(MetricCalculator.metric(scorer: "brier", continuous: true, units: units))
        #expect(m.method == .clt)
    }
}
