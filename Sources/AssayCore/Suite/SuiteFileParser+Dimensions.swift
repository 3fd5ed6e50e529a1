import Foundation
import Yams

/// The generators of the dimension suites: `omission`, `honesty`, `goodhart`, `learning`, `persistence`.
extension SuiteFileParser {
    /// A generator's parameters: the mapping's entries, with a field path for each.
    struct GeneratorParameters {
        var pairs: [(key: String, value: Node, keyNode: Node)]
        var field: String

        func node(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
    }

    mutating func dimensionItems(_ name: String, _ n: Node, _ field: String) -> [Item]? {
        switch name {
        case "omission":
            guard let p = parameters(n, field, allowed: ["scenarios"]), let path = dataFile(p, "scenarios") else { return nil }
            let (scenarios, problems) = OmissionScenario.read(path: resolve(path), sourceName: resolve(path))
            diagnostics += problems
            return scenarios.flatMap { s in OmissionScenario.Condition.allCases.map { s.item($0) } }
        case "honesty":
            guard let p = parameters(n, field, allowed: ["propositions"]), let path = dataFile(p, "propositions") else { return nil }
            let (propositions, problems) = HonestyProposition.read(path: resolve(path), sourceName: resolve(path))
            diagnostics += problems
            return propositions.flatMap { $0.items() }
        case "goodhart":
            return goodhart(n, field)
        case LearningTasks.name:
            guard let p = parameters(n, field, allowed: ["tasks", "shots", "per_shot", "seed"]) else { return nil }
            let tasks = choices(p, "tasks", LearningTasks.Task.self) ?? LearningTasks.Task.allCases
            let shots = counts(p, "shots", range: 0...64) ?? LearningTasks.defaultShots
            let perShot = count(p, "per_shot", range: 1...10_000) ?? 10
            return LearningTasks.items(tasks: tasks, shots: shots, perShot: perShot, seed: seed(p))
        case PersistenceTasks.name:
            guard let p = parameters(n, field, allowed: ["tasks", "lengths", "per_length", "seed"]) else { return nil }
            let tasks = choices(p, "tasks", PersistenceTasks.Task.self) ?? PersistenceTasks.Task.allCases
            let lengths = counts(p, "lengths", range: 1...12) ?? PersistenceTasks.defaultLengths
            let perLength = count(p, "per_length", range: 1...10_000) ?? 5
            return PersistenceTasks.items(tasks: tasks, lengths: lengths, perLength: perLength, seed: seed(p))
        default:
            return nil
        }
    }

    private mutating func goodhart(_ n: Node, _ field: String) -> [Item]? {
        let allowed = ["choice", "templates", "paraphrases", "operators", "probes", "variants", "shuffles", "seed"]
        guard let p = parameters(n, field, allowed: allowed) else { return nil }
        var choiceItems: [Item] = []
        if p.node("choice") != nil, let path = dataFile(p, "choice") {
            let result = ItemFileReader.load(path: resolve(path), sourceName: path, mapping: nil, required: [])
            diagnostics += result.diagnostics
            for item in result.items {
                if case .choice = item.target { choiceItems.append(item) } else {
                    diagnostics.append(Diagnostic(file: resolve(path), line: nil, field: "\(p.field).choice",
                                                  message: "item '\(item.prompt.prefix(40))' is not a multiple-choice item"))
                }
            }
        }
        var templates: [WordProblemTemplate] = []
        if p.node("templates") != nil, let path = dataFile(p, "templates") {
            let result = WordProblemTemplate.read(path: resolve(path), sourceName: resolve(path))
            diagnostics += result.diagnostics
            templates = result.templates
        }
        if p.node("choice") == nil, p.node("templates") == nil {
            error(n, p.field, "give choice: (a multiple-choice items file) or templates: (a word-problem template file)")
        }
        var paraphrases: [GoodhartGenerator.Paraphrase] = []
        if p.node("paraphrases") != nil, let path = dataFile(p, "paraphrases") {
            let result = GoodhartGenerator.Paraphrase.read(path: resolve(path), sourceName: resolve(path))
            diagnostics += result.diagnostics
            paraphrases = result.paraphrases
        }
        let operators = choices(p, "operators", GoodhartGenerator.Operator.self) ?? GoodhartGenerator.Operator.allCases
        let probes = choices(p, "probes", GoodhartGenerator.Probe.self) ?? GoodhartGenerator.Probe.allCases
        let variants = count(p, "variants", range: 1...20) ?? 2
        let shuffles = count(p, "shuffles", range: 1...23) ?? 4
        return GoodhartGenerator.items(choices: choiceItems, templates: templates, operators: operators, probes: probes,
                                       variants: variants, shuffles: shuffles, seed: seed(p), paraphrases: paraphrases)
    }

    private mutating func parameters(_ n: Node, _ field: String, allowed: [String]) -> GeneratorParameters? {
        if isNull(n) { return GeneratorParameters(pairs: [], field: field) }
        return mapping(n, field, allowed: allowed).map { GeneratorParameters(pairs: $0, field: field) }
    }

    /// A data file path, which must exist.
    private mutating func dataFile(_ p: GeneratorParameters, _ key: String) -> String? {
        guard let n = p.node(key) else {
            error(nil, "\(p.field).\(key)", "missing \(key): the data file to read")
            return nil
        }
        guard let path = string(n, "\(p.field).\(key)") else { return nil }
        guard FileManager.default.fileExists(atPath: resolve(path)) else {
            error(n, "\(p.field).\(key)", "file not found: \(resolve(path))")
            return nil
        }
        if let text = try? TextFile.read(path: resolve(path)) { dataFiles.append(text) }
        return path
    }

    /// A list of names from an enumeration; nil when absent (the caller's default) or wrong (with a diagnostic); an
    /// explicit empty list is empty (`probes: []` asks for none).
    private mutating func choices<T: RawRepresentable & CaseIterable>(_ p: GeneratorParameters, _ key: String, _: T.Type) -> [T]?
    where T.RawValue == String {
        guard let n = p.node(key), let names = stringList(n, "\(p.field).\(key)", allowSingle: true) else { return nil }
        var out: [T] = []
        for name in names {
            if let value = T(rawValue: name) { out.append(value) } else {
                error(n, "\(p.field).\(key)", "unknown \(key) entry '\(name)' (known: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
        }
        return out
    }

    private mutating func count(_ p: GeneratorParameters, _ key: String, range: ClosedRange<Int>) -> Int? {
        guard let n = p.node(key), let v = int(n, "\(p.field).\(key)") else { return nil }
        guard range.contains(v) else {
            error(n, "\(p.field).\(key)", "must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
            return nil
        }
        return v
    }

    private mutating func counts(_ p: GeneratorParameters, _ key: String, range: ClosedRange<Int>) -> [Int]? {
        guard let n = p.node(key), let list = sequence(n, "\(p.field).\(key)") else { return nil }
        var out: [Int] = []
        for (i, element) in list.enumerated() {
            guard let v = int(element, "\(p.field).\(key)[\(i)]") else { continue }
            if range.contains(v), !out.contains(v) { out.append(v) } else {
                error(element, "\(p.field).\(key)[\(i)]", "must be a distinct number between \(range.lowerBound) and \(range.upperBound), found \(v)")
            }
        }
        return out.isEmpty ? nil : out
    }

    /// `seed: N`, or `seed: run` for the run's `--seed` (so each run draws fresh items); 0 when absent.
    private mutating func seed(_ p: GeneratorParameters) -> Int {
        guard let n = p.node("seed") else { return 0 }
        if n.scalar?.string == "run" { return runSeed }
        return int(n, "\(p.field).seed") ?? 0
    }
}
