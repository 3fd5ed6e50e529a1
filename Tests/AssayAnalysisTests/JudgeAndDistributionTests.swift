import AssayCore
import Foundation
import Testing

@testable import AssayAnalysis

@Suite struct JudgeAgreementTests {
    @Test func agreementStatisticsOnAStatedTable() {
        let agreement = JudgeAgreement(truePass: 20, falseFail: 5, falsePass: 10, trueFail: 15, abstainedOnPass: 3, abstainedOnFail: 1)
        #expect(agreement.decided == 50)
        #expect(abs(agreement.accuracy.value - 0.7) < 1e-12)
        #expect(abs(agreement.accuracy.stderr - (0.7 * 0.3 / 50).squareRoot()) < 1e-12)
        #expect(abs(agreement.sensitivity.value - 0.8) < 1e-12)
        #expect(abs(agreement.specificity.value - 0.6) < 1e-12)
        // p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5: kappa = 0.4, SE = sqrt(0.21 / (50 * 0.25)) = 0.129615.
        #expect(abs(agreement.kappa.value - 0.4) < 1e-12)
        #expect(abs(agreement.kappa.stderr - 0.129615) < 1e-6)
        // Abstentions stay apart: 4 of 54 labels.
        #expect(abs(agreement.abstainRate.value - 4.0 / 54) < 1e-12)
    }

    @Test func tallyKeepsAbstentionsApart() {
        let agreement = JudgeAgreement(pairs: [(true, .pass), (true, .abstain), (false, .pass), (false, .fail), (false, .abstain)])
        #expect(agreement == JudgeAgreement(truePass: 1, falseFail: 0, falsePass: 1, trueFail: 1, abstainedOnPass: 1, abstainedOnFail: 1))
    }

    @Test func roganGladenOnStatedInputs() {
        // p = 0.3, sens = 0.9, spec = 0.95: (0.3 + 0.95 - 1) / (0.9 + 0.95 - 1) = 0.25 / 0.85.
        let p = Estimate(value: 0.3, stderr: 0.02, ciLow: 0, ciHigh: 0)
        let sens = Estimate(value: 0.9, stderr: 0.03, ciLow: 0, ciHigh: 0)
        let spec = Estimate(value: 0.95, stderr: 0.01, ciLow: 0, ciHigh: 0)
        let c = RoganGladen.corrected(observed: p, sensitivity: sens, specificity: spec)
        #expect(abs(c.value - 0.25 / 0.85) < 1e-12)
        // (0.02^2 + c^2 0.03^2 + (1 - c)^2 0.01^2) / 0.85^2 = 0.000730355: SE 0.0270251, wider than the observed 0.02 / 0.85.
        #expect(abs(c.stderr - 0.0270251) < 1e-6)
        #expect(c.stderr > 0.02 / 0.85)
        #expect(abs(c.ciHigh - (0.25 / 0.85 + Statistics.z95 * c.stderr)) < 1e-12)
        // A perfect judge changes nothing; a judge at chance cannot correct.
        let perfect = Estimate(value: 1, stderr: 0, ciLow: 1, ciHigh: 1)
        #expect(abs(RoganGladen.corrected(observed: p, sensitivity: perfect, specificity: perfect).value - 0.3) < 1e-12)
        let chance = Estimate(value: 0.5, stderr: 0, ciLow: 0.5, ciHigh: 0.5)
        #expect(RoganGladen.corrected(observed: p, sensitivity: chance, specificity: chance).value.isNaN)
    }
}

@Suite struct DistributionTestTests {
    /// Completions drawn per prompt from a small set of variants.
    static func completions(prompts: Int, epochs: Int, variants: (Int) -> [String], seed: UInt64) -> [[String]] {
        var g = SeededGenerator(seed: seed)
        return (0..<prompts).map { p in
            let options = variants(p)
            return (0..<epochs).map { _ in options[Int(g.next() % UInt64(options.count))] }
        }
    }

    @Test func samplesFromOneModelAreNotFlaggedAndAChangedModelIs() {
        let same = { (p: Int) in ["The answer is \(p).", "It is \(p), I think.", "\(p)"] }
        let changed = { (p: Int) in ["The answer is \(p).", "Sorry, I cannot help with that.", "\(p + 1)"] }
        let a = Self.completions(prompts: 30, epochs: 4, variants: same, seed: 1)
        let b = Self.completions(prompts: 30, epochs: 4, variants: same, seed: 2)
        let c = Self.completions(prompts: 30, epochs: 4, variants: changed, seed: 3)
        let null = DistributionTest.hammingMMD(a: a, b: b, permutations: 500, seed: 9)
        let alternative = DistributionTest.hammingMMD(a: a, b: c, permutations: 500, seed: 9)
        #expect(null.testable && alternative.testable)
        #expect(null.prompts == 30)
        #expect(null.pValue > 0.05, "p = \(null.pValue)")
        #expect(alternative.pValue < 0.01, "p = \(alternative.pValue)")
        #expect(alternative.statistic > null.statistic)
    }

    @Test func theNullPValueIsRoughlyUniform() {
        // Across 40 independent null comparisons, about 5% should fall below 0.05 (allow up to 6 of 40).
        let same = { (p: Int) in ["yes", "no", "maybe \(p)"] }
        var below = 0
        for seed in 0..<40 {
            let a = Self.completions(prompts: 10, epochs: 3, variants: same, seed: UInt64(100 + seed))
            let b = Self.completions(prompts: 10, epochs: 3, variants: same, seed: UInt64(200 + seed))
            if DistributionTest.hammingMMD(a: a, b: b, permutations: 200, seed: UInt64(seed)).pValue < 0.05 { below += 1 }
        }
        #expect(below <= 6, "\(below) of 40 null comparisons rejected")
    }

    @Test func oneCompletionPerPromptCannotBeTested() {
        let r = DistributionTest.hammingMMD(a: [["a"], ["b"]], b: [["a"], ["c"]])
        #expect(!r.testable)
        #expect(r.pValue.isNaN)
        #expect(r.note?.contains("--epochs 2") == true)
        #expect(abs(r.identicalShare - 0.5) < 1e-12)
    }

    @Test func hammingKernelComparesWordsPositionByPosition() {
        #expect(DistributionTest.hamming([1, 2, 3], [1, 2, 3], 4) == 1)
        #expect(DistributionTest.hamming([1, 2, 3], [1, 5, 3], 4) == 0.75)
        #expect(DistributionTest.hamming([1], [1, 2], 4) == 0.75)
    }
}

@Suite struct BehaviourFeatureTests {
    @Test func markersMatchWholeWordsOnly() {
        let words = BehaviourFeature.words("I'm not sure; it MIGHT rain. Mayday!")
        #expect(BehaviourFeature.contains(words, ["not", "sure"]))
        #expect(BehaviourFeature.contains(words, ["might"]))
        #expect(!BehaviourFeature.contains(words, ["may"]))
    }
}

@Suite struct JudgeCorrectionTests {
    @Test func correctsAStoredRunsPassRatePerTagWithAWiderInterval() async throws {
        // 40 items; the judge passed items 0..<30.
        let fixture = try StoredRuns(count: 40)
        try await fixture.save()
        try await fixture.run(id: "judged", model: "m") { i, _ in ("answer \(i)", i < 30) }
        let run = try await ComparedRun.load("judged", from: fixture.store)
        let judge = JudgeCorrection.Validated(judge: "refusal", sensitivity: Estimate(value: 0.9, stderr: 0.03, ciLow: 0, ciHigh: 0),
                                              specificity: Estimate(value: 0.95, stderr: 0.02, ciLow: 0, ciHigh: 0))
        let rows = try JudgeCorrection.correct(run, scorer: "exact_match", items: fixture.items(), with: judge)
        #expect(rows.map(\.tag) == [nil, "math", "safety"])
        let all = rows[0]
        #expect(all.n == 40 && abs(all.observed.value - 0.75) < 1e-12)
        #expect(abs(all.corrected.value - (0.75 + 0.95 - 1) / (0.9 + 0.95 - 1)) < 1e-12)
        #expect(all.corrected.ciHigh - all.corrected.ciLow > all.observed.ciHigh - all.observed.ciLow)
        #expect(throws: AssayError.self) { try JudgeCorrection.correct(run, scorer: "token_edit_distance", items: fixture.items(), with: judge) }
    }
}
