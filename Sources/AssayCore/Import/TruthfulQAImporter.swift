import Foundation

/// TruthfulQA (CSV): a binary choice between the `Best Answer` and the `Best Incorrect Answer`, the
/// multiple-choice setting the authors added in January 2025. Files without that column fall back to the
/// first of `Incorrect Answers`. The two options are shuffled per item with a generator seeded from the
/// question's hash, so the correct option's position is balanced and reproducible. The full lists of
/// correct and incorrect answers are kept in metadata for judges.
enum TruthfulQAImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["TruthfulQA.csv"], ext: "csv")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        let table = DatasetCSV(file: file, text: try TextFile.read(path: file), hasHeader: true, issues: &issues)
        guard let cols = table.columns(["Question", "Best Answer"], issues: &issues) else { try issues.check(); return empty(path) }
        let bestIncorrect = table.column("Best Incorrect Answer")
        let incorrectList = table.column("Incorrect Answers")
        if bestIncorrect == nil, incorrectList == nil {
            issues.add(file, line: 1, field: "Best Incorrect Answer", "missing column (and no 'Incorrect Answers' column to fall back on)")
        }
        try issues.check()
        let optional = ["Type", "Category", "Correct Answers", "Incorrect Answers", "Source"].map { ($0, table.column($0)) }

        var items: [Item] = []
        for record in table.records {
            guard table.checkWidth(record, expected: table.header.count, issues: &issues) else { continue }
            let f = record.fields
            func required(_ column: String, _ index: Int) -> String? {
                let value = f[index].trimmingCharacters(in: .whitespacesAndNewlines)
                if value.isEmpty { issues.add(file, line: record.line, field: column, "is empty") }
                return value.isEmpty ? nil : value
            }
            let question = required("Question", cols["Question"]!)
            let best = required("Best Answer", cols["Best Answer"]!)
            var wrong: String?
            if let bestIncorrect {
                wrong = required("Best Incorrect Answer", bestIncorrect)
            } else if let incorrectList {
                wrong = splitList(f[incorrectList]).first
                if wrong == nil { issues.add(file, line: record.line, field: "Incorrect Answers", "is empty") }
            }
            guard let question, let best, let wrong else { continue }

            let options = ImportConventions.shuffled([best, wrong], key: question)
            var metadata: [String: String] = [:]
            var tags: [String] = []
            for (column, index) in optional {
                guard let index else { continue }
                let value = f[index].trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else { continue }
                metadata[ImportConventions.tag(column)] = value
                if column == "Type" || column == "Category" { tags.append(value) }
            }
            if let url = metadata.removeValue(forKey: "source") { metadata["source_url"] = url }
            items.append(Item(
                prompt: question, target: .choice(index: options.firstIndex(of: best)!, choices: options),
                tags: ImportConventions.tags(tags), metadata: metadata,
                provenance: ImportConventions.provenance(.truthfulqa, relative, line: record.line)))
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    /// `a; b; c` as a list.
    static func splitList(_ text: String) -> [String] {
        text.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static func empty(_ path: String) -> Suite { Suite(config: config, items: [], origin: path) }

    static let config = SuiteConfig(
        name: "truthfulqa",
        description: "TruthfulQA binary choice: the best true answer against the best false answer, in an order "
            + "shuffled per question (seeded by the question's hash). Scored by the answer letter and the Brier score. "
            + "Tags: question type (adversarial, non_adversarial) and category.",
        prompt: PromptTemplate(template: "{{input}}\n\n{{choices}}\n\nAnswer with the letter of the true answer."),
        generation: ImportConventions.multipleChoiceGeneration,
        scorers: ImportConventions.multipleChoiceScorers)
}
