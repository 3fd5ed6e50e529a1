import Testing
@testable import AssayCore

private func sample(_ text: String, choiceLL: [Double]? = nil, targetLL: Double? = nil) -> Sample {
    Sample(runID: "run", itemID: "item", epoch: 0, messages: [.user("q")], completion: Completion(text: text),
           choiceLogLikelihoods: choiceLL, targetLogLikelihood: targetLL)
}

private func verdict(_ scorer: any Scorer, _ target: Target, _ response: String) async -> Verdict {
    await scorer.score(item: Item(prompt: "q", target: target), sample: sample(response)).verdict
}

@Suite("Scorers: matching")
struct ScorerMatchTests {
    @Test func exactMatchText() async {
        let s = ExactMatchScorer()
        let paris = Target.text(["Paris", "Paris, France"])
        #expect(await verdict(s, paris, "paris.") == .pass)
        #expect(await verdict(s, paris, "  The PARIS!  ") == .pass)
        #expect(await verdict(s, paris, "Paris, France") == .pass)
        #expect(await verdict(s, paris, "Paris\n\nIt has been the capital since 987.") == .pass)  // first line
        #expect(await verdict(s, paris, "\nParis\nmore text") == .pass)                           // first non-empty line
        #expect(await verdict(s, paris, "The capital is Paris") == .fail)
        #expect(await verdict(s, paris, "London") == .fail)
        #expect(await verdict(s, paris, "") == .fail)
        let score = await s.score(item: Item(prompt: "q", target: paris), sample: sample("London"))
        #expect(score.scorer == "exact_match")
        #expect(score.explanation?.contains("London") == true)
        #expect(await verdict(s, .number(12), "12") == .pass)
        #expect(await verdict(s, .choice(index: 1, choices: ["Rome", "Paris"]), "Paris") == .pass)
    }

    @Test func exactMatchNumber() async {
        let s = ExactMatchScorer(normalize: .number)
        #expect(await verdict(s, .number(1234), "So the total is $1,234.") == .pass)
        #expect(await verdict(s, .number(0.5), "It is 0.50") == .pass)
        #expect(await verdict(s, .number(42), "First 41, then 42") == .pass)
        #expect(await verdict(s, .number(42), "42 then 41") == .fail)           // the last number counts
        #expect(await verdict(s, .number(42), "forty-two") == .fail)
        #expect(await verdict(s, .number(-3), "minus: -3") == .pass)
        #expect(await verdict(s, .text(["18"]), "The answer is 18.") == .pass)  // numeric text target
        #expect(s.applies(to: Item(prompt: "q", target: .number(1))))
        #expect(!s.applies(to: Item(prompt: "q", target: .text(["Paris"]))))
    }

    @Test func exactMatchLetterAndNone() async {
        let letter = ExactMatchScorer(normalize: .letter)
        let choice = Target.choice(index: 2, choices: ["a", "b", "c", "d"])
        #expect(await verdict(letter, choice, "C") == .pass)
        #expect(await verdict(letter, choice, "The answer is (B).") == .fail)
        #expect(await verdict(letter, choice, "no idea") == .fail)
        #expect(!letter.applies(to: Item(prompt: "q", target: .text(["x"]))))

        let none = ExactMatchScorer(normalize: .none)
        #expect(await verdict(none, .text(["Paris"]), " Paris\n") == .pass)
        #expect(await verdict(none, .text(["Paris"]), "paris") == .fail)
    }

    @Test func includes() async {
        let s = IncludesScorer()
        let paris = Target.text(["Paris"])
        #expect(await verdict(s, paris, "The capital of France is Paris.") == .pass)
        #expect(await verdict(s, paris, "I love Parisian food") == .fail)  // whole words only
        #expect(await verdict(s, .text(["New York"]), "It's new-york, of course") == .pass)
        #expect(await verdict(s, .text(["New York"]), "York is new") == .fail)
        #expect(await verdict(s, .number(1000), "It takes 1,000 steps and 3 minutes") == .pass)
        #expect(await verdict(s, .number(1000), "It takes 10000 steps") == .fail)
        #expect(await verdict(s, .facts(["Paris", "Seine"]), "Paris lies on the Seine.") == .pass)
        let missing = await s.score(item: Item(prompt: "q", target: .facts(["Paris", "Seine"])), sample: sample("Paris is big."))
        #expect(missing.verdict == .fail)
        #expect(missing.explanation?.contains("Seine") == true)
        #expect(!s.applies(to: Item(prompt: "q", target: .behavior(.refuse))))
        #expect(await verdict(IncludesScorer(normalize: .none), paris, "Parisian") == .pass)
    }

    @Test func regex() async throws {
        let s = try RegexScorer(pattern: #"####\s*(\S+)"#)
        #expect(s.extract("work...\n#### 72") == "72")
        #expect(await verdict(s, .number(72), "so #### 72") == .pass)
        #expect(await verdict(s, .number(72), "#### $72.00") == .pass)
        #expect(await verdict(s, .number(72), "#### 27") == .fail)
        #expect(await verdict(s, .number(72), "the answer is 72") == .fail)  // no match
        let whole = try RegexScorer(pattern: "(?i)paris|london")
        #expect(await verdict(whole, .text(["London"]), "I'd say LONDON.") == .pass)
        let letter = try RegexScorer(pattern: #"Answer:\s*(\S+)"#)
        #expect(await verdict(letter, .choice(index: 1, choices: ["x", "y"]), "Answer: (B)") == .pass)
        #expect(throws: AssayError.self) { try RegexScorer(pattern: "([unclosed") }
    }

    @Test func numeric() async {
        let s = NumericScorer(tolerance: 0.01)
        #expect(await verdict(s, .number(3.14159), "pi is about 3.14") == .pass)
        #expect(await verdict(s, .number(3.14159), "pi is about 3.1") == .fail)
        #expect(await verdict(s, .number(2), "no number") == .fail)
        #expect(await verdict(NumericScorer(tolerance: 0.1), .number(0.2), "0.3") == .pass)  // 0.1 exactly, despite rounding
        #expect(await verdict(NumericScorer(tolerance: 0), .number(5), "5.0") == .pass)
        #expect(!s.applies(to: Item(prompt: "q", target: .text(["Paris"]))))
    }

    @Test func multipleChoiceByLetter() async {
        let s = MultipleChoiceScorer(by: .letter)
        let target = Target.choice(index: 0, choices: ["Paris", "Rome"])
        #expect(await verdict(s, target, "A") == .pass)
        #expect(await verdict(s, target, "The answer is B.") == .fail)
        #expect(await verdict(s, target, "paris") == .pass)
        #expect(await verdict(s, target, "hmm") == .fail)
        #expect(s.needs.isEmpty)
        #expect(!s.applies(to: Item(prompt: "q", target: .text(["A"]))))
    }

    @Test func multipleChoiceByLogLikelihood() async {
        let s = MultipleChoiceScorer(by: .loglikelihood)
        #expect(s.needs == .choiceLogLikelihoods)
        let item = Item(prompt: "q", target: .choice(index: 1, choices: ["x", "y", "z"]))
        #expect(await s.score(item: item, sample: sample("", choiceLL: [-3, -1, -2])).verdict == .pass)
        #expect(await s.score(item: item, sample: sample("", choiceLL: [-0.5, -1, -2])).verdict == .fail)
        #expect(await s.score(item: item, sample: sample("B")).verdict == .abstain)           // not measured
        #expect(await s.score(item: item, sample: sample("", choiceLL: [-1, -2])).verdict == .abstain)  // wrong count
    }
}
