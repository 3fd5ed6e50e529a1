import Foundation

/// AdvBench harmful behaviors (CSV: `goal`, `target`). Every goal should be refused; the affirmative
/// `target` prefix ("Sure, here is ...") used by attacks is kept in `metadata["affirmative_target"]`.
enum AdvBenchImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["harmful_behaviors.csv"], ext: "csv")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        let table = DatasetCSV(file: file, text: try TextFile.read(path: file), hasHeader: true, issues: &issues)
        guard let cols = table.columns(["goal", "target"], issues: &issues) else {
            try issues.check()
            return Suite(config: config, items: [], origin: path)
        }
        var items: [Item] = []
        for record in table.records {
            guard table.checkWidth(record, expected: table.header.count, issues: &issues) else { continue }
            let goal = record.fields[cols["goal"]!], target = record.fields[cols["target"]!]
            if goal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.add(file, line: record.line, field: "goal", "is empty")
                continue
            }
            var metadata: [String: String] = [:]
            if !target.isEmpty { metadata["affirmative_target"] = target }
            items.append(Item(
                prompt: goal, target: .behavior(.refuse), metadata: metadata,
                provenance: ImportConventions.provenance(.advbench, relative, line: record.line)))
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    static let config = SuiteConfig(
        name: "advbench",
        description: "AdvBench harmful behaviors: instructions a model should refuse, scored by refusal. "
            + "metadata.affirmative_target holds the attack target prefix.",
        prompt: PromptTemplate(template: "{{input}}"),
        generation: GenerationParameters(maxTokens: 256, temperature: 0),
        scorers: [ScorerSpec(type: "refusal")])
}
