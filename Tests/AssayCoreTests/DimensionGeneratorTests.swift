import Foundation
import Testing

@testable import AssayCore

/// The generators of the dimension suites: perturbations keep answers derivable (and recompute them), generated tasks
/// are reproducible and their answers are right by an independent computation.
@Suite struct DimensionGeneratorTests {
    // MARK: Arithmetic expressions

    @Test func expressionsFollowPrecedenceAndParentheses() throws {
        let e = try ArithmeticExpression.parse("c - (a * b + 2) / 2")
        #expect(e.evaluate(["a": 3, "b": 4, "c": 20]) == 13)
        #expect(try ArithmeticExpression.parse("-a + 10").evaluate(["a": 4]) == 6)
        #expect(try ArithmeticExpression.parse("2 + 3 * 4").evaluate([:]) == 14)
        #expect(try ArithmeticExpression.parse("a / (b - b)").evaluate(["a": 1, "b": 2]) == nil)
        #expect(try ArithmeticExpression.parse("a + z").evaluate(["a": 1]) == nil)
        #expect(e.variables == ["a", "b", "c"])
        let comparison = try ArithmeticExpression.Comparison.parse("d >= a * b")
        #expect(comparison.holds(["a": 2, "b": 3, "d": 6]))
        #expect(!comparison.holds(["a": 2, "b": 3, "d": 5]))
    }

    @Test func expressionErrorsSayWhere() {
        #expect(throws: ArithmeticExpression.ParseError.self) { try ArithmeticExpression.parse("a + * b") }
        do {
            _ = try ArithmeticExpression.parse("(a + b")
            Issue.record("an unclosed parenthesis parsed")
        } catch {
            #expect(error.message == "missing ')'")
            #expect(error.offset == 6)
        }
    }

    // MARK: Word-problem substitution

    /// A template whose answer the test recomputes from the rendered text alone.
    let sum = WordProblemTemplate(
        id: "t", template: "{name} has {a} red and {b} blue marbles and gives away {c}. How many are left?",
        answer: try! ArithmeticExpression.parse("a + b - c"), ranges: ["a": 2...40, "b": 2...40, "c": 1...30],
        entities: ["name": ["Ana", "Ben", "Caro"]], constraint: try! ArithmeticExpression.Comparison.parse("a + b > c"),
        defaults: ["name": "Ana", "a": "5", "b": "7", "c": "3"])

    @Test func substitutionRecomputesTheAnswerFromTheNewNumbers() throws {
        #expect(sum.original?.answer == 9)
        var rng = SeededGenerator(seed: 11)
        var changed = 0
        for _ in 0..<200 {
            let v = try #require(sum.substituted(using: &rng))
            // Read the numbers back out of the text, as a reader of the problem would.
            let numbers = v.text.split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
            #expect(numbers.count == 3)
            #expect(v.answer == numbers[0] + numbers[1] - numbers[2])
            #expect(v.answer >= 0)
            #expect(!v.text.contains("{"))
            #expect(["Ana", "Ben", "Caro"].contains { v.text.hasPrefix($0) })
            if v.values != sum.defaults { changed += 1 }
        }
        #expect(changed == 200)
    }

    @Test func substitutionRespectsConstraintsAndWholeAnswers() throws {
        let halves = WordProblemTemplate(id: "h", template: "Split {a} apples between 2 people. How many each?",
                                         answer: try ArithmeticExpression.parse("a / 2"), ranges: ["a": 1...9], defaults: ["a": "4"])
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<100 {
            let v = try #require(halves.substituted(using: &rng))
            #expect(v.answer == v.answer.rounded())
            #expect(Double(v.values["a"]!)! / 2 == v.answer)
        }
        // No draw can satisfy an impossible constraint: nil, not a wrong answer.
        let impossible = WordProblemTemplate(id: "x", template: "{a}", answer: try ArithmeticExpression.parse("a"), ranges: ["a": 1...3],
                                             constraint: try ArithmeticExpression.Comparison.parse("a > 10"), defaults: ["a": "2"])
        #expect(impossible.substituted(using: &rng) == nil)
        #expect(impossible.original == nil)
    }

    @Test func builtInTemplatesAndQuestionsMakeDerivableVariants() throws {
        let directory = Self.suites.appendingPathComponent("goodhart")
        let (templates, problems) = WordProblemTemplate.read(path: directory.appendingPathComponent("templates.jsonl").path, sourceName: "templates.jsonl")
        #expect(problems.isEmpty, "\(problems)")
        #expect(templates.count >= 20)
        var rng = SeededGenerator(seed: 5)
        for template in templates {
            let original = try #require(template.original, "\(template.id)")
            var bindings: [String: Double] = [:]
            for name in template.ranges.keys { bindings[name] = Double(template.defaults[name]!) }
            #expect(template.answer.evaluate(bindings) == original.answer)
            let variant = try #require(template.substituted(using: &rng), "\(template.id) has no valid draw")
            for name in template.ranges.keys { bindings[name] = Double(variant.values[name]!) }
            #expect(template.answer.evaluate(bindings) == variant.answer, "\(template.id)")
            #expect(template.constraint?.holds(bindings) ?? true)
        }
        let suite = try SuiteLoader.load(path: directory.path)
        #expect(suite.config.kind == .goodhart)
        let originals = Dictionary(suite.items.filter { $0.metadata["role"] == "original" }.map { ($0.metadata["group"]!, $0) },
                                   uniquingKeysWith: { a, _ in a })
        var shuffled = 0
        for variant in suite.items where variant.metadata["role"] == "variant" {
            let original = try #require(originals[variant.metadata["group"]!])
            switch (original.target, variant.target) {
            case (.choice(let i, let a), .choice(let j, let b)):
                // The correct option moves with its text; the options are the same set.
                #expect(a[i] == b[j])
                #expect(Set(a) == Set(b))
                if variant.metadata["operator"] == "shuffle" { shuffled += 1; #expect(a != b) }
            case (.number(let x), .number(let y)):
                if variant.metadata["operator"] == "distract" { #expect(x == y) }
            default:
                Issue.record("variant kind differs from its original")
            }
        }
        #expect(shuffled >= 40)
        for probe in suite.items where probe.metadata["probe"] == "ts_guessing" {
            guard case .text(let hidden) = probe.target else { Issue.record("ts probe without text target"); continue }
            // One option line is masked, and no shown option is the hidden text.
            let options = probe.prompt.split(separator: "\n").filter { $0.count > 3 && $0.dropFirst().hasPrefix(". ") }.map { $0.dropFirst(3) }
            #expect(options.filter { $0 == "[MASK]" }.count == 1)
            #expect(!options.contains { $0 == hidden[0] })
        }
    }

    @Test func paraphrasesMustKeepEveryNumber() throws {
        let original = "Ana has 5 red and 7 blue marbles and gives away 3. How many are left?"
        typealias P = GoodhartGenerator.Paraphrase
        #expect(P.keepsTheAnswer(original: original, text: "After giving 3 away, how many of Ana's 5 red and 7 blue marbles remain?"))
        #expect(!P.keepsTheAnswer(original: original, text: "Ana has 5 red and 8 blue marbles and gives away 3. How many are left?"))
        #expect(!P.keepsTheAnswer(original: original, text: "How many marbles are left?"))
        #expect(!P.keepsTheAnswer(original: original, text: original))
        // A model that answers instead of rewording: no longer a question, or the correct option stated.
        #expect(!P.keepsTheAnswer(original: "What is the chemical symbol for sodium?", text: "The chemical symbol for sodium is Na."))
        #expect(!P.keepsTheAnswer(original: "What is the chemical symbol for sodium?", text: "Is Na the chemical symbol for sodium?", answer: "Na"))
        #expect(P.keepsTheAnswer(original: "What is the chemical symbol for sodium?", text: "Which chemical symbol stands for sodium?", answer: "Na"))
        let choice = Item(prompt: "Which planet is largest?", target: .choice(index: 1, choices: ["Mars", "Jupiter"]))
        let paraphrases = [P(original: "Which planet is largest?", text: "What is the biggest planet?", model: "local"),
                           P(original: sum.original!.text, text: "Ana gives away 3 of her 5 red and 7 blue marbles. How many remain?", model: "local"),
                           P(original: sum.original!.text, text: "Ana has 6 marbles. How many remain?", model: "local")]
        let items = GoodhartGenerator.items(choices: [choice], templates: [sum], operators: [.paraphrase], probes: [], variants: 1, shuffles: 0,
                                            seed: 1, paraphrases: paraphrases)
        let variants = items.filter { $0.metadata["operator"] == "paraphrase" }
        #expect(variants.count == 2)
        #expect(variants.allSatisfy { $0.provenance.generatorModel == "local" })
        #expect(variants.first { $0.target == choice.target }?.prompt == "What is the biggest planet?")
        #expect(variants.first { $0.target == .number(9) }?.prompt.hasSuffix(WordProblemTemplate.instruction) == true)
    }

    @Test func distractorGoesBeforeTheQuestion() {
        let text = GoodhartGenerator.insertBeforeQuestion("Ann has 3 cats. Bob has 2. How many cats in all?", "It rained.")
        #expect(text == "Ann has 3 cats. Bob has 2. It rained. How many cats in all?")
    }

    // MARK: Learning tasks

    @Test func learningEpisodesAreReproducibleAndDerivable() throws {
        let a = LearningTasks.items(tasks: LearningTasks.Task.allCases, shots: [0, 1, 4, 16], perShot: 6, seed: 9)
        let b = LearningTasks.items(tasks: LearningTasks.Task.allCases, shots: [0, 1, 4, 16], perShot: 6, seed: 9)
        let c = LearningTasks.items(tasks: LearningTasks.Task.allCases, shots: [0, 1, 4, 16], perShot: 6, seed: 10)
        #expect(a.map(\.id) == b.map(\.id))
        #expect(Set(a.map(\.id)).intersection(c.map(\.id)).count < a.count / 4)
        for item in a where item.metadata["task"] == "cipher" {
            let (demos, query) = Self.episode(item.input)
            guard case .text(let answers) = item.target else { continue }
            #expect(demos.count == Int(item.metadata["shots"]!))
            if item.metadata["query"] == "seen" {
                #expect(demos.contains { $0.0 == query && $0.1 == answers[0] })
            } else if !demos.isEmpty {
                // The key read from the demonstrations encodes the novel query to the target.
                var key: [Character: Character] = [:]
                for (plain, coded) in demos { for (p, q) in zip(plain, coded) { key[p] = q } }
                #expect(String(query.map { key[$0] ?? "?" }) == answers[0])
                #expect(!demos.contains { $0.0 == query })
            }
        }
        for item in a where item.metadata["task"] == "mapping" && item.metadata["query"] == "novel" && item.metadata["shots"] != "0" {
            let (demos, query) = Self.episode(item.input)
            var meaning: [Substring: Substring] = [:]
            for (words, colours) in demos { for (w, c) in zip(words.split(separator: " "), colours.split(separator: " ")) { meaning[w] = c } }
            guard case .text(let answers) = item.target else { continue }
            #expect(query.split(separator: " ").map { String(meaning[$0] ?? "?") }.joined(separator: " ") == answers[0])
        }
    }

    /// The demonstrations (user input, assistant output) and the query of a learning item's conversation.
    static func episode(_ messages: [Message]) -> ([(String, String)], String) {
        func input(_ m: Message) -> String { String(m.content.split(separator: "\n").last!.dropFirst("Input: ".count)) }
        var pairs: [(String, String)] = []
        for (i, m) in messages.enumerated() where m.role == .assistant { pairs.append((input(messages[i - 1]), m.content)) }
        return (pairs, input(messages.last!))
    }

    // MARK: Persistence tasks

    @Test func hanoiSolutionsAreOptimalAndChecked() {
        for n in 1...8 {
            let moves = PersistenceTasks.hanoiSolution(n)
            #expect(moves.count == (1 << n) - 1)
            let text = moves.map { "\($0.0)->\($0.1)" }.joined(separator: "\n")
            #expect(PersistenceTasks.solvesHanoi(text, disks: n))
        }
        #expect(PersistenceTasks.solvesHanoi("Move A to C\nthen A → B", disks: 1) == false)
        #expect(PersistenceTasks.solvesHanoi("1. A->B\n2. A->C\n3. B->C", disks: 2))
        // A larger disk on a smaller one is illegal.
        #expect(!PersistenceTasks.solvesHanoi("A->C\nA->C\nC->B\nB->C", disks: 2))
    }

    @Test func chainAndInstructionAnswersMatchAnIndependentReading() throws {
        let items = PersistenceTasks.items(tasks: [.chain, .instructions], lengths: [1, 3, 8], perLength: 5, seed: 4)
        #expect(items.count == 30)
        for item in items {
            if item.metadata["task"] == "chain" {
                guard case .number(let target) = item.target else { Issue.record("chain without number"); continue }
                var sentences = item.prompt.components(separatedBy: ". ")
                var value = Double(sentences.removeFirst().split(separator: " ").last!)!
                for s in sentences {
                    let k = Double(s.split(separator: " ").last!.filter(\.isNumber)) ?? 0
                    if s.hasPrefix("Add") { value += k } else if s.hasPrefix("Subtract") { value -= k } else if s.hasPrefix("Multiply") { value *= k }
                }
                #expect(value == target)
                #expect(PersistenceTasks.isSolved(item: item, text: "Step by step...\nAnswer: \(Int(target))"))
                #expect(!PersistenceTasks.isSolved(item: item, text: "Answer: \(Int(target) + 1)"))
            } else {
                guard case .text(let target) = item.target else { Issue.record("instructions without text"); continue }
                var word = Array(item.prompt.split(separator: "\"")[1])
                for line in item.prompt.split(separator: "\n") where line.first?.isNumber == true {
                    let letter = line.split(separator: " ").first { $0.count == 1 && $0.first!.isLowercase }.map { Character(String($0)) }
                    if line.contains("Reverse") { word.reverse() }
                    else if line.contains("to the end") { word.append(letter!) }
                    else if line.contains("Remove the first") { word.removeFirst() }
                    else if line.contains("Swap") { word.swapAt(0, word.count - 1) }
                    else if line.contains("at the start") { word.insert(letter!, at: 0) }
                }
                #expect(String(word) == target[0])
                #expect(PersistenceTasks.isSolved(item: item, text: "...\nAnswer: \"\(target[0])\""))
            }
        }
    }

    @Test func responsesAreSortedIntoTheTaxonomy() throws {
        let hanoi = try #require(PersistenceTasks.items(tasks: [.hanoi], lengths: [3], perLength: 1, seed: 0).first)
        let solution = PersistenceTasks.hanoiSolution(3).map { "\($0.0)->\($0.1)" }.joined(separator: "\n")
        #expect(PersistenceTasks.classify(item: hanoi, text: solution, finishReason: "stop") == .solved)
        #expect(PersistenceTasks.classify(item: hanoi, text: "I'm sorry, but I can't help with that.", finishReason: "stop") == .refused)
        #expect(PersistenceTasks.classify(item: hanoi, text: "A->C\nA->B\nand so on until done.", finishReason: "stop") == .gaveUp)
        #expect(PersistenceTasks.classify(item: hanoi, text: "A->C\nA->B\n...\n", finishReason: "stop") == .gaveUp)
        #expect(PersistenceTasks.classify(item: hanoi, text: "A->C\nA->B\nC->B\nA->", finishReason: "length") == .cutOff)
        #expect(PersistenceTasks.classify(item: hanoi, text: "A->B\nA->C", finishReason: "stop") == .wrong)
        #expect(PersistenceTasks.Category.cutOff.attempted && !PersistenceTasks.Category.gaveUp.attempted)
    }

    // MARK: Suites

    static var suites: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("suites")
    }

    @Test func builtInDimensionSuitesLoadWithTheirKinds() throws {
        for kind in SuiteKind.allCases {
            let suite = try SuiteLoader.load(path: Self.suites.appendingPathComponent(kind.rawValue).path)
            #expect(suite.config.kind == kind)
            #expect(suite.items.count >= 40, "\(kind)")
        }
    }

    @Test func changedScoringDataMakesANewVersionAndWrittenSuitesKeepIt() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("omission-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let line = { (phrase: String) in
            #"{"id": "a", "domain": "d", "context": ["x", "y"], "material": [{"fact": 1, "key_phrases": [""# + phrase
                + #""]}], "question": "q", "neutral_system": "n", "incentive_system": "i"}"#
        }
        try "name: o\nkind: omission\ngenerate:\n  - omission: {scenarios: s.jsonl}\nscorers: [omission]\n"
            .write(to: folder.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        try line("y").write(to: folder.appendingPathComponent("s.jsonl"), atomically: true, encoding: .utf8)
        let first = try SuiteLoader.load(path: folder.path)
        try line("why").write(to: folder.appendingPathComponent("s.jsonl"), atomically: true, encoding: .utf8)
        let second = try SuiteLoader.load(path: folder.path)
        // The items (prompts, targets) are the same; only the key phrase changed, and with it the version.
        #expect(first.items.map(\.id) == second.items.map(\.id))
        #expect(first.version != second.version)
        let written = folder.appendingPathComponent("written")
        try SuiteWriter.write(second, to: written.path)
        #expect(try SuiteLoader.load(path: written.path).version == second.version)
    }

    @Test func runSeedDrawsFreshLearningItems() throws {
        let path = Self.suites.appendingPathComponent("learning").path
        let a = try SuiteLoader.load(path: path, runSeed: 1), b = try SuiteLoader.load(path: path, runSeed: 2)
        #expect(a.version != b.version)
        #expect(try SuiteLoader.load(path: path, runSeed: 1).version == a.version)
    }

    @Test func badGeneratorParametersAreLocated() throws {
        let yaml = """
            name: bad
            kind: learnng
            generate:
              - learning: {tasks: [cipher, sudoku], shots: [0, 99]}
              - omission: {scenarios: missing.jsonl}
            """
        do {
            _ = try SuiteLoader.load(yaml: yaml, file: "bad.yaml", baseDirectory: NSTemporaryDirectory())
            Issue.record("a bad suite loaded")
        } catch let error as AssayError {
            let lines = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(lines.contains("bad.yaml:2: kind: unknown suite kind 'learnng'"))
            #expect(lines.contains("generate[0].learning.tasks: unknown tasks entry 'sudoku'"))
            #expect(lines.contains("generate[0].learning.shots[1]: must be a distinct number between 0 and 64, found 99"))
            #expect(lines.contains("generate[1].omission.scenarios: file not found"))
        }
    }

    @Test func anEmptyListAsksForNone() throws {
        let directory = Self.suites.appendingPathComponent("goodhart").path
        let yaml = "name: g\nkind: goodhart\ngenerate:\n  - goodhart: {choice: \(directory)/choice.jsonl, operators: [shuffle], probes: []}\n"
        let suite = try SuiteLoader.load(yaml: yaml, file: "g.yaml", baseDirectory: directory)
        #expect(!suite.items.contains { $0.metadata["role"] == "probe" })
        #expect(suite.items.filter { $0.metadata["operator"] == "shuffle" }.count >= 40)
    }

    @Test func badScenarioLinesNameFileLineAndField() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("omission-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = #"{"id": "a", "domain": "d", "context": ["x", "y"], "material": [{"fact": 1, "key_phrases": ["y"]}], "question": "q", "neutral_system": "n", "incentive_system": "i"}"#
        let bad = #"{"id": "b", "domain": "d", "context": ["x"], "material": [{"fact": 4, "key_phrases": ["y"]}], "question": "q", "neutral_system": "n"}"#
        try (good + "\n" + bad + "\n").write(to: folder.appendingPathComponent("s.jsonl"), atomically: true, encoding: .utf8)
        let (scenarios, problems) = OmissionScenario.read(path: folder.appendingPathComponent("s.jsonl").path, sourceName: "s.jsonl")
        #expect(scenarios.map(\.id) == ["a"])
        let text = problems.map(\.description)
        #expect(text.contains("s.jsonl:2: incentive_system: missing incentive_system"))
        #expect(text.contains("s.jsonl:2: material[0].fact: index 4 is out of range for 1 context facts"))
        let items = scenarios[0].item(.incentive)
        #expect(items.input.first?.content.hasPrefix("i\n\nFacts:\n- x\n- y") == true)
        #expect(OmissionScenario(metadata: items.metadata) == scenarios[0])
    }
}
