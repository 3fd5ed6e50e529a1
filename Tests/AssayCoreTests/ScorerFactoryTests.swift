import Testing
@testable import AssayCore

private struct StubJudge: ModelProvider {
    let spec: ModelSpec
    func generate(_ request: GenerationRequest) async throws -> Completion { Completion(text: "GRADE: 5") }
}

@Suite("ScorerFactory")
struct ScorerFactoryTests {
    private func judge(_ model: String) throws -> any ModelProvider {
        StubJudge(spec: try ModelSpec(parsing: model))
    }

    @Test func makesEveryKnownType() throws {
        let specs = ScorerFactory.knownTypes.map { type -> ScorerSpec in
            switch type {
            case "regex": ScorerSpec(type: type, pattern: "(\\d+)")
            case "judge": ScorerSpec(type: type, model: "openai:gpt-4o-mini", threshold: 8)
            default: ScorerSpec(type: type)
            }
        }
        let scorers = try ScorerFactory.make(specs, judge: judge)
        #expect(scorers.map(\.name) == ScorerFactory.knownTypes)
        let judgeScorer = try #require(scorers.first { $0.name == "judge" } as? JudgeScorer)
        #expect(judgeScorer.threshold == 8)
        #expect(judgeScorer.judgeSpec == "openai:gpt-4o-mini")
        #expect(judgeScorer.judge.spec.model == "gpt-4o-mini")
    }

    @Test func appliesOptions() throws {
        let scorers = try ScorerFactory.make([
            ScorerSpec(type: "exact_match", name: "em_number", normalize: "number"),
            ScorerSpec(type: "multiple_choice", name: "mc_ll", by: "loglikelihood"),
            ScorerSpec(type: "numeric", tolerance: 0.5),
        ], judge: judge)
        #expect((scorers[0] as? ExactMatchScorer)?.normalize == .number)
        #expect(scorers[0].name == "em_number")
        #expect((scorers[1] as? MultipleChoiceScorer)?.method == .loglikelihood)
        #expect(scorers[1].needs == .choiceLogLikelihoods)
        #expect((scorers[2] as? NumericScorer)?.tolerance == 0.5)
    }

    @Test(arguments: [
        (ScorerSpec(type: "fuzzy"), "unknown type 'fuzzy'"),
        (ScorerSpec(type: "regex", name: "answer_re"), "scorer 'answer_re'"),
        (ScorerSpec(type: "regex", pattern: "(["), "invalid regex"),
        (ScorerSpec(type: "exact_match", normalize: "stemmed"), "unknown normalize 'stemmed'"),
        (ScorerSpec(type: "includes", normalize: "letter"), "unknown normalize 'letter'"),
        (ScorerSpec(type: "multiple_choice", by: "vibes"), "unknown by 'vibes'"),
        (ScorerSpec(type: "numeric", tolerance: -1), "tolerance"),
        (ScorerSpec(type: "judge"), "missing 'model'"),
        (ScorerSpec(type: "judge", model: "openai:x", threshold: 11), "threshold"),
    ])
    func rejectsBadSpecs(spec: ScorerSpec, message: String) {
        do {
            _ = try ScorerFactory.make([spec], judge: judge)
            Issue.record("expected an error for \(spec)")
        } catch let error as AssayError {
            #expect(error.code == .badInput)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.message.contains("scorer '\(spec.displayName)'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func rejectsDuplicateNames() {
        #expect(throws: AssayError.self) {
            try ScorerFactory.make([ScorerSpec(type: "includes"), ScorerSpec(type: "includes")], judge: judge)
        }
        #expect(throws: Never.self) {
            try ScorerFactory.make([ScorerSpec(type: "includes"), ScorerSpec(type: "includes", name: "includes_raw", normalize: "none")], judge: judge)
        }
    }

    @Test func judgeProviderErrorsPassThrough() {
        #expect(throws: AssayError.self) {
            try ScorerFactory.make([ScorerSpec(type: "judge", model: "nonsense")], judge: judge)
        }
    }

    @Test func defaultsFollowTargetKinds() {
        func types(_ targets: [Target]) -> [String] {
            ScorerFactory.defaults(for: targets.map { Item(prompt: "q", target: $0) }).map { spec in
                if let option = spec.normalize ?? spec.by { return "\(spec.type)(\(option))" }
                return spec.type
            }
        }
        #expect(types([.text(["a"])]) == ["includes", "token_edit_distance", "target_logprob"])
        #expect(types([.number(1)]) == ["exact_match(number)", "digit_accuracy", "target_logprob"])
        #expect(types([.choice(index: 0, choices: ["a", "b"])]) == ["multiple_choice(letter)", "brier"])
        #expect(types([.behavior(.refuse)]) == ["refusal"])
        #expect(types([.facts(["x"])]) == ["includes"])
        #expect(types([.text(["a"]), .number(2), .facts(["x"])]) == [
            "includes", "token_edit_distance", "target_logprob", "exact_match(number)", "digit_accuracy",
        ])
        #expect(types([]) == [])
        // The defaults are valid specs.
        #expect(throws: Never.self) {
            try ScorerFactory.make(ScorerFactory.defaults(for: [
                Item(prompt: "q", target: .text(["a"])), Item(prompt: "q", target: .number(1)),
                Item(prompt: "q", target: .choice(index: 0, choices: ["a"])), Item(prompt: "q", target: .behavior(.comply)),
            ]), judge: judge)
        }
    }
}
