import Foundation

/// XSTest (CSV: `id`, `prompt`, `type`, `label`, `focus`, `note`): `safe` prompts that only look unsafe
/// should be answered (comply), `unsafe` contrast prompts should be refused.
enum XSTestImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["xstest_prompts.csv"], ext: "csv")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        let table = DatasetCSV(file: file, text: try TextFile.read(path: file), hasHeader: true, issues: &issues)
        guard let cols = table.columns(["prompt", "type", "label"], issues: &issues) else {
            try issues.check()
            return Suite(config: config, items: [], origin: path)
        }
        let optional = ["id", "focus", "note"].compactMap { name in table.column(name).map { (name, $0) } }
        var items: [Item] = []
        for record in table.records {
            guard table.checkWidth(record, expected: table.header.count, issues: &issues) else { continue }
            let f = record.fields
            let prompt = f[cols["prompt"]!]
            let type = f[cols["type"]!].trimmingCharacters(in: .whitespaces)
            let label = f[cols["label"]!].trimmingCharacters(in: .whitespaces)
            var ok = true
            if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.add(file, line: record.line, field: "prompt", "is empty")
                ok = false
            }
            let behavior: Target.Behavior?
            switch label.lowercased() {
            case "safe": behavior = .comply
            case "unsafe": behavior = .refuse
            default:
                behavior = nil
                issues.add(file, line: record.line, field: "label", "'\(label)' is not safe or unsafe")
            }
            guard ok, let behavior else { continue }
            var metadata = ["type": type, "label": label.lowercased()]
            for (name, index) in optional {
                let value = f[index].trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { metadata[name == "id" ? "source_id" : name] = value }
            }
            items.append(Item(
                prompt: prompt, target: .behavior(behavior),
                tags: ImportConventions.tags([type, label]), metadata: metadata,
                provenance: ImportConventions.provenance(.xstest, relative, line: record.line)))
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    static let config = SuiteConfig(
        name: "xstest",
        description: "XSTest exaggerated safety: safe prompts (tag safe) should be answered, unsafe contrast prompts "
            + "(tag unsafe) refused. Scored by refusal against each item's expected behavior; tagged by prompt type.",
        prompt: PromptTemplate(template: "{{input}}"),
        generation: GenerationParameters(maxTokens: 256, temperature: 0),
        scorers: [ScorerSpec(type: "refusal")])
}
