import Foundation
import Testing
@testable import AssayCore

/// Temporary folders and diagnostic capture for the suite tests.
enum SuiteFixture {
    /// A fresh empty folder under the system temporary directory.
    static func directory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("assay-suite-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A fresh folder holding `files` (name → contents).
    static func folder(_ files: [String: String]) throws -> String {
        let dir = try directory()
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        return dir
    }

    /// The diagnostics `body` throws, as `file:line: field: message` lines; empty if it did not throw.
    static func problems(_ body: () throws -> Suite) -> [String] {
        do {
            _ = try body()
            return []
        } catch let error as AssayError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    /// Loads `yaml` as `suites/t/suite.yaml` with items resolved from `dir`.
    static func problems(yaml: String, dir: String = "/nonexistent") -> [String] {
        problems { try SuiteLoader.load(yaml: yaml, file: "suites/t/suite.yaml", baseDirectory: dir) }
    }
}

struct SuiteLoaderTests {
    @Test func inlineItemsWithDefaults() throws {
        let yaml = """
        name: tiny
        items:
          - {input: "What is 2 + 2?", target: 4}
          - input: "Capital of Italy?"
            target: [Rome, Roma]
            tags: [geo]
            cluster: 3
            metadata: {difficulty: 1, source: atlas}
          - {input: "Pick one", choices: [x, y, z], answer: C}
          - {input: "Be nice", behavior: comply}
          - {input: "Summarize", facts: [one, two]}
          - {input: [{role: system, content: "Be terse."}, {role: user, content: "Hi"}]}
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "suites/tiny/suite.yaml", baseDirectory: "/tmp")
        #expect(suite.name == "tiny")
        #expect(suite.origin == "suites/tiny/suite.yaml")
        #expect(suite.config.generation == GenerationParameters())
        #expect(suite.config.prompt == PromptTemplate())
        #expect(suite.items.map(\.target) == [
            .number(4), .text(["Rome", "Roma"]), .choice(index: 2, choices: ["x", "y", "z"]),
            .behavior(.comply), .facts(["one", "two"]), .none,
        ])
        let rome = suite.items[1]
        #expect(rome.tags == ["geo"])
        #expect(rome.cluster == "3")
        #expect(rome.metadata == ["difficulty": "1", "source": "atlas"])
        #expect(rome.provenance == Provenance(origin: .authored, source: "suite.yaml:4"))
        #expect(suite.items[5].input == [.system("Be terse."), .user("Hi")])
    }

    @Test func fullConfiguration() throws {
        let yaml = """
        name: full.v2-x
        description: A test
        parent: abc123
        items: [{input: q, target: a}]
        prompt:
          system: Be brief.
          template: "Q: {{input}}\\nA:"
          few_shot:
            - {input: "1+1?", answer: "2"}
            - {input: "Color?", choices: [red, blue], answer: A}
        generation: {max_tokens: 64, temperature: 0.5, top_p: 0.9, stop: ["\\n\\n"], seed: 1}
        scorers:
          - includes
          - {type: numeric, tolerance: 0.001}
          - {type: regex, pattern: "answer: (\\\\d+)", name: answer_regex}
          - {type: judge, model: "openai:gpt-4o-mini", rubric: Be fair., threshold: 7}
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp")
        #expect(suite.name == "full.v2-x")
        #expect(suite.config.description == "A test")
        #expect(suite.parent == "abc123")
        #expect(suite.config.prompt.system == "Be brief.")
        #expect(suite.config.prompt.template == "Q: {{input}}\nA:")
        #expect(suite.config.prompt.fewShot == [
            FewShotExample(input: "1+1?", answer: "2"),
            FewShotExample(input: "Color?", choices: ["red", "blue"], answer: "A"),
        ])
        #expect(suite.config.generation == GenerationParameters(maxTokens: 64, temperature: 0.5, topP: 0.9, stop: ["\n\n"], seed: 1))
        #expect(suite.config.scorers == [
            ScorerSpec(type: "includes"),
            ScorerSpec(type: "numeric", tolerance: 0.001),
            ScorerSpec(type: "regex", name: "answer_regex", pattern: "answer: (\\d+)"),
            ScorerSpec(type: "judge", model: "openai:gpt-4o-mini", rubric: "Be fair.", threshold: 7),
        ])
    }

    @Test func collectsEveryConfigurationProblem() {
        let yaml = """
        name: Bad Name
        colour: blue
        items: [{input: q, target: a}]
        prompt: {template: "no placeholder"}
        generation:
          max_tokens: many
          temperature: -1
        scorers:
          - exactmatch
          - {type: regex, pattern: "(unclosed"}
          - {type: judge}
          - {type: includes, normalize: loud}
          - includes
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:2: colour: unknown key 'colour' (allowed: name, description, parent, items, fields, prompt, generation, scorers, generate, evolve, kind, data)",
            "suites/t/suite.yaml:1: name: invalid name 'Bad Name': use lower-case letters, digits, '_', '.' and '-'",
            "suites/t/suite.yaml:4: prompt.template: the template has no {{input}} placeholder, so the item's text would not be sent",
            "suites/t/suite.yaml:6: generation.max_tokens: expected an integer, found 'many'",
            "suites/t/suite.yaml:7: generation.temperature: must not be negative, found -1",
            "suites/t/suite.yaml:9: scorers[0]: unknown scorer type 'exactmatch' (known: exact_match, includes, regex, numeric, multiple_choice, refusal, judge, target_logprob, brier, token_edit_distance, digit_accuracy, omission, stance, persistence)",
            "suites/t/suite.yaml:10: scorers[1].pattern: the pattern '(unclosed' is not a valid regular expression",
            "suites/t/suite.yaml:11: scorers[2].model: a judge scorer needs a model (a model spec such as openai:gpt-4o-mini)",
            "suites/t/suite.yaml:12: scorers[3].normalize: unknown normalization 'loud' (known: text, number, none)",
            "suites/t/suite.yaml:13: scorers[4]: scorer name 'includes' is already used by scorers[3]; give one of them a distinct name:",
        ])
    }

    @Test func unknownScorerTypeInMapping() {
        let yaml = """
        name: x
        items: [{input: q}]
        scorers:
          - {type: exactmatch}
          - {type: judge, model: "gpt4"}
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:4: scorers[0].type: unknown scorer type 'exactmatch' (known: exact_match, includes, regex, numeric, multiple_choice, refusal, judge, target_logprob, brier, token_edit_distance, digit_accuracy, omission, stance, persistence)",
            "suites/t/suite.yaml:5: scorers[1].model: model spec 'gpt4': expected PROVIDER:MODEL (providers: local, openai, anthropic, llamacpp)",
        ])
    }

    @Test func scorerOptionsAreCheckedLikeTheFactory() {
        let yaml = """
        name: x
        items: [{input: q}]
        scorers:
          - regex
          - {type: includes, normalize: letter}
          - {type: judge, model: "openai:x", threshold: 0}
          - {type: numeric, tolerance: -0.5, by: vibes}
          - {type: exact_match, normalize: letter, threshold: 10}
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:4: scorers[0]: a regex scorer needs a pattern; write {type: regex, pattern: ...}",
            "suites/t/suite.yaml:5: scorers[1].normalize: unknown normalization 'letter' (known: text, number, none)",
            "suites/t/suite.yaml:6: scorers[2].threshold: must be on the 1-10 grade scale, found 0",
            "suites/t/suite.yaml:7: scorers[3].tolerance: must be a non-negative number, found -0.5",
            "suites/t/suite.yaml:7: scorers[3].by: unknown method 'vibes' (known: letter, loglikelihood)",
        ])
    }

    @Test func missingNameAndItems() {
        #expect(SuiteFixture.problems(yaml: "description: nothing here\n") == [
            "suites/t/suite.yaml:1: name: missing suite name",
            "suites/t/suite.yaml:1: items: missing items: give a .jsonl or .csv path, a list of items, or generate:",
        ])
    }

    @Test func wrongSectionTypes() {
        let yaml = """
        name: x
        items: 42
        prompt: [a, b]
        scorers: includes
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:3: prompt: expected a mapping, found a list",
            "suites/t/suite.yaml:4: scorers: expected a list, found 'includes'",
            "suites/t/suite.yaml:2: items: items file '42' must end in .jsonl or .csv",
        ])
    }

    @Test func yamlSyntaxErrorHasLine() {
        let yaml = """
        name: x
        items: [{input: q}]
        prompt:
          template: "unterminated
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:4: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar on line 4)",
        ])
        #expect(SuiteFixture.problems(yaml: "name: x\nitems: [a, b\nprompt: {}\n") == [
            "suites/t/suite.yaml:3: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence on line 2)",
        ])
    }

    @Test func yamlDuplicateKey() {
        let problems = SuiteFixture.problems(yaml: "name: x\nname: y\nitems: [{input: q}]\n")
        #expect(problems == ["suites/t/suite.yaml:1: name: duplicate key 'name'"])
    }

    @Test func emptyFileAndNonMapping() {
        #expect(SuiteFixture.problems(yaml: "") == ["suites/t/suite.yaml:1: the file is empty; a suite needs at least name: and items:"])
        #expect(SuiteFixture.problems(yaml: "- a\n- b\n") == [
            "suites/t/suite.yaml:1: expected a mapping of suite settings (name:, items:, ...), found a list",
        ])
    }

    @Test func missingItemsFileIsResolvedFromTheYamlFolder() throws {
        let dir = try SuiteFixture.directory()
        #expect(SuiteFixture.problems(yaml: "name: x\nitems: data/items.jsonl\n", dir: dir) == [
            "suites/t/suite.yaml:2: items: items file not found: \(dir)/data/items.jsonl",
        ])
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try Data(#"{"input": "q", "target": "a"}"#.utf8).write(to: URL(fileURLWithPath: dir + "/data/items.jsonl"))
        let suite = try SuiteLoader.load(yaml: "name: x\nitems: data/items.jsonl\n", file: "s.yaml", baseDirectory: dir)
        #expect(suite.items.count == 1)
        #expect(suite.items[0].provenance == Provenance(origin: .authored, source: "data/items.jsonl:1"))
    }

    @Test func jsonlProblemsNameTheItemsFileAndLine() throws {
        let lines = [
            #"{"input": "ok", "target": "fine"}"#,
            #"{"input": "broken", "target": }"#,
            "",
            #"{"target": "no input"}"#,
            #"{"input": "q", "choices": ["a", "b", "c", "d"], "answer": "E"}"#,
            #"{"input": "q", "choices": ["a", "b"], "answer": 2}"#,
            #"{"input": "q", "behavior": "ignore"}"#,
            #"{"input": "q", "target": "a", "behavior": "refuse"}"#,
            #"{"input": "q", "colour": "red"}"#,
            #"["not", "an", "object"]"#,
            #"{"input": [{"role": "robot", "content": "hi"}]}"#,
            #"{"input": "q", "choices": ["a", "b"]}"#,
            #"{"input": "q", "provenance": {"origin": "found"}}"#,
        ]
        let dir = try SuiteFixture.folder(["items.jsonl": lines.joined(separator: "\n") + "\n"])
        let f = "\(dir)/items.jsonl"
        #expect(SuiteFixture.problems(yaml: "name: x\nitems: items.jsonl\n", dir: dir) == [
            "\(f):2: malformed JSON: unexpected character '}' at column 31",
            "\(f):4: input: missing input field",
            "\(f):5: answer: answer 'E' is out of range for 4 choices (A-D)",
            "\(f):6: answer: answer 2 is out of range for 2 choices (0-based index 0-1)",
            "\(f):7: behavior: unknown behavior 'ignore' (known: refuse, comply)",
            "\(f):8: give only one of target, choices/answer, behavior, facts (found target, behavior)",
            "\(f):9: colour: unknown field 'colour' (allowed: input, target, choices, answer, behavior, facts, tags, cluster, metadata, provenance, id)",
            "\(f):10: expected a JSON object, found a list",
            "\(f):11: input[0].role: expected a role (system, user, assistant), found 'robot'",
            "\(f):12: answer: choices given without an answer",
            "\(f):13: provenance.origin: expected an origin (authored, imported, generated, mutated, telemetry), found 'found'",
        ])
    }

    @Test func inlineItemProblemsUseTheFieldLine() {
        let yaml = """
        name: x
        items:
          - input: fine
            target: ok
          - input: q
            choices: [a, b]
            answer: Z
          - just a string
          - target: yes
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:8: items[2]: expected an item mapping (input:, target:, ...), found 'just a string'",
            "suites/t/suite.yaml:7: items[1].answer: answer 'Z' is out of range for 2 choices (A-B)",
            "suites/t/suite.yaml:9: items[3].input: missing input field",
            "suites/t/suite.yaml:9: items[3].target: expected a string, a list of strings or a number, found a boolean",
        ])
    }

    @Test func emptyItemsFileIsAnError() throws {
        let dir = try SuiteFixture.folder(["items.jsonl": "\n\n"])
        #expect(SuiteFixture.problems(yaml: "name: x\nitems: items.jsonl\n", dir: dir) == [
            "suites/t/suite.yaml:2: items: the suite has no items",
        ])
    }

    @Test func duplicateItemsAreKeptOnce() throws {
        let yaml = """
        name: x
        items:
          - {input: q, target: a, tags: [first]}
          - {input: q, target: a, tags: [second]}
          - {input: q, target: b}
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp")
        #expect(suite.items.count == 2)
        #expect(suite.items[0].tags == ["first"])
    }

    @Test func versionIgnoresOrderAndMetadataButNotPrompts() throws {
        let a = "name: v\nitems:\n  - {input: one, target: '1', tags: [x]}\n  - {input: two, target: '2'}\n"
        let b = "name: v\nitems:\n  - {input: two, target: '2'}\n  - {input: one, target: '1', tags: [y]}\n"
        let c = "name: v\nprompt: {template: 'Q: {{input}}'}\nitems:\n  - {input: one, target: '1'}\n  - {input: two, target: '2'}\n"
        let d = "name: v\nitems:\n  - {input: one!, target: '1'}\n  - {input: two, target: '2'}\n"
        let load = { (yaml: String) in try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp") }
        let va = try load(a).version
        #expect(va == (try load(b).version))
        #expect(va != (try load(c).version))
        #expect(va != (try load(d).version))
        #expect(va.count == 64)
    }

    @Test func generatedItemsHaveProvenanceAndTags() throws {
        let yaml = """
        name: g
        generate:
          - arithmetic: {count: 5, min_digits: 2, max_digits: 3, seed: 11, tags: [math]}
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp")
        #expect(suite.items == ArithmeticGenerator.items(count: 5, minDigits: 2, maxDigits: 3, seed: 11, tags: ["math"]))
        #expect(suite.items.allSatisfy { $0.provenance.origin == .generated && $0.provenance.operator == "arithmetic" })
        #expect(suite.items[0].tags == ["arithmetic", "math", "digits=2"])
    }

    @Test func generatorProblems() {
        let yaml = """
        name: g
        generate:
          - arithmetic: {count: 0, min_digits: 4, max_digits: 2, colour: red}
          - fibonacci: {count: 3}
        """
        #expect(SuiteFixture.problems(yaml: yaml) == [
            "suites/t/suite.yaml:3: generate[0].arithmetic.colour: unknown key 'colour' (allowed: count, min_digits, max_digits, seed, tags)",
            "suites/t/suite.yaml:3: generate[0].arithmetic.count: must be between 1 and 100000, found 0",
            "suites/t/suite.yaml:3: generate[0].arithmetic.max_digits: max_digits (2) is smaller than min_digits (4)",
            "suites/t/suite.yaml:4: generate[1].fibonacci: unknown key 'fibonacci' (allowed: arithmetic, omission, honesty, goodhart, learning, persistence)",
        ])
    }

    @Test func loadPathAcceptsDirectoryOrFile() throws {
        let dir = try SuiteFixture.folder([
            "suite.yaml": "name: p\nitems: items.jsonl\n",
            "items.jsonl": #"{"input": "q", "target": "a"}"# + "\n",
        ])
        let fromDir = try SuiteLoader.load(path: dir)
        let fromFile = try SuiteLoader.load(path: dir + "/suite.yaml")
        #expect(fromDir.version == fromFile.version)
        #expect(fromDir.origin == dir + "/suite.yaml")
        #expect(throws: AssayError.self) { try SuiteLoader.load(path: dir + "/missing") }
        do {
            _ = try SuiteLoader.load(path: dir + "/missing")
        } catch let error as AssayError {
            #expect(error.code == .notFound)
        }
    }

    @Test func errorSummaryCountsProblems() throws {
        do {
            _ = try SuiteLoader.load(yaml: "name: X\nitems: [{input: q}]\ncolour: 1\n", file: "a.yaml", baseDirectory: "/tmp")
            Issue.record("expected an error")
        } catch let error as AssayError {
            #expect(error.code == .badInput)
            #expect(error.exitCode == 2)
            #expect(error.message == "2 problems in a.yaml")
        }
    }
}
