/// Reads public evaluation datasets, in their own file formats, into suites.
///
/// Every item records where it came from (`Provenance.source` = `DATASET/FILE:LINE`), duplicates are
/// removed (first occurrence kept), and the suite gets a configuration suited to the dataset: prompt
/// template, greedy generation and scorers. Problems in the files are reported together, each with its
/// file, line and field, as one `AssayError` with code `badInput`.
public enum SuiteImporter {
    /// Loads `path` as a dataset of the given format.
    ///
    /// `path` may be a file or a directory: for `mmlu` the folder with `test/` and `dev/`, a folder of subject
    /// CSVs, or one subject CSV; for `anthropic-evals` a JSONL file or a folder searched recursively; for
    /// `piqa` the `.jsonl` file with its `-labels.lst` beside it, or their folder; otherwise the data file or the
    /// folder holding it. `name` replaces the default suite name (the format, `mmlu-SUBJECT` for one MMLU
    /// subject, `anthropic-evals-FILE` for one Anthropic file).
    public static func load(_ format: ImportFormat, path: String, name: String? = nil) throws -> Suite {
        var suite: Suite
        switch format {
        case .gsm8k: suite = try GSM8KImporter.load(path: path)
        case .mmlu: suite = try MMLUImporter.load(path: path)
        case .truthfulqa: suite = try TruthfulQAImporter.load(path: path)
        case .piqa: suite = try PIQAImporter.load(path: path)
        case .commonsenseqa: suite = try CommonsenseQAImporter.load(path: path)
        case .harmbench: suite = try HarmBenchImporter.load(path: path)
        case .advbench: suite = try AdvBenchImporter.load(path: path)
        case .xstest: suite = try XSTestImporter.load(path: path)
        case .anthropicEvals: suite = try AnthropicEvalsImporter.load(path: path)
        }
        if suite.items.isEmpty {
            throw AssayError.invalid([Diagnostic(file: path, line: nil, field: nil, message: "no \(format.rawValue) items found")])
        }
        suite.items = Suite.deduplicated(suite.items)
        if let name { suite.config.name = name }
        return suite
    }
}
