import AssayCore
import Foundation
import Testing

@testable import AssayAnalysis

@Suite struct PairedStatisticsTests {
    @Test func mcNemarExactMatchesTheBinomialTailByHand() {
        // b = 10, c = 2: 2 P(X <= 2), X ~ Bin(12, 1/2) = 2 (1 + 12 + 66) / 4096.
        #expect(abs(PairedStatistics.mcNemarExact(b: 10, c: 2) - 158.0 / 4096) < 1e-12)
        #expect(abs(PairedStatistics.mcNemarExact(b: 2, c: 10) - 158.0 / 4096) < 1e-12)
        // b = 5, c = 0: 2 / 32.
        #expect(abs(PairedStatistics.mcNemarExact(b: 5, c: 0) - 0.0625) < 1e-12)
        #expect(PairedStatistics.mcNemarExact(b: 7, c: 7) == 1)
        #expect(PairedStatistics.mcNemarExact(b: 0, c: 0) == 1)
        // Large tables stay finite: 600 against 400 discordant pairs is far beyond chance.
        let p = PairedStatistics.mcNemarExact(b: 600, c: 400)
        #expect(p > 0 && p < 1e-9)
    }

    @Test func pairedStandardErrorIsTheSDOfTheDifferencesOverRootN() {
        // d = [0, 1, 0, 1, 0, 0]: mean 1/3, variance (4/9 * 4 + 4/9 * 2 ... ) = 4/15, SE = sqrt(4/15 / 6) = 0.210819.
        let r = PairedStatistics.difference(a: [1, 1, 0, 1, 0, 1], b: [1, 0, 0, 0, 0, 1])
        #expect(abs(r.difference - 1.0 / 3) < 1e-12)
        #expect(abs(r.stderr - (4.0 / 15 / 6).squareRoot()) < 1e-12)
        #expect(abs(r.stderr - 0.210819) < 1e-6)
        #expect(abs(r.ciLow - (1.0 / 3 - Statistics.z95 * r.stderr)) < 1e-12)
        #expect(r.n == 6)
        #expect(abs(r.a - 4.0 / 6) < 1e-12 && abs(r.b - 2.0 / 6) < 1e-12)
    }

    @Test func clusteredPairedStandardErrorReproducesTheDesignVector() {
        // Against a model that fails everything, d = a: scores [1,1,1,0,0,0] in clusters [0,1,1,1,0,0] give 0.1179.
        let r = PairedStatistics.difference(a: [1, 1, 1, 0, 0, 0], b: [0, 0, 0, 0, 0, 0], clusters: ["0", "1", "1", "1", "0", "0"])
        #expect(abs(r.stderr - 0.117851) < 1e-6)
        // One cluster only: fall back to the unclustered paired SE.
        let single = PairedStatistics.difference(a: [1, 1, 1, 0, 0, 0], b: [0, 0, 0, 0, 0, 0], clusters: Array(repeating: "x", count: 6))
        #expect(abs(single.stderr - Statistics.standardError([1, 1, 1, 0, 0, 0])) < 1e-12)
    }

    @Test func pairingNarrowsTheIntervalWhenItemsShareDifficulty() {
        let a: [Double] = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.95, 0.05]
        let b = a.map { $0 - 0.05 }
        let paired = PairedStatistics.difference(a: a, b: b)
        #expect(paired.stderr < 1e-12)
        #expect(abs(paired.correlation - 1) < 1e-12)
        #expect(paired.stderr < (Statistics.variance(a) / 8 + Statistics.variance(b) / 8).squareRoot())
    }

    @Test func benjaminiHochbergStepsUpFromTheLargestPValue() {
        // Sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 0.02, 0.02, 0.04, 0.04.
        let q = PairedStatistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.005])
        let expected = [0.02, 0.04, 0.04, 0.02]
        for (x, y) in zip(q, expected) { #expect(abs(x - y) < 1e-12) }
        let withNaN = PairedStatistics.benjaminiHochberg([0.5, .nan, 0.01])
        #expect(withNaN[1].isNaN)
        #expect(abs(withNaN[2] - 0.02) < 1e-12 && abs(withNaN[0] - 0.5) < 1e-12)
    }

    @Test func pairedBootstrapRejectsAClearShiftAndNotNoise() {
        var g = SeededGenerator(seed: 3)
        let noise = (0..<200).map { _ in g.nextUnit() - 0.5 }
        let shifted = noise.map { $0 + 0.2 }
        #expect(PairedStatistics.pairedBootstrapPValue(differences: shifted, resamples: 2000, seed: 1) < 0.001)
        #expect(PairedStatistics.pairedBootstrapPValue(differences: noise.map { $0 - Statistics.mean(noise) }, resamples: 2000, seed: 1) > 0.5)
        #expect(PairedStatistics.pairedBootstrapPValue(differences: [0, 0, 0]) == 1)
    }

    @Test func powerReproducesTheDesignVector() {
        let e = PowerAnalysis.estimate(omegaSquared: 0.1161, delta: 0.03)
        #expect(e.items == 1013)
        // Halving the difference quadruples the items (up to rounding).
        #expect(PowerAnalysis.estimate(omegaSquared: 0.1161, delta: 0.015).items == 4051)
        #expect(abs(PowerAnalysis.omegaSquared(paired: [1, 0, 1, 1], [0, 0, 1, 0]) - Statistics.variance([1, 0, 0, 1])) < 1e-12)
    }
}

/// Seeded simulations: do the paired 95% intervals cover the true difference 95% of the time?
@Suite struct PairedCoverageTests {
    /// Items of varying difficulty drawn afresh in each simulation; the two models' pass probabilities share the item's
    /// difficulty, so their outcomes are correlated, and the true difference of their means is 0.05.
    @Test func binaryIntervalsCoverTheTrueDifference() {
        var g = SeededGenerator(seed: 2024)
        let simulations = 2000, n = 300
        var covered = 0
        for _ in 0..<simulations {
            var a = [Double](repeating: 0, count: n), b = a
            for i in 0..<n {
                let u = g.nextUnit()
                a[i] = g.nextUnit() < 0.30 + 0.5 * u ? 1 : 0
                b[i] = g.nextUnit() < 0.25 + 0.5 * u ? 1 : 0
            }
            let r = PairedStatistics.difference(a: a, b: b)
            if r.ciLow <= 0.05 && 0.05 <= r.ciHigh { covered += 1 }
        }
        let rate = Double(covered) / Double(simulations)
        #expect(rate >= 0.935 && rate <= 0.965, "coverage \(rate)")
    }

    /// Continuous scores with skewed (exponential) noise on one side; true difference -0.1.
    @Test func continuousIntervalsCoverTheTrueDifference() {
        var g = SeededGenerator(seed: 7)
        let simulations = 2000, n = 200
        var covered = 0
        func normal() -> Double {
            // Box-Muller.
            let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        for _ in 0..<simulations {
            var a = [Double](repeating: 0, count: n), b = a
            for i in 0..<n {
                let item = normal()
                a[i] = item + 0.5 * normal()
                b[i] = item + 0.1 + 0.4 * (-log(max(g.nextUnit(), 1e-300)) - 1)
            }
            let r = PairedStatistics.difference(a: a, b: b)
            if r.ciLow <= -0.1 && -0.1 <= r.ciHigh { covered += 1 }
        }
        let rate = Double(covered) / Double(simulations)
        #expect(rate >= 0.935 && rate <= 0.965, "coverage \(rate)")
    }
}

@Suite struct ItemResponseTests {
    /// 100 models and 150 items drawn from known parameters, plus 10 items that carry no signal (a = 0) and 5 with the
    /// sign reversed: the fit recovers abilities and difficulties and flags the broken items.
    @Test func recoversKnownParametersAndFlagsBrokenItems() {
        var g = SeededGenerator(seed: 11)
        func normal() -> Double {
            let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        let models = 100, good = 150, flat = 10, reversed = 5
        let theta = (0..<models).map { _ in normal() }
        let b = (0..<(good + flat + reversed)).map { _ in normal() }
        let a = (0..<good).map { _ in 0.8 + 1.2 * g.nextUnit() } + Array(repeating: 0, count: flat) + Array(repeating: -1.5, count: reversed)
        let outcomes: [[Double?]] = theta.map { t in
            a.indices.map { j in g.nextUnit() < TwoParameterLogistic.sigmoid(a[j] * (t - b[j])) ? 1 : 0 }
        }
        let fit = TwoParameterLogistic.fit(outcomes)
        #expect(fit.converged)
        #expect(PairedStatistics.pearson(fit.abilities, theta) > 0.9, "ability r = \(PairedStatistics.pearson(fit.abilities, theta))")
        let difficulties = (0..<good).compactMap { fit.difficulty($0) }
        #expect(difficulties.count == good)
        #expect(PairedStatistics.pearson(difficulties, Array(b[0..<good])) > 0.85)
        #expect(fit.abilityStandardErrors.allSatisfy { $0 > 0.1 && $0 < 1 })

        let flatFlagged = (good..<(good + flat)).filter { abs(fit.discriminations[$0]) < 0.3 }.count
        let reversedFlagged = ((good + flat)..<a.count).filter { fit.discriminations[$0] <= -0.3 }.count
        let falseFlags = (0..<good).filter { fit.discriminations[$0] < 0.3 }.count
        #expect(flatFlagged >= 6, "\(flatFlagged) of \(flat) flat items flagged")
        #expect(reversedFlagged >= reversed - 1, "\(reversedFlagged) of \(reversed) reversed items flagged")
        #expect(falseFlags <= 8, "\(falseFlags) good items flagged")
    }

    @Test func perfectOutcomesStayFinite() {
        let fit = TwoParameterLogistic.fit([[1, 1, 0], [1, 0, 0], [1, nil, 0]])
        #expect(fit.abilities.allSatisfy(\.isFinite) && fit.discriminations.allSatisfy(\.isFinite) && fit.intercepts.allSatisfy(\.isFinite))
        #expect(fit.abilities[0] > fit.abilities[1])
    }
}
