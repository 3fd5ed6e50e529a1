import AssayCore
import AssayEvolve
import Foundation
import Testing

@Suite("SimilarityFilter")
struct SimilarityFilterTests {
    @Test func tokensAreLowerCasedAndPunctuationStripped() {
        #expect(SimilarityFilter.tokens("Hello, World! Don't-stop 42x") == ["hello", "world", "dont", "stop", "42x"])
        #expect(SimilarityFilter.tokens("  ...  ").isEmpty)
    }

    @Test func jaccardHandComputedVectors() {
        let a = "the cat sat on the mat"
        let b = "the cat sat on a mat"
        // 3-grams: {the cat sat, cat sat on, sat on the, on the mat} vs {the cat sat, cat sat on, sat on a, on a mat}
        #expect(abs(SimilarityFilter.jaccard(a, b) - 2.0 / 6.0) < 1e-12)
        // 2-grams: 3 shared of 7 distinct
        #expect(abs(SimilarityFilter.jaccard(a, b, n: 2) - 3.0 / 7.0) < 1e-12)
        // 1-grams: {the, cat, sat, on, mat} vs the same plus "a"
        #expect(abs(SimilarityFilter.jaccard(a, b, n: 1) - 5.0 / 6.0) < 1e-12)
        // Case and punctuation do not matter.
        #expect(SimilarityFilter.jaccard("Hello, World! How are you?", "hello world how are you") == 1)
        // Disjoint texts.
        #expect(SimilarityFilter.jaccard("alpha beta gamma delta", "one two three four") == 0)
    }

    @Test func jaccardFallsBackToSmallerNForShortTexts() {
        // Shorter text has 2 tokens: bigrams {please help} vs {please help, help me}.
        #expect(SimilarityFilter.jaccard("please help", "please help me") == 0.5)
        // One token: unigrams {hi} vs {hi, there}.
        #expect(SimilarityFilter.jaccard("hi", "hi there") == 0.5)
        // Repeats collapse in sets: {a a} vs {a a}.
        #expect(SimilarityFilter.jaccard("a a a a", "a a") == 1)
        #expect(SimilarityFilter.jaccard("", "") == 1)
        #expect(SimilarityFilter.jaccard("!!!", "") == 1)
        #expect(SimilarityFilter.jaccard("", "something") == 0)
    }

    @Test func bleuOfIdenticalIsOneAndOfDisjointIsZero() {
        let sentence = "the quick brown fox jumps over the lazy dog"
        #expect(abs(SimilarityFilter.bleu(candidate: sentence, reference: sentence) - 1) < 1e-12)
        #expect(SimilarityFilter.bleu(candidate: "alpha beta gamma delta", reference: "one two three four") < 1e-9)
    }

    @Test func bleuHandComputed() {
        // p1 = 5/6 (clipped "the"), p2 = (3+1)/(5+1), p3 = (2+1)/(4+1), p4 = (1+1)/(3+1), BP = 1.
        let value = SimilarityFilter.bleu(candidate: "the cat sat on the mat", reference: "the cat sat on a mat")
        let expected = pow(5.0 / 6.0 * 4.0 / 6.0 * 3.0 / 5.0 * 2.0 / 4.0, 0.25)
        #expect(abs(value - expected) < 1e-12)
        #expect(abs(value - 0.638943) < 1e-6)
        // Brevity penalty: c = 2, r = 6 gives exp(1 - 3); all (smoothed) precisions are 1.
        let short = SimilarityFilter.bleu(candidate: "the cat", reference: "the cat sat on the mat")
        #expect(abs(short - exp(-2.0)) < 1e-12)
        // A longer candidate is not penalized for length.
        let long = SimilarityFilter.bleu(candidate: "the cat sat on the mat", reference: "the cat")
        #expect(long < 1 && long > 0)
    }

    @Test func isNearDuplicateUsesMetricAndThreshold() {
        let a = "the cat sat on the mat"
        let b = "the cat sat on a mat"
        let filter = SimilarityFilter()
        #expect(filter.metric == .jaccard && filter.threshold == 0.7 && filter.n == 3)
        #expect(filter.isNearDuplicate(a, of: ["unrelated words here", a]))
        #expect(filter.nearDuplicateIndex(a, of: ["unrelated words here", a]) == 1)
        #expect(!filter.isNearDuplicate(a, of: [b]))
        #expect(!filter.isNearDuplicate(a, of: []))
        #expect(SimilarityFilter(threshold: 1.0 / 3.0).isNearDuplicate(a, of: [b]))
        #expect(SimilarityFilter(metric: .bleu, threshold: 0.6).isNearDuplicate(a, of: [b]))
        #expect(!SimilarityFilter(metric: .bleu, threshold: 0.7).isNearDuplicate(a, of: [b]))
    }

    @Test func textOfItemJoinsAllMessages() {
        let item = Item(input: [.system("Be helpful."), .user("First part"), .assistant("ok"), .user("second part")],
                        target: .none)
        #expect(SimilarityFilter.text(of: item) == "Be helpful.\nFirst part\nok\nsecond part")
    }
}
