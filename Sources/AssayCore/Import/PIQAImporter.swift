import Foundation

/// PIQA: `{"goal", "sol1", "sol2"}` per line in `NAME.jsonl`, and the label of line i (0: sol1, 1: sol2)
/// on line i of `NAME-labels.lst` beside it.
enum PIQAImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["valid.jsonl"], ext: "jsonl")
        let labelsFile = DatasetFiles.join(DatasetFiles.parent(file), DatasetFiles.stem(file) + "-labels.lst")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        let text = try TextFile.read(path: file)
        let records = JSONLines.read(file: file, text: text, issues: &issues)
        let lastLine = lastNonBlankLine(Array(text.utf8))
        let labels = readLabels(labelsFile, issues: &issues)

        var items: [Item] = []
        for record in records {
            let goal = record.string("goal", issues: &issues)
            let sol1 = record.string("sol1", issues: &issues)
            let sol2 = record.string("sol2", issues: &issues)
            guard let labels else { continue }
            guard let label = labels[record.line] else {
                issues.add(labelsFile, line: record.line, field: "label", "no label for line \(record.line) of \(DatasetFiles.fileName(file))")
                continue
            }
            guard let goal, let sol1, let sol2, let index = label else { continue }
            items.append(Item(
                prompt: goal, target: .choice(index: index, choices: [sol1, sol2]),
                provenance: ImportConventions.provenance(.piqa, relative, line: record.line)))
        }
        if let labels, let extra = labels.keys.filter({ $0 > lastLine }).min() {
            issues.add(labelsFile, line: extra, field: "label", "more labels than items in \(DatasetFiles.fileName(file))")
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    /// The number of the last line with content (0 for an empty file).
    static func lastNonBlankLine(_ bytes: [UInt8]) -> Int {
        var line = 0, last = 0
        for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            if slice.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { last = line }
        }
        return last
    }

    /// Labels by line number; a bad label is reported and stored as nil so its item is not also reported missing.
    /// Nil (and reported) when the file is missing or unreadable.
    static func readLabels(_ file: String, issues: inout ImportDiagnostics) -> [Int: Int?]? {
        guard DatasetFiles.exists(file) else {
            issues.add(file, line: nil, field: nil, "labels file not found (expected beside the .jsonl file)")
            return nil
        }
        let bytes: [UInt8]
        do { bytes = Array(try TextFile.read(path: file).utf8) } catch {
            issues.merge(error, file: file)
            return nil
        }
        var labels: [Int: Int?] = [:]
        var line = 0
        for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            let text = String(decoding: slice, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            switch text {
            case "0": labels[line] = 0
            case "1": labels[line] = 1
            default:
                issues.add(file, line: line, field: "label", "'\(text)' is not 0 or 1")
                labels[line] = .some(nil)
            }
        }
        return labels
    }

    static let config = SuiteConfig(
        name: "piqa",
        description: "PIQA physical commonsense: pick the better of two solutions for a goal. "
            + "Scored by the answer letter and the Brier score.",
        prompt: PromptTemplate(
            template: "Goal: {{input}}\n\nWhich solution achieves the goal?\n{{choices}}\n\nAnswer with the letter of the better solution."),
        generation: ImportConventions.multipleChoiceGeneration,
        scorers: ImportConventions.multipleChoiceScorers)
}
