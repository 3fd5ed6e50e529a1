import Foundation
import Testing
@testable import AssayCore

struct SuiteWriterTests {
    static let created = Date(timeIntervalSince1970: 1_735_689_600)

    static func sampleSuite() -> Suite {
        let config = SuiteConfig(
            name: "roundtrip",
            description: "Tricky: values \"quoted\", yes, 123",
            prompt: PromptTemplate(system: "", template: "Q: {{input}}\n{{choices}}\nA:",
                                   fewShot: [FewShotExample(input: "1+1", choices: nil, answer: "2"),
                                             FewShotExample(input: "pick", choices: ["null", "true"], answer: "A")]),
            generation: GenerationParameters(maxTokens: 32, temperature: 0.7, topP: 0.95, stop: ["\n\n", "###"], seed: 5),
            scorers: [
                ScorerSpec(type: "includes"),
                ScorerSpec(type: "exact_match", normalize: "number"),
                ScorerSpec(type: "regex", name: "r", pattern: #"^\s*(\d+)"#),
                ScorerSpec(type: "numeric", tolerance: 1e-6),
                ScorerSpec(type: "judge", model: "anthropic:claude-x", rubric: "Multi\nline rubric", threshold: 6.5),
            ]
        )
        let items = [
            Item(prompt: "What is 2+2?", target: .number(4), tags: ["math"], cluster: "c1", metadata: ["k": "v", "n": "007"]),
            Item(prompt: "Capital?", target: .text(["Paris", "paris"])),
            Item(prompt: "One", target: .text(["yes"])),
            Item(prompt: "Pick", target: .choice(index: 2, choices: ["a", "b", "c"])),
            Item(prompt: "Bad", target: .behavior(.refuse),
                 provenance: Provenance(origin: .mutated, source: "x.jsonl:3", parent: "abc", operator: "paraphrase",
                                        generatorModel: "openai:gpt-4o", createdAt: created)),
            Item(prompt: "Summarize", target: .facts(["f1", "f2"])),
            Item(input: [.system("sys"), .user("u1"), .assistant("a1"), .user("u2 \"quoted\"\tand ünïcode ✓")], target: .none),
            Item(prompt: "Many", target: .choice(index: 27, choices: (0..<30).map { "o\($0)" })),
            Item(prompt: "Negative", target: .number(-0.125)),
        ]
        return Suite(config: config, items: items, parent: "parentversion")
    }

    @Test func roundTripKeepsVersionAndItems() throws {
        let suite = Self.sampleSuite()
        let dir = try SuiteFixture.directory() + "/nested/out"
        try SuiteWriter.write(suite, to: dir)
        let loaded = try SuiteLoader.load(path: dir)
        #expect(loaded.config == suite.config)
        #expect(loaded.version == suite.version)
        #expect(loaded.parent == suite.parent)
        // Items without provenance in memory get the default authored one; compare everything else exactly.
        #expect(loaded.items.count == suite.items.count)
        for (a, b) in zip(loaded.items, suite.items) {
            #expect(a.id == b.id)
            #expect(a.input == b.input)
            #expect(a.target == b.target)
            #expect(a.tags == b.tags)
            #expect(a.cluster == b.cluster)
            #expect(a.metadata == b.metadata)
            #expect(a.provenance == b.provenance)
        }
        #expect(loaded.items == suite.items)
    }

    @Test func generatedItemsAreWrittenOut() throws {
        let yaml = "name: gen\ngenerate:\n  - arithmetic: {count: 6, min_digits: 1, max_digits: 3, seed: 3}\n"
        let original = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/tmp")
        let dir = try SuiteFixture.directory()
        try SuiteWriter.write(original, to: dir)
        let text = try String(contentsOfFile: dir + "/suite.yaml", encoding: .utf8)
        #expect(!text.contains("generate"))
        #expect(text.contains("items: items.jsonl"))
        let loaded = try SuiteLoader.load(path: dir)
        #expect(loaded.items == original.items)
        #expect(loaded.version == original.version)
        #expect(loaded.items.allSatisfy { $0.provenance.origin == .generated })
    }

    @Test func writtenFormatIsTheNativeOne() throws {
        let line = JSONLValue.line(SuiteWriter.record(Item(prompt: "Pick", target: .choice(index: 1, choices: ["a", "b"]), tags: ["t"])))
        #expect(line == #"{"input":"Pick","choices":["a","b"],"answer":"B","tags":["t"],"provenance":{"origin":"authored"}}"#)
        let yaml = try SuiteWriter.yaml(for: Suite(config: SuiteConfig(name: "n", scorers: [ScorerSpec(type: "refusal")]), items: []))
        #expect(yaml == """
        name: n
        items: items.jsonl
        prompt:
          template: '{{input}}'
        generation:
          max_tokens: 256
          temperature: 0.0
        scorers:
        - refusal

        """)
    }

    @Test func roundTripOfTheStarterSuite() throws {
        let starter = try SuiteLoader.load(path: StarterSuiteTests.starterPath)
        let dir = try SuiteFixture.directory()
        try SuiteWriter.write(starter, to: dir)
        let loaded = try SuiteLoader.load(path: dir)
        #expect(loaded.version == starter.version)
        #expect(loaded.items == starter.items)
    }
}
