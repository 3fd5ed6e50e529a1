import Foundation

/// MMLU: one CSV per subject, rows `question, A, B, C, D, answer`.
///
/// Two layouts are read: the original headerless files with an answer letter (`A`–`D`), and copies with
/// the header `question,choice0,choice1,choice2,choice3,answer` whose answer is a 0-based index. The path
/// may be the dataset folder (with `test/` and optionally `dev/`), a folder of subject CSVs, or one
/// subject's CSV. Few-shot examples are the first five `dev/` rows of the same subject: for one subject
/// they are the suite's ``FewShotExample``s; for several subjects (where a suite-wide list cannot match
/// each item's subject) they are rendered into each item's `metadata["few_shot"]`, which the template
/// places before the question. Metadata does not enter item ids, so an item has the same id either way.
enum MMLUImporter {
    struct Row {
        var line: Int
        var question: String
        var choices: [String]
        var answer: Int
    }

    static let fewShotCount = 5

    static func load(path: String) throws -> Suite {
        let isDirectory = try DatasetFiles.isDirectory(path)
        let testFiles: [String]
        var devDirectory: String?
        let root: String
        if isDirectory {
            let test = DatasetFiles.join(path, "test")
            if DatasetFiles.exists(test) {
                testFiles = try DatasetFiles.list(test, ext: "csv")
                root = path
                devDirectory = DatasetFiles.join(path, "dev")
            } else {
                testFiles = try DatasetFiles.list(path, ext: "csv")
                root = DatasetFiles.fileName(path) == "test" ? DatasetFiles.parent(path) : path
                devDirectory = DatasetFiles.join(root, "dev")
            }
            if testFiles.isEmpty { throw ImportDiagnostics.fail(path, "no subject .csv files found") }
        } else {
            testFiles = [path]
            let folder = DatasetFiles.parent(path)
            root = ["test", "val", "dev"].contains(DatasetFiles.fileName(folder)) ? DatasetFiles.parent(folder) : folder
            devDirectory = DatasetFiles.join(root, "dev")
        }
        if let dev = devDirectory, !DatasetFiles.exists(dev) || dev == DatasetFiles.parent(testFiles[0]) { devDirectory = nil }

        var issues = ImportDiagnostics()
        var subjects: [(subject: String, file: String, rows: [Row])] = []
        for file in testFiles {
            let rows = readRows(file, issues: &issues)
            subjects.append((subject(of: file), file, rows))
        }
        var fewShot: [String: [FewShotExample]] = [:]
        if let devDirectory {
            for (subject, _, _) in subjects {
                let devFile = DatasetFiles.join(devDirectory, subject + "_dev.csv")
                guard DatasetFiles.exists(devFile) else { continue }
                fewShot[subject] = readRows(devFile, issues: &issues).prefix(fewShotCount).map {
                    FewShotExample(input: $0.question, choices: $0.choices, answer: ChoiceLetters.letter($0.answer))
                }
            }
        }
        try issues.check()

        let single = subjects.count == 1
        var items: [Item] = []
        items.reserveCapacity(subjects.reduce(0) { $0 + $1.rows.count })
        for (subject, file, rows) in subjects {
            let relative = DatasetFiles.relative(file, to: root)
            var metadata = ["subject": subject]
            if !single, devDirectory != nil {
                metadata["few_shot"] = fewShotText(subject: subject, examples: fewShot[subject] ?? [])
            }
            for row in rows {
                items.append(Item(
                    prompt: row.question, target: .choice(index: row.answer, choices: row.choices),
                    tags: [subject], metadata: metadata,
                    provenance: ImportConventions.provenance(.mmlu, relative, line: row.line)))
            }
        }
        let config: SuiteConfig
        if single {
            config = singleSubjectConfig(subjects[0].subject, fewShot: fewShot[subjects[0].subject] ?? [])
        } else {
            config = allSubjectsConfig(count: subjects.count, fewShot: devDirectory != nil)
        }
        return Suite(config: config, items: items, origin: path)
    }

    /// `abstract_algebra` from `abstract_algebra_test.csv`.
    static func subject(of file: String) -> String {
        var stem = DatasetFiles.stem(file)
        for suffix in ["_test", "_dev", "_val"] where stem.hasSuffix(suffix) {
            stem.removeLast(suffix.count)
            break
        }
        return stem
    }

    static let headerFields = ["question", "choice0", "choice1", "choice2", "choice3", "answer"]

    /// Rows of one subject file, in either layout; bad rows are reported.
    static func readRows(_ file: String, issues: inout ImportDiagnostics) -> [Row] {
        let text: String
        do { text = try TextFile.read(path: file) } catch {
            issues.merge(error, file: file)
            return []
        }
        let table = DatasetCSV(file: file, text: text, hasHeader: false, issues: &issues)
        var records = table.records[...]
        var indexAnswers = false
        if let first = records.first, first.fields.map({ $0.lowercased() }) == headerFields {
            indexAnswers = true
            records = records.dropFirst()
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for record in records {
            guard table.checkWidth(record, expected: 6, issues: &issues) else { continue }
            let f = record.fields
            let answerText = f[5].trimmingCharacters(in: .whitespaces)
            let answer: Int?
            if indexAnswers {
                answer = Int(answerText).flatMap { (0..<4).contains($0) ? $0 : nil }
            } else {
                answer = ChoiceLetters.index(of: answerText).flatMap { $0 < 4 ? $0 : nil }
            }
            var ok = true
            if answer == nil {
                ok = false
                issues.add(file, line: record.line, field: "answer",
                           "'\(answerText)' is not \(indexAnswers ? "an option index 0-3" : "an option letter A-D")")
            }
            if f[0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                ok = false
                issues.add(file, line: record.line, field: "question", "is empty")
            }
            if ok, let answer {
                rows.append(Row(line: record.line, question: f[0], choices: Array(f[1...4]), answer: answer))
            }
        }
        return rows
    }

    /// The subject's examples as one block of text, in the classic MMLU prompt layout.
    static func fewShotText(subject: String, examples: [FewShotExample]) -> String {
        var text = "The following are multiple choice questions (with answers) about \(displayName(subject)).\n\n"
        for example in examples {
            text += "\(example.input)\n\(ChoiceLetters.lines(example.choices ?? []))\nAnswer: \(example.answer)\n\n"
        }
        return text
    }

    static func displayName(_ subject: String) -> String { subject.replacingOccurrences(of: "_", with: " ") }

    static let description = "MMLU 4-way multiple choice. Scored by the answer letter, and by the Brier score of the "
        + "option probabilities where the backend gives them."

    static func singleSubjectConfig(_ subject: String, fewShot: [FewShotExample]) -> SuiteConfig {
        SuiteConfig(
            name: "mmlu-\(subject)",
            description: description + " Subject: \(displayName(subject))"
                + (fewShot.isEmpty ? "; zero-shot." : "; \(fewShot.count)-shot from the dev split."),
            prompt: PromptTemplate(
                system: "The following are multiple choice questions (with answers) about \(displayName(subject)). "
                    + "Answer with the letter of the correct option.",
                template: "{{input}}\n{{choices}}\nAnswer:",
                fewShot: fewShot),
            generation: ImportConventions.multipleChoiceGeneration,
            scorers: ImportConventions.multipleChoiceScorers)
    }

    static func allSubjectsConfig(count: Int, fewShot: Bool) -> SuiteConfig {
        SuiteConfig(
            name: "mmlu",
            description: description + " \(count) subjects, tagged by subject; "
                + (fewShot ? "5-shot: each item's metadata.few_shot holds five dev examples of its own subject." : "zero-shot."),
            prompt: PromptTemplate(
                system: "Answer each multiple choice question with the letter of the correct option.",
                template: (fewShot ? "{{metadata.few_shot}}" : "") + "{{input}}\n{{choices}}\nAnswer:"),
            generation: ImportConventions.multipleChoiceGeneration,
            scorers: ImportConventions.multipleChoiceScorers)
    }
}
