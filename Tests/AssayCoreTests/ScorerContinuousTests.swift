import Foundation
import Testing
@testable import AssayCore

private func sample(_ text: String = "", choiceLL: [Double]? = nil, targetLL: Double? = nil) -> Sample {
    Sample(runID: "r", itemID: "i", epoch: 0, messages: [], completion: Completion(text: text),
           choiceLogLikelihoods: choiceLL, targetLogLikelihood: targetLL)
}

@Suite("Scorers: continuous")
struct ScorerContinuousTests {
    @Test func targetLogProb() async {
        let s = TargetLogProbScorer()
        let item = Item(prompt: "q", target: .text(["Paris"]))
        let score = await s.score(item: item, sample: sample(targetLL: -1.25))
        #expect(score.verdict == .value)
        #expect(score.value == -1.25)
        #expect(await s.score(item: item, sample: sample()).verdict == .abstain)
        #expect(s.needs == .targetLogLikelihood)
        #expect(s.isContinuous)
        #expect(s.applies(to: Item(prompt: "q", target: .number(3))))
        #expect(!s.applies(to: Item(prompt: "q", target: .choice(index: 0, choices: ["a"]))))
        #expect(!s.applies(to: Item(prompt: "q", target: .behavior(.refuse))))
    }

    @Test func brierArithmetic() async throws {
        let s = BrierScorer()
        let item = Item(prompt: "q", target: .choice(index: 0, choices: ["a", "b", "c"]))
        // Log-likelihoods whose softmax is [0.7, 0.2, 0.1]; correct option 0: 0.09 + 0.04 + 0.01 = 0.14.
        let lls = [log(0.7), log(0.2), log(0.1)]
        let score = await s.score(item: item, sample: sample(choiceLL: lls))
        #expect(score.verdict == .value)
        #expect(abs(score.value - 0.14) < 1e-12)
        // Softmax is shift-invariant, and large magnitudes do not overflow.
        let shifted = await s.score(item: item, sample: sample(choiceLL: lls.map { $0 - 1000 }))
        #expect(abs(shifted.value - 0.14) < 1e-9)
        // Certain and right: 0. Certain and wrong: 2.
        let right = await s.score(item: item, sample: sample(choiceLL: [0, -.infinity, -.infinity]))
        #expect(right.value == 0)
        let wrong = await s.score(item: item, sample: sample(choiceLL: [-.infinity, 0, -.infinity]))
        #expect(wrong.value == 2)
        #expect(await s.score(item: item, sample: sample()).verdict == .abstain)
        #expect(await s.score(item: item, sample: sample(choiceLL: [-1, -2])).verdict == .abstain)
        #expect(s.needs == .choiceLogLikelihoods)
        #expect(!s.applies(to: Item(prompt: "q", target: .text(["x"]))))
    }

    @Test func levenshteinVectors() {
        func d(_ a: [String], _ b: [String]) -> Int { TokenEditDistanceScorer.levenshtein(a[...], b[...]) }
        #expect(d(["a", "b", "c"], ["a", "x", "c"]) == 1)
        #expect(d(["a", "b"], ["a", "b", "c"]) == 1)
        #expect(d([], ["a", "b"]) == 2)
        #expect(d(["a"], []) == 1)
        #expect(d(["x", "y"], ["x", "y"]) == 0)
        #expect(d("kitten".map(String.init), "sitting".map(String.init)) == 3)
        #expect(d("flaw".map(String.init), "lawn".map(String.init)) == 2)
    }

    @Test func windowedDistance() {
        func d(_ response: String, _ target: String) -> Int {
            TokenEditDistanceScorer.distance(response: Normalizer.tokens(response), target: Normalizer.tokens(target))
        }
        #expect(d("The capital of France is Paris.", "Paris") == 0)
        #expect(d("I think it is New York City", "New York") == 0)
        #expect(d("Paris is nice", "Rome") == 1)
        #expect(d("Paris", "Paris France") == 1)      // shorter response: compared whole
        #expect(d("red green blue", "red blue green") == 2)
    }

    @Test func tokenEditDistanceScorer() async {
        let s = TokenEditDistanceScorer()
        let item = Item(prompt: "q", target: .text(["the quick brown fox"]))
        #expect(await s.score(item: item, sample: sample("Answer: the quick brown fox!")).value == 0)
        #expect(await s.score(item: item, sample: sample("a quick red fox")).value == 1)
        #expect(await s.score(item: item, sample: sample("")).value == 3)  // "the" is dropped: 3 tokens to insert
        let number = Item(prompt: "q", target: .number(1234))
        #expect(await s.score(item: number, sample: sample("It is 1,234.")).value == 0)
        #expect(await s.score(item: Item(prompt: "q", target: .text(["the"])), sample: sample("x")).verdict == .abstain)
        #expect(!s.applies(to: Item(prompt: "q", target: .choice(index: 0, choices: ["a"]))))
    }

    @Test func digitAccuracy() async {
        #expect(DigitAccuracyScorer.accuracy(target: 1234, response: 1284) == 0.75)
        #expect(DigitAccuracyScorer.accuracy(target: 1234, response: 234) == 0.75)
        #expect(DigitAccuracyScorer.accuracy(target: 1234, response: 1234) == 1)
        #expect(DigitAccuracyScorer.accuracy(target: 100, response: 99) == 0)
        #expect(DigitAccuracyScorer.accuracy(target: 12.34, response: 12.3) == 0.75)
        #expect(DigitAccuracyScorer.accuracy(target: -56, response: 56) == 1)
        let s = DigitAccuracyScorer()
        let item = Item(prompt: "q", target: .number(3.5))
        #expect(await s.score(item: item, sample: sample("about 3.50")).value == 1)
        let none = await s.score(item: item, sample: sample("no idea"))
        #expect(none.verdict == .value && none.value == 0)
        #expect(!s.applies(to: Item(prompt: "q", target: .text(["3"]))))
    }
}
