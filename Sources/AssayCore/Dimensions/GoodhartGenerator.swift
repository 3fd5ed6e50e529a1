/// Makes a Goodhart-gap suite from original items: perturbed variants whose answer is still derivable, and
/// contamination probes.
///
/// Operators (tag `op=NAME`, metadata `group` = the original's group and `operator`):
/// - `shuffle`: the options of a choice item in a new order, the correct index moved with its option;
/// - `substitute`: a word-problem template with new numbers and names, the answer recomputed;
/// - `distract`: an irrelevant sentence added before the question (GSM-NoOp style); the answer is unchanged;
/// - `paraphrase`: the question reworded by a model (`assay goodhart paraphrase` writes them, checked to keep every
///   number), read from a file; the answer is unchanged.
///
/// Probes (tag `probe=NAME`), from the choice items:
/// - `order`: the options block in the canonical order and in `shuffles` other orders, each the target of one item whose
///   log-likelihood is measured (`target_logprob`); an uncontaminated model has no reason to prefer the canonical order;
/// - `ts_guessing`: one wrong option hidden as `[MASK]`, the model asked for it (a model that saw the item can fill it);
/// - `prefix`: the first half of the question, the model asked to complete it.
public enum GoodhartGenerator {
    public enum Operator: String, CaseIterable, Sendable {
        case shuffle, substitute, distract, paraphrase
    }

    /// A model's rewording of an original question, as `assay goodhart paraphrase` writes it.
    public struct Paraphrase: Hashable, Sendable {
        /// The original question's text (an item's prompt, or a template's rendered original without the instruction).
        public var original: String
        public var text: String
        /// The model spec that wrote it.
        public var model: String

        public init(original: String, text: String, model: String) {
            self.original = original
            self.text = text
            self.model = model
        }

        /// Reads a paraphrase file: `{"original", "paraphrase", "model"}` per line.
        public static func read(path: String, sourceName: String) -> (paraphrases: [Paraphrase], diagnostics: [Diagnostic]) {
            var reader = DataRecords(file: sourceName)
            var out: [Paraphrase] = []
            for (line, f) in reader.objects(path: path) {
                guard let original = reader.string(f, "original", line: line), let text = reader.string(f, "paraphrase", line: line) else { continue }
                out.append(Paraphrase(original: original, text: text, model: reader.string(f, "model", line: line, required: false) ?? "unknown"))
            }
            return (out, reader.diagnostics)
        }

        /// Why a rewording cannot stand for its original.
        public enum Rejection: String, CaseIterable, Sendable {
            case unchanged = "empty or unchanged"
            case notAQuestion = "no longer a question"
            case numbers = "a number changed, added or dropped"
            case statesTheAnswer = "states the answer"
            case length = "length out of range"
        }

        /// Why `text` cannot stand for `original`, or nil when it can: not empty, not the same, still a question when
        /// the original is one, every number of the original kept (as a multiset) and none added, a length within half
        /// to twice the original's, and, when `answer` is given (a choice item's correct option), not stating it unless
        /// the original does. A small model asked to reword a question often answers it instead.
        public static func rejection(original: String, text: String, answer: String? = nil) -> Rejection? {
            let a = original.trimmingCharacters(in: .whitespacesAndNewlines), b = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if b.isEmpty || b.lowercased() == a.lowercased() { return .unchanged }
            if a.hasSuffix("?"), !b.hasSuffix("?") { return .notAQuestion }
            if KeyPhraseMatcher.numbers(in: a).map(\.value).sorted() != KeyPhraseMatcher.numbers(in: b).map(\.value).sorted() { return .numbers }
            if let answer, KeyPhraseMatcher(b).contains(answer), !KeyPhraseMatcher(a).contains(answer) { return .statesTheAnswer }
            if b.count * 2 < a.count || b.count > a.count * 2 { return .length }
            return nil
        }

        /// Whether `text` may stand for `original` (``rejection(original:text:answer:)`` finds nothing).
        public static func keepsTheAnswer(original: String, text: String, answer: String? = nil) -> Bool {
            rejection(original: original, text: text, answer: answer) == nil
    }
    }

    public enum Probe: String, CaseIterable, Sendable {
        case order, tsGuessing = "ts_guessing", prefix
    }

    /// Sentences that change nothing about any question they are added to.
    public static let irrelevantSentences = [
        "The building where this was written has a green door.",
        "Last winter was colder than usual in the north.",
        "A neighbour mentioned that the bakery opened 3 new branches.",
        "It rained for most of the afternoon on Tuesday.",
        "The library down the street closes at 8 on weekdays.",
        "Someone nearby was whistling a song from 1985.",
        "The bus that morning arrived 4 minutes late.",
        "There were 12 ducks on the pond in the park.",
        "A cat slept on the windowsill all day.",
        "The clock in the hall runs 2 minutes fast.",
        "The shop on the corner was painted blue last year.",
        "A radio in the next room was playing quietly.",
    ]

    /// The original, its variants and probes for every choice item and template.
    public static func items(choices: [Item], templates: [WordProblemTemplate], operators: [Operator], probes: [Probe],
                             variants: Int, shuffles: Int, seed: Int, paraphrases: [Paraphrase] = []) -> [Item] {
        var rng = SeededGenerator(seed: seed)
        let reworded = Dictionary(grouping: paraphrases, by: \.original)
        func paraphrased(_ original: Item, question: String, group: String, render: (String) -> [Message]) -> [Item] {
            guard operators.contains(.paraphrase) else { return [] }
            var answer: String?
            if case .choice(let index, let options) = original.target, options.indices.contains(index) { answer = options[index] }
            return (reworded[question] ?? []).filter { Paraphrase.keepsTheAnswer(original: question, text: $0.text, answer: answer) }.map { p in
                let item = Item(input: render(p.text), target: original.target, tags: original.tags, metadata: original.metadata,
                                provenance: Provenance(origin: .generated, source: "goodhart:paraphrase", parent: original.id,
                                                       operator: Operator.paraphrase.rawValue, generatorModel: p.model))
                return tagged(item, group: group, role: "variant", op: .paraphrase)
            }
        }
        var out: [Item] = []
        for original in choices {
            guard case .choice(let index, let options) = original.target, options.count >= 2 else { continue }
            let group = "choice:" + original.id.prefix(12)
            out.append(tagged(original, group: group, role: "original", op: nil))
            for op in operators {
                for v in 0..<variants {
                    switch op {
                    case .shuffle:
                        let (shuffled, newIndex) = reorder(options, correct: index, rng: &rng)
                        var item = Item(input: original.input, target: .choice(index: newIndex, choices: shuffled), tags: original.tags,
                                        metadata: original.metadata, provenance: variantProvenance(original, op, v))
                        item = tagged(item, group: group, role: "variant", op: op)
                        out.append(item)
                    case .distract:
                        let item = Item(input: distracted(original.input, rng: &rng), target: original.target, tags: original.tags,
                                        metadata: original.metadata, provenance: variantProvenance(original, op, v))
                        out.append(tagged(item, group: group, role: "variant", op: op))
                    case .substitute, .paraphrase:
                        break
                    }
                }
            }
            out += paraphrased(original, question: original.prompt, group: group) { text in
                var input = original.input
                if let last = input.lastIndex(where: { $0.role == .user }) { input[last].content = text }
                return input
            }
            for probe in probes {
                out += probeItems(probe, original: original, question: original.prompt, options: options, correct: index,
                                  group: group, shuffles: shuffles, rng: &rng)
            }
        }
        for template in templates {
            guard let base = template.original else { continue }
            let group = "template:\(template.id)"
            let original = Item(prompt: base.text + WordProblemTemplate.instruction, target: .number(base.answer),
                                tags: ["goodhart", "word_problem"], metadata: ["template": template.id],
                                provenance: Provenance(origin: .authored, source: "goodhart:\(template.id)"))
            out.append(tagged(original, group: group, role: "original", op: nil))
            for op in operators {
                for v in 0..<variants {
                    switch op {
                    case .substitute:
                        guard let drawn = template.substituted(using: &rng) else { continue }
                        let item = Item(prompt: drawn.text + WordProblemTemplate.instruction, target: .number(drawn.answer),
                                        tags: original.tags, metadata: ["template": template.id],
                                        provenance: variantProvenance(original, op, v))
                        out.append(tagged(item, group: group, role: "variant", op: op))
                    case .distract:
                        let sentence = irrelevantSentences[Int(rng.uniform(UInt64(irrelevantSentences.count)))]
                        let item = Item(prompt: insertBeforeQuestion(base.text, sentence) + WordProblemTemplate.instruction,
                                        target: .number(base.answer), tags: original.tags, metadata: ["template": template.id],
                                        provenance: variantProvenance(original, op, v))
                        out.append(tagged(item, group: group, role: "variant", op: op))
                    case .shuffle, .paraphrase:
                        break
                    }
                }
            }
            out += paraphrased(original, question: base.text, group: group) { [.user($0 + WordProblemTemplate.instruction)] }
            if probes.contains(.prefix) {
                out += probeItems(.prefix, original: original, question: base.text, options: [], correct: 0, group: group,
                                  shuffles: 0, rng: &rng)
            }
        }
        return out
    }

    /// `options` in a random order different from the given one (when there are two or more distinct orders), and the
    /// new index of the correct option.
    public static func reorder(_ options: [String], correct: Int, rng: inout SeededGenerator) -> ([String], Int) {
        let indices = Array(options.indices)
        var order = indices
        for _ in 0..<20 {
            order = rng.shuffled(indices)
            if order != indices { break }
        }
        return (order.map { options[$0] }, order.firstIndex(of: correct) ?? correct)
    }

    /// The messages with an irrelevant sentence put before the last user message's text.
    static func distracted(_ input: [Message], rng: inout SeededGenerator) -> [Message] {
        var out = input
        let sentence = irrelevantSentences[Int(rng.uniform(UInt64(irrelevantSentences.count)))]
        if let last = out.lastIndex(where: { $0.role == .user }) { out[last].content = sentence + " " + out[last].content }
        return out
    }

    /// `text` with `sentence` inserted before its last sentence (the question), or appended when it has one sentence.
    static func insertBeforeQuestion(_ text: String, _ sentence: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let body = trimmed.dropLast()
        guard let cut = body.lastIndex(where: { $0 == "." || $0 == "!" }) else { return sentence + " " + trimmed }
        let head = trimmed[...cut]
        let tail = trimmed[trimmed.index(after: cut)...].trimmingCharacters(in: .whitespaces)
        return "\(head) \(sentence) \(tail)"
    }

    private static func probeItems(_ probe: Probe, original: Item, question: String, options: [String], correct: Int, group: String,
                                   shuffles: Int, rng: inout SeededGenerator) -> [Item] {
        var out: [Item] = []
        func make(_ prompt: String, _ target: String, extra: [String: String] = [:]) -> Item {
            var metadata = ["group": group, "role": "probe", "probe": probe.rawValue]
            metadata.merge(extra) { _, new in new }
            return Item(prompt: prompt, target: .text([target]), tags: ["goodhart", "probe", "probe=\(probe.rawValue)"],
                        metadata: metadata, provenance: Provenance(origin: .generated, source: "goodhart:\(group)", parent: original.id,
                                                                   operator: "probe-\(probe.rawValue)"))
        }
        switch probe {
        case .order:
            guard options.count >= 2 else { return [] }
            let prompt = "Recite the answer options of this multiple-choice question, one per line.\nQuestion: \(question)"
            var seen: Set<[String]> = [options]
            out.append(make(prompt, options.joined(separator: "\n"), extra: ["order": "canonical"]))
            for k in 0..<shuffles {
                let (shuffled, _) = reorder(options, correct: correct, rng: &rng)
                guard seen.insert(shuffled).inserted else { continue }
                out.append(make(prompt, shuffled.joined(separator: "\n"), extra: ["order": "shuffled-\(k + 1)"]))
            }
        case .tsGuessing:
            let wrong = options.indices.filter { $0 != correct }
            guard !wrong.isEmpty else { return [] }
            let hidden = wrong[Int(rng.uniform(UInt64(wrong.count)))]
            let shown = options.enumerated().map { "\(ChoiceLetters.letter($0.offset)). \($0.offset == hidden ? "[MASK]" : $0.element)" }
            let prompt = """
                One wrong option of this multiple-choice question is hidden as [MASK]. Reply with the hidden option's exact text only.
                Question: \(question)
                \(shown.joined(separator: "\n"))
                """
            out.append(make(prompt, options[hidden]))
        case .prefix:
            let words = question.split(separator: " ")
            guard words.count >= 6 else { return [] }
            let half = words.count / 2
            let prompt = "Complete this question exactly as it is usually written. Reply with the rest of the question only.\n"
                + words[..<half].joined(separator: " ")
            out.append(make(prompt, words[half...].joined(separator: " ")))
        }
        return out
    }

    private static func tagged(_ item: Item, group: String, role: String, op: Operator?) -> Item {
        var copy = item
        var tags = item.tags
        for tag in ["goodhart", role] + (op.map { ["op=\($0.rawValue)"] } ?? []) where !tags.contains(tag) { tags.append(tag) }
        copy.tags = tags
        copy.metadata["group"] = group
        copy.metadata["role"] = role
        if let op { copy.metadata["operator"] = op.rawValue }
        return copy
    }

    private static func variantProvenance(_ original: Item, _ op: Operator, _ index: Int) -> Provenance {
        Provenance(origin: .generated, source: "goodhart:\(op.rawValue):\(index)", parent: original.id, operator: op.rawValue)
    }
}

import Foundation
