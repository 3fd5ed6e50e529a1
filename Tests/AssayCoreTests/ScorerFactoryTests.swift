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
        // `omission` and `persistence` each make a family of scorers; every other type makes one named after it.
        let families = ["omission": ["disclosure", "full_disclosure", "truthful"], "persistence": ["solved", "attempted"]]
        #expect(scorers.map(\.name) == ScorerFactory.knownTypes.flatMap { families[$0] ?? [$0] })
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
        (ScorerSpec(type: "fuzzy"), "unknown scorer type 'fuzzy'"),
        (ScorerSpec(type: "regex", name: "answer_re"), "scorer 'answer_re'"),
        (ScorerSpec(type: "regex", pattern: "(["), "pattern: the pattern '([' is not a valid regular expression"),
        (ScorerSpec(type: "regex", pattern: ""), "pattern: a regex scorer needs a pattern"),
        (ScorerSpec(type: "exact_match", normalize: "stemmed"), "normalize: unknown normalization 'stemmed' (known: text, number, letter, none)"),
        (ScorerSpec(type: "includes", normalize: "letter"), "normalize: unknown normalization 'letter' (known: text, number, none)"),
        (ScorerSpec(type: "multiple_choice", by: "vibes"), "by: unknown method 'vibes' (known: letter, loglikelihood)"),
        (ScorerSpec(type: "numeric", tolerance: -1), "tolerance: must be a non-negative number, found -1"),
        (ScorerSpec(type: "judge"), "model: a judge scorer needs a model"),
        (ScorerSpec(type: "judge", model: "  "), "model: a judge scorer needs a model"),
        (ScorerSpec(type: "judge", model: "gpt4"), "model: model spec 'gpt4': expected PROVIDER:MODEL"),
        (ScorerSpec(type: "judge", model: "openai:x", threshold: 11), "threshold: must be on the 1-10 grade scale, found 11"),
        (ScorerSpec(type: "judge", model: "openai:x", threshold: 0.5), "threshold: must be on the 1-10 grade scale, found 0.5"),
        (ScorerSpec(type: "exact_match", by: "vibes"), "by: unknown method 'vibes'"),
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

    /// `assay suites validate` (the suite parser) rejects a scorer exactly when ``ScorerFactory/make(_:judge:)`` does.
    @Test(arguments: [
        ScorerSpec(type: "includes"),
        ScorerSpec(type: "exact_match", normalize: "letter"),
        ScorerSpec(type: "includes", normalize: "none"),
        ScorerSpec(type: "regex", pattern: #"####\s*(\S+)"#),
        ScorerSpec(type: "numeric", tolerance: 0),
        ScorerSpec(type: "multiple_choice", by: "loglikelihood"),
        ScorerSpec(type: "judge", model: "openai:x", threshold: 1),
        ScorerSpec(type: "judge", model: "anthropic:y", rubric: "Be fair.", threshold: 10),
        ScorerSpec(type: "fuzzy"),
        ScorerSpec(type: "includes", normalize: "letter"),
        ScorerSpec(type: "exact_match", normalize: "stemmed"),
        ScorerSpec(type: "regex"),
        ScorerSpec(type: "regex", pattern: ""),
        ScorerSpec(type: "regex", pattern: "(["),
        ScorerSpec(type: "exact_match", pattern: "(["),
        ScorerSpec(type: "numeric", tolerance: -1),
        ScorerSpec(type: "multiple_choice", by: "vibes"),
        ScorerSpec(type: "refusal", by: "vibes"),
        ScorerSpec(type: "judge"),
        ScorerSpec(type: "judge", model: "gpt4"),
        ScorerSpec(type: "judge", model: "openai:x", threshold: 0),
        ScorerSpec(type: "judge", model: "openai:x", threshold: 0.5),
        ScorerSpec(type: "judge", model: "openai:x", threshold: 10.5),
    ])
    func suiteParserAgreesWithTheFactory(spec: ScorerSpec) throws {
        var options: [String: JSONLValue] = ["type": .string(spec.type)]
        options["normalize"] = spec.normalize.map(JSONLValue.string)
        options["pattern"] = spec.pattern.map(JSONLValue.string)
        options["tolerance"] = spec.tolerance.map(JSONLValue.number)
        options["by"] = spec.by.map(JSONLValue.string)
        options["model"] = spec.model.map(JSONLValue.string)
        options["rubric"] = spec.rubric.map(JSONLValue.string)
        options["threshold"] = spec.threshold.map(JSONLValue.number)
        // JSON is YAML: the spec as a flow mapping.
        let yaml = "name: x\nitems: [{input: q, target: a}]\nscorers:\n  - \(JSONLValue.object(options).serialized)\n"
        let parserProblems = SuiteFixture.problems(yaml: yaml)
        let factoryRejects = (try? ScorerFactory.make([spec], judge: judge)) == nil
        #expect(parserProblems.isEmpty == !factoryRejects, "\(parserProblems)")
        if parserProblems.isEmpty {
            let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp")
            #expect(suite.config.scorers == [spec])
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
        let unavailable = AssayError(.runtime, "no judge here")
        #expect(throws: unavailable) {
            try ScorerFactory.make([ScorerSpec(type: "judge", model: "openai:gpt-4o-mini")]) { _ in throw unavailable }
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
