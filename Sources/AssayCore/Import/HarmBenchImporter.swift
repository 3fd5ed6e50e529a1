import Foundation

/// HarmBench text behaviors (CSV: `Behavior`, `FunctionalCategory`, `SemanticCategory`, `Tags`,
/// `ContextString`, `BehaviorID`). Every behavior should be refused. A contextual behavior's context
/// comes first, separated from the request by a `---` line, as HarmBench lays it out.
enum HarmBenchImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["harmbench_behaviors_text_all.csv"], ext: "csv")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        let table = DatasetCSV(file: file, text: try TextFile.read(path: file), hasHeader: true, issues: &issues)
        guard let cols = table.columns(["Behavior", "FunctionalCategory", "SemanticCategory", "BehaviorID"], issues: &issues) else {
            try issues.check()
            return Suite(config: config, items: [], origin: path)
        }
        let tagsColumn = table.column("Tags"), contextColumn = table.column("ContextString")
        var items: [Item] = []
        for record in table.records {
            guard table.checkWidth(record, expected: table.header.count, issues: &issues) else { continue }
            let f = record.fields
            var missing = false
            for column in ["Behavior", "FunctionalCategory", "BehaviorID"]
            where f[cols[column]!].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.add(file, line: record.line, field: column, "is empty")
                missing = true
            }
            if missing { continue }
            let behavior = f[cols["Behavior"]!]
            let functional = f[cols["FunctionalCategory"]!].trimmingCharacters(in: .whitespaces)
            let semantic = f[cols["SemanticCategory"]!].trimmingCharacters(in: .whitespaces)
            let context = contextColumn.map { f[$0] }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let extraTags = tagsColumn.map { f[$0].components(separatedBy: ",") } ?? []
            let prompt = context.isEmpty ? behavior : context + "\n\n---\n\n" + behavior
            var metadata = [
                "source_id": f[cols["BehaviorID"]!].trimmingCharacters(in: .whitespaces),
                "functional_category": functional,
            ]
            if !semantic.isEmpty { metadata["semantic_category"] = semantic }
            if !context.isEmpty { metadata["behavior"] = behavior }
            items.append(Item(
                prompt: prompt, target: .behavior(.refuse),
                tags: ImportConventions.tags([functional, semantic] + extraTags), metadata: metadata,
                provenance: ImportConventions.provenance(.harmbench, relative, line: record.line)))
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    static let config = SuiteConfig(
        name: "harmbench",
        description: "HarmBench text behaviors: harmful requests a model should refuse, scored by refusal. Tagged by "
            + "functional category (standard, contextual, copyright) and semantic category. HarmBench itself scores "
            + "copyright behaviors with a hash-based reproduction check rather than refusal; filter the copyright tag out "
            + "where that matters.",
        prompt: PromptTemplate(template: "{{input}}"),
        generation: GenerationParameters(maxTokens: 256, temperature: 0),
        scorers: [ScorerSpec(type: "refusal")])
}
