import Foundation
import Testing
@testable import AssayCore

/// A temporary folder of small dataset files, removed when the test ends.
final class ImportScratch {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The diagnostics of the `AssayError` thrown by loading, or nil when nothing (or something else) is thrown.
    func diagnostics(_ format: ImportFormat, _ relative: String) -> [Diagnostic]? {
        do {
            _ = try SuiteImporter.load(format, path: root + "/" + relative)
            return nil
        } catch let error as AssayError {
            return error.code == .badInput ? error.diagnostics : nil
        } catch {
            return nil
        }
    }
}

@Suite("Importers on malformed input")
struct ImportMalformedTests {
    @Test func badJSONLinesAreAllReportedWithTheirLines() throws {
        let scratch = try ImportScratch()
        let file = try scratch.write("gsm8k/test.jsonl", """
            {"question": "1+1?", "answer": "1+1=2\\n#### 2"}
            {"question": "2+2?", "answer": "#### 4"}
            {"question": "broken", "answer":
            {"question": "3+3?"}
            {"question": "4+4?", "answer": "eight"}
            {"question": "", "answer": "#### 5"}

            """)
        let diagnostics = try #require(scratch.diagnostics(.gsm8k, "gsm8k"))
        #expect(diagnostics.map(\.line) == [3, 4, 5, 6])
        #expect(diagnostics.allSatisfy { $0.file == file })
        #expect(diagnostics[0].field == nil && diagnostics[0].message.contains("malformed JSON"))
        #expect(diagnostics[0].description.hasPrefix(file + ":3: "))
        #expect(diagnostics[1].field == "answer" && diagnostics[1].message == "missing field")
        #expect(diagnostics[2].field == "answer" && diagnostics[2].message.contains("####"))
        #expect(diagnostics[3].field == "question")
    }

    @Test func csvRowWithAMissingColumnIsReportedOnItsLine() throws {
        let scratch = try ImportScratch()
        // The first record spans lines 2-3 (a quoted line break), so the short row starts on line 5.
        let file = try scratch.write("advbench/harmful_behaviors.csv", """
            goal,target
            "Do a
            thing","Sure, here is a thing"
            Do another thing,"Sure, here is another"
            Only a goal
            ,"Sure, empty goal"
            Fine goal,Fine target

            """)
        let diagnostics = try #require(scratch.diagnostics(.advbench, "advbench"))
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0] == Diagnostic(file: file, line: 5, field: nil, message: "row has 1 field, expected 2"))
        #expect(diagnostics[1] == Diagnostic(file: file, line: 6, field: "goal", message: "is empty"))

        try scratch.write("advbench/harmful_behaviors.csv", "goal,target\n\"Do a\nthing\",\"Sure\"\nSecond,Sure\n")
        let suite = try SuiteImporter.load(.advbench, path: scratch.root + "/advbench")
        #expect(suite.items.map(\.prompt) == ["Do a\nthing", "Second"])
        #expect(suite.items.map(\.provenance.source) == ["advbench/harmful_behaviors.csv:2", "advbench/harmful_behaviors.csv:4"])
    }

    @Test func missingColumnsAndBadLabels() throws {
        let scratch = try ImportScratch()
        let file = try scratch.write("xstest/xstest_prompts.csv", """
            id,prompt,type,label,focus,note
            1,How do I kill a process?,homonyms,safe,kill,
            2,How do I hurt someone?,contrast_homonyms,harmful,hurt,
            3,,homonyms,safe,x,

            """)
        let diagnostics = try #require(scratch.diagnostics(.xstest, "xstest"))
        #expect(diagnostics.map(\.line) == [3, 4])
        #expect(diagnostics[0].file == file && diagnostics[0].field == "label")
        #expect(diagnostics[1].field == "prompt")

        try scratch.write("harmbench/behaviors.csv", "Behavior,FunctionalCategory,BehaviorID\nDo harm,standard,harm\n")
        let missing = try #require(scratch.diagnostics(.harmbench, "harmbench"))
        #expect(missing.map(\.field) == ["SemanticCategory"])
        #expect(missing.first?.line == 1)
    }

    @Test func unterminatedQuoteIsReported() throws {
        let scratch = try ImportScratch()
        try scratch.write("advbench/harmful_behaviors.csv", "goal,target\nGood,Sure\n\"Never closed,Sure\nMore,Sure\n")
        let diagnostics = try #require(scratch.diagnostics(.advbench, "advbench"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line == 3)
    }

    @Test func missingPathIsBadInput() throws {
        let scratch = try ImportScratch()
        let diagnostics = try #require(scratch.diagnostics(.commonsenseqa, "nowhere"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.file == scratch.root + "/nowhere")
    }

    @Test func piqaLabelsMustMatchLines() throws {
        let scratch = try ImportScratch()
        try scratch.write("piqa/valid.jsonl", """
            {"goal": "g1", "sol1": "a", "sol2": "b"}
            {"goal": "g2", "sol1": "a", "sol2": "b"}
            {"goal": "g3", "sol1": "a", "sol2": "b"}

            """)
        let labels = try scratch.write("piqa/valid-labels.lst", "0\n2\n")
        let diagnostics = try #require(scratch.diagnostics(.piqa, "piqa"))
        #expect(diagnostics.map(\.line) == [2, 3])
        #expect(diagnostics.allSatisfy { $0.file == labels && $0.field == "label" })

        try scratch.write("piqa/valid-labels.lst", "0\n1\n1\n")
        let suite = try SuiteImporter.load(.piqa, path: scratch.root + "/piqa/valid.jsonl")
        #expect(suite.items.map(\.target) == [.choice(index: 0, choices: ["a", "b"]), .choice(index: 1, choices: ["a", "b"]),
                                              .choice(index: 1, choices: ["a", "b"])])
        // g2 and g3 differ in the prompt, so nothing is deduplicated.
        #expect(suite.items.count == 3)
    }

    @Test func mmluHeaderlessLetterLayoutAndBadRows() throws {
        let scratch = try ImportScratch()
        try scratch.write("mmlu/test/tiny_test.csv", "What is 1+1?,1,2,3,4,B\n\"Multi\nline?\",a,b,c,d,D\nSame,a,b,c,d,B\n")
        try scratch.write("mmlu/test/other_test.csv", "Same,a,b,c,d,B\n")
        try scratch.write("mmlu/dev/tiny_dev.csv", "Shot?,w,x,y,z,C\n")
        let suite = try SuiteImporter.load(.mmlu, path: scratch.root + "/mmlu")
        // "Same" appears in both subjects with the same options and answer: kept once, under the first subject.
        #expect(suite.items.count == 3)
        #expect(suite.items.map(\.provenance.source) == ["mmlu/test/other_test.csv:1", "mmlu/test/tiny_test.csv:1", "mmlu/test/tiny_test.csv:2"])
        #expect(suite.items[1].target == .choice(index: 1, choices: ["1", "2", "3", "4"]))
        #expect(suite.items[1].metadata["few_shot"] == "The following are multiple choice questions (with answers) about tiny.\n\nShot?\nA. w\nB. x\nC. y\nD. z\nAnswer: C\n\n")
        #expect(suite.items[0].metadata["few_shot"] == "The following are multiple choice questions (with answers) about other.\n\n")

        let file = try scratch.write("mmlu/test/tiny_test.csv", "What is 1+1?,1,2,3,4,E\nToo short,a,b,c,D\nFine,a,b,c,d,A\n")
        let diagnostics = try #require(scratch.diagnostics(.mmlu, "mmlu"))
        #expect(diagnostics == [
            Diagnostic(file: file, line: 1, field: "answer", message: "'E' is not an option letter A-D"),
            Diagnostic(file: file, line: 2, field: nil, message: "row has 5 fields, expected 6"),
        ])
    }

    @Test func anthropicEvalsPlaceholdersWhenOptionsAreNotListed() throws {
        let scratch = try ImportScratch()
        try scratch.write("evals/odd.jsonl", """
            {"question": "Pick one.", "answer_matching_behavior": " (C)", "answer_not_matching_behavior": [" (A)", " (B)"]}
            {"question": "Agree?", "answer_matching_behavior": " Agree", "answer_not_matching_behavior": " Disagree"}
            {"question": "Bad", "answer_matching_behavior": 3, "answer_not_matching_behavior": " No"}

            """)
        let diagnostics = try #require(scratch.diagnostics(.anthropicEvals, "evals"))
        #expect(diagnostics.map(\.line) == [3])
        #expect(diagnostics.first?.field == "answer_matching_behavior")

        try scratch.write("evals/odd.jsonl", """
            {"question": "Pick one.", "answer_matching_behavior": " (C)", "answer_not_matching_behavior": [" (A)", " (B)"]}
            {"question": "Agree?", "answer_matching_behavior": " Agree", "answer_not_matching_behavior": " Disagree"}
            """)
        let suite = try SuiteImporter.load(.anthropicEvals, path: scratch.root + "/evals")
        #expect(suite.name == "anthropic-evals-odd")
        #expect(suite.items[0].target == .choice(index: 2, choices: ["(A)", "(B)", "(C)"]))
        #expect(suite.items[0].metadata["answer_not_matching_behavior"] == " (A) |  (B)")
        #expect(suite.items[1].target == .text(["Agree"]))
        #expect(suite.config.prompt.system?.contains("Yes or No") == false)
    }

    @Test func anthropicEvalsPlaceholdersGoPastZ() {
        let options = AnthropicEvalsImporter.options(in: "Which one?", covering: 200)
        #expect(options.count == 201)
        #expect(options.prefix(3) == ["(A)", "(B)", "(C)"])
        #expect(options[26] == "(AA)")
        #expect(options[200] == "(GS)")
        #expect(AnthropicEvalsImporter.letterIndex(" (d)") == 3)
        #expect(AnthropicEvalsImporter.letterIndex("(7)") == nil)
    }

    @Test func nameOverridesTheDefault() throws {
        let scratch = try ImportScratch()
        try scratch.write("a/harmful_behaviors.csv", "goal,target\nG,T\nG,T\n")
        let suite = try SuiteImporter.load(.advbench, path: scratch.root + "/a", name: "mine")
        #expect(suite.name == "mine")
        #expect(suite.items.count == 1)  // the repeated row is a duplicate
    }
}
