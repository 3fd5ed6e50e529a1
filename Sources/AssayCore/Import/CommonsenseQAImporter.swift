import Foundation

/// CommonsenseQA: JSONL in the Hugging Face export schema (`id`, `question`, `question_concept`,
/// `choices: {label: [...], text: [...]}`, `answerKey`) or the original nested schema
/// (`question: {stem, question_concept, choices: [{label, text}]}`).
enum CommonsenseQAImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["dev_rand_split.jsonl"], ext: "jsonl")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        var items: [Item] = []
        for record in JSONLines.read(file: file, text: try TextFile.read(path: file), issues: &issues) {
            guard let item = parse(record, relative: relative, issues: &issues) else { continue }
            items.append(item)
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    static func parse(_ record: JSONRecord, relative: String, issues: inout ImportDiagnostics) -> Item? {
        let before = issues.all.count
        let question: String?
        var concept = record.optionalString("question_concept")
        var labels: [String] = []
        var texts: [String] = []
        if let nested = record.object["question"]?.objectValue {
            question = JSONRecord.string(nested["stem"], file: record.file, line: record.line, field: "question.stem", issues: &issues)
            concept = concept ?? nested["question_concept"]?.stringValue
            let options = nested["choices"]?.arrayValue?.compactMap(\.objectValue) ?? []
            labels = options.compactMap { $0["label"]?.stringValue }
            texts = options.compactMap { $0["text"]?.stringValue }
            if options.isEmpty || labels.count != options.count || texts.count != options.count {
                issues.add(record.file, line: record.line, field: "question.choices", "expected a list of {label, text} options")
            }
        } else {
            question = record.string("question", issues: &issues)
            let choices = record.object["choices"]?.objectValue
            labels = choices?["label"]?.arrayValue?.compactMap(\.stringValue) ?? []
            texts = choices?["text"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if labels.isEmpty || labels.count != texts.count
                || labels.count != choices?["label"]?.arrayValue?.count || texts.count != choices?["text"]?.arrayValue?.count {
                issues.add(record.file, line: record.line, field: "choices",
                           "expected {label: [...], text: [...]} lists of strings of the same non-zero length")
            }
        }
        let key = record.string("answerKey", issues: &issues)
        if !labels.isEmpty, labels != (0..<labels.count).map(ChoiceLetters.letter) {
            issues.add(record.file, line: record.line, field: "choices", "labels \(labels) are not A, B, C... in order")
        }
        var answer: Int?
        if let key {
            answer = labels.firstIndex(of: key.trimmingCharacters(in: .whitespaces))
            if answer == nil, !labels.isEmpty {
                issues.add(record.file, line: record.line, field: "answerKey", "'\(key)' is not one of the labels \(labels.joined(separator: ", "))")
            }
        }
        guard issues.all.count == before, let question, let answer else { return nil }
        var metadata: [String: String] = [:]
        if let id = record.optionalString("id") { metadata["source_id"] = id }
        if let concept { metadata["question_concept"] = concept }
        return Item(
            prompt: question, target: .choice(index: answer, choices: texts), metadata: metadata,
            provenance: ImportConventions.provenance(.commonsenseqa, relative, line: record.line))
    }

    static let config = SuiteConfig(
        name: "commonsenseqa",
        description: "CommonsenseQA 5-way multiple choice. Scored by the answer letter and the Brier score.",
        prompt: PromptTemplate(template: ImportConventions.multipleChoiceTemplate),
        generation: ImportConventions.multipleChoiceGeneration,
        scorers: ImportConventions.multipleChoiceScorers)
}
