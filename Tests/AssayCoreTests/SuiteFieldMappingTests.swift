import Foundation
import Testing
@testable import AssayCore

/// Items files read through `fields:` (foreign columns), CSV suites and their diagnostics.
struct SuiteFieldMappingTests {
    @Test func csvWithColumnPerChoiceAndLetterAnswers() throws {
        let csv = """
        question,A,B,C,D,answer,subject
        "Which is a fruit, botanically?",Tomato,Carrot,Potato,Onion,A,biology
        "Two-line
        question",x,y,z,w,3,misc
        """
        let dir = try SuiteFixture.folder(["mc.csv": csv + "\n"])
        let yaml = """
        name: mc
        items: mc.csv
        fields:
          input: question
          choices: [A, B, C, D]
          answer: answer
          tags: subject
          metadata: [subject]
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: dir)
        #expect(suite.items.count == 2)
        #expect(suite.items[0].target == .choice(index: 0, choices: ["Tomato", "Carrot", "Potato", "Onion"]))
        #expect(suite.items[0].tags == ["biology"])
        #expect(suite.items[0].metadata == ["subject": "biology"])
        #expect(suite.items[1].prompt == "Two-line\nquestion")
        #expect(suite.items[1].target == .choice(index: 3, choices: ["x", "y", "z", "w"]))
        #expect(suite.items[1].provenance.source == "mc.csv:3")
    }

    @Test func csvWithoutMappingUsesNativeColumnNamesAndAutoTargets() throws {
        let csv = "input,target,tags,cluster\nWhat is 6*7?,42,math,c1\nCapital of Peru?,Lima,\"[\"\"geo\"\",\"\"capitals\"\"]\",\nNo target here,,,\n"
        let dir = try SuiteFixture.folder(["items.csv": csv])
        let suite = try SuiteLoader.load(yaml: "name: c\nitems: items.csv\n", file: "s.yaml", baseDirectory: dir)
        #expect(suite.items.map(\.target) == [.number(42), .text(["Lima"]), .none])
        #expect(suite.items[0].cluster == "c1")
        #expect(suite.items[1].tags == ["geo", "capitals"])
        #expect(suite.items[1].cluster == nil)
    }

    @Test func csvProblemsReportTheLineWhereTheRecordStarts() throws {
        let csv = "input,target\n\"multi\nline\",ok\ntoo,many,fields\n,missing input\nfine,\"never closed\n"
        let dir = try SuiteFixture.folder(["items.csv": csv])
        let f = "\(dir)/items.csv"
        #expect(SuiteFixture.problems(yaml: "name: c\nitems: items.csv\n", dir: dir) == [
            "\(f):4: expected 2 fields as in the header, found 3",
            "\(f):5: input: missing input field 'input'",
            "\(f):6: unterminated quoted field (the quote opens on line 6)",
        ])
    }

    @Test func mappedColumnsMustExistInTheHeader() throws {
        let dir = try SuiteFixture.folder(["items.csv": "prompt,label\nhi,safe\n"])
        let yaml = """
        name: c
        items: items.csv
        fields:
          input: prompt
          target: verdict
        """
        #expect(SuiteFixture.problems(yaml: yaml, dir: dir) == [
            "suites/t/suite.yaml:5: fields.target: column 'verdict' is not in the header of \(dir)/items.csv (columns: prompt, label)",
        ])
        let noMapping = SuiteFixture.problems(yaml: "name: c\nitems: items.csv\n", dir: dir)
        #expect(noMapping == ["\(dir)/items.csv:1: input: no column 'input' in the header (columns: prompt, label); map columns with fields:"])
    }

    @Test func targetTypesConvertForeignValues() throws {
        let lines = [
            #"{"q": "Refuse this", "label": "refuse", "n": "12.5", "facts": "one fact", "src": 17}"#,
        ]
        let dir = try SuiteFixture.folder(["x.jsonl": lines.joined(separator: "\n")])
        func load(_ type: String, target: String) throws -> Item {
            let yaml = "name: t\nitems: x.jsonl\nfields: {input: q, target: \(target), target_type: \(type), id: src}\n"
            return try #require(try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: dir).items.first)
        }
        #expect(try load("behavior", target: "label").target == .behavior(.refuse))
        #expect(try load("number", target: "n").target == .number(12.5))
        #expect(try load("auto", target: "n").target == .number(12.5))
        #expect(try load("text", target: "n").target == .text(["12.5"]))
        #expect(try load("facts", target: "facts").target == .facts(["one fact"]))
        #expect(try load("none", target: "label").target == .none)
        #expect(try load("none", target: "label").metadata["source_id"] == "17")
        #expect(SuiteFixture.problems(yaml: "name: t\nitems: x.jsonl\nfields: {input: q, target: label, target_type: number}\n", dir: dir) == [
            "\(dir)/x.jsonl:1: label: expected a number, found 'refuse'",
        ])
        #expect(SuiteFixture.problems(yaml: "name: t\nitems: x.jsonl\nfields: {input: q, target_type: guess}\n", dir: dir) == [
            "suites/t/suite.yaml:3: fields.target_type: unknown target type 'guess' (known: auto, text, number, choice, behavior, facts, none)",
        ])
    }

    @Test func choiceListColumnWithIndexAndTextAnswers() throws {
        let lines = [
            #"{"question": "Pick b", "options": ["a", "b", "c"], "label": 1}"#,
            #"{"question": "Pick c", "options": ["a", "b", "c"], "label": "c"}"#,
            #"{"question": "Pick nothing", "options": ["a", "b", "c"], "label": "d"}"#,
        ]
        let dir = try SuiteFixture.folder(["x.jsonl": lines.joined(separator: "\n")])
        let yaml = "name: t\nitems: x.jsonl\nfields: {input: question, choices: options, answer: label}\n"
        #expect(SuiteFixture.problems(yaml: yaml, dir: dir) == [
            "\(dir)/x.jsonl:3: label: answer 'd' is not a letter, an index or one of the choices",
        ])
        let ok = lines.prefix(2).joined(separator: "\n")
        let dir2 = try SuiteFixture.folder(["x.jsonl": ok])
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: dir2)
        #expect(suite.items.map(\.target) == [.choice(index: 1, choices: ["a", "b", "c"]), .choice(index: 2, choices: ["a", "b", "c"])])
    }

    @Test func itemFileReaderReadsWithoutASuite() throws {
        let dir = try SuiteFixture.folder(["a.jsonl": #"{"input": "q", "target": 3}"# + "\n"])
        let items = try ItemFileReader.items(path: dir + "/a.jsonl", sourceName: "a.jsonl")
        #expect(items == [Item(prompt: "q", target: .number(3), provenance: Provenance(origin: .authored, source: "a.jsonl:1"))])
        #expect(throws: AssayError.self) { try ItemFileReader.items(path: dir + "/missing.jsonl") }
    }

    static let mmluDev: String = {
        let repo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/data/mmlu/dev").path
    }()

    @Test(.enabled(if: FileManager.default.fileExists(atPath: SuiteFieldMappingTests.mmluDev)))
    func realMMLUFileLoadsThroughAMapping() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mmluDev).filter { $0.hasSuffix(".csv") }.sorted()
        let file = try #require(files.first)
        let yaml = """
        name: mmlu-dev
        items: \(Self.mmluDev)/\(file)
        fields: {input: question, choices: [choice0, choice1, choice2, choice3], answer: answer, target_type: choice}
        prompt: {template: "{{input}}\\n{{choices}}\\nAnswer:"}
        """
        let suite = try SuiteLoader.load(yaml: yaml, file: "s.yaml", baseDirectory: "/")
        #expect(suite.items.count >= 5)
        for item in suite.items {
            guard case .choice(let index, let choices) = item.target else {
                Issue.record("expected a choice target")
                continue
            }
            #expect(choices.count == 4)
            #expect((0..<4).contains(index))
        }
    }
}
