import Foundation

/// GSM8K: `{"question", "answer"}` per line; the answer is a worked solution whose last line is `#### N`.
enum GSM8KImporter {
    static func load(path: String) throws -> Suite {
        let (file, root) = try DatasetFiles.dataFile(path, preferred: ["test.jsonl"], ext: "jsonl")
        let relative = DatasetFiles.relative(file, to: root)
        var issues = ImportDiagnostics()
        var items: [Item] = []
        for record in JSONLines.read(file: file, text: try TextFile.read(path: file), issues: &issues) {
            let question = record.string("question", issues: &issues)
            guard let answer = record.string("answer", issues: &issues) else { continue }
            guard let (solution, number) = parse(answer) else {
                issues.add(file, line: record.line, field: "answer", "no number after '####' at the end of the answer")
                continue
            }
            guard let question else { continue }
            items.append(Item(
                prompt: question, target: .number(number),
                metadata: ["reference_solution": solution],
                provenance: ImportConventions.provenance(.gsm8k, relative, line: record.line)))
        }
        try issues.check()
        return Suite(config: config, items: items, origin: path)
    }

    /// Splits `solution #### N` into the solution text and N (thousands separators removed).
    static func parse(_ answer: String) -> (solution: String, number: Double)? {
        guard let marker = answer.range(of: "####", options: .backwards) else { return nil }
        let raw = answer[marker.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: ",", with: "")
        guard let number = Double(raw), number.isFinite else { return nil }
        let solution = answer[..<marker.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return (solution, number)
    }

    static let config = SuiteConfig(
        name: "gsm8k",
        description: "GSM8K grade-school math word problems. The target is the final number of the reference solution; "
            + "the model is asked to end with \"The answer is N\". Scored by exact match on the number, digit accuracy, "
            + "and the log-probability of the reference answer where the backend gives one.",
        prompt: PromptTemplate(
            template: "Solve the following math problem step by step. End your reply with a line of the form "
                + "\"The answer is N\", where N is the final number.\n\n{{input}}"),
        generation: GenerationParameters(maxTokens: 512, temperature: 0),
        scorers: [
            ScorerSpec(type: "exact_match", normalize: "number"),
            ScorerSpec(type: "digit_accuracy"),
            ScorerSpec(type: "target_logprob"),
        ])
}
