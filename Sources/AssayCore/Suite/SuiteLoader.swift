import Foundation

/// Reads suite files (`suite.yaml` plus an items file, inline items, or generators) into a ``Suite``.
///
/// Problems are collected, not stopped at: a bad file throws one ``AssayError`` (code `.badInput`) whose
/// ``AssayError/diagnostics`` name the file, line and field of every problem, for example
/// `suites/x/suite.yaml:12: scorers[1].type: unknown scorer type 'exactmatch' (known: ...)` or
/// `suites/x/items.jsonl:7: answer: answer 'E' is out of range for 4 choices (A-D)`.
/// Items with the same content are kept once (the first).
public enum SuiteLoader {
    /// Loads the suite at `path`: a `.yaml`/`.yml` file, or a directory containing `suite.yaml`.
    ///
    /// - Parameter runSeed: the seed of generators declared with `seed: run`.
    public static func load(path: String, runSeed: Int = 0) throws -> Suite {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AssayError(.notFound, "suite not found: \(path)")
        }
        var file = path
        if isDirectory.boolValue {
            let candidates = ["suite.yaml", "suite.yml"].map { (path as NSString).appendingPathComponent($0) }
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw AssayError(.notFound, "no suite.yaml in \(path)")
            }
            file = found
        }
        let yaml = try TextFile.read(path: file)
        return try load(yaml: yaml, file: file, baseDirectory: (file as NSString).deletingLastPathComponent, runSeed: runSeed)
    }

    /// Loads a suite from YAML text. `file` names the text in diagnostics and becomes the suite's
    /// ``Suite/origin``; relative item paths are resolved from `baseDirectory`.
    public static func load(yaml: String, file: String, baseDirectory: String, runSeed: Int = 0) throws -> Suite {
        var parser = SuiteFileParser(file: file, baseDirectory: baseDirectory)
        parser.runSeed = runSeed
        let suite = parser.parse(yaml: yaml)
        guard parser.diagnostics.isEmpty, let suite else { throw AssayError.invalid(parser.diagnostics) }
        return suite
    }
}
