import Foundation
import Yams

/// Reads a suite file's YAML node tree into a ``Suite``, collecting a located diagnostic for every problem.
struct SuiteFileParser: YAMLNodeReader {
    /// The YAML file named in diagnostics.
    let file: String
    /// Folder relative item paths are resolved from.
    let baseDirectory: String
    /// The seed of generators declared with `seed: run`: the run's `--seed`, so each run can draw fresh items.
    var runSeed: Int = 0
    /// The contents of the generator data files read, in order, for ``SuiteConfig/data``.
    var dataFiles: [String] = []
    var diagnostics: [Diagnostic] = []

    static let topLevelKeys = ["name", "description", "parent", "items", "fields", "prompt", "generation", "scorers", "generate", "evolve", "kind", "data"]

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func parse(yaml: String) -> Suite? {
        let root: Node?
        do {
            root = try YAMLScalarResolver.compose(yaml)
        } catch {
            diagnostics.append(yamlDiagnostic(error, yaml: yaml))
            return nil
        }
        guard let root, !(isNull(root) && root.scalar?.string.isEmpty == true) else {
            diagnostics.append(Diagnostic(file: file, line: 1, field: nil, message: "the file is empty; a suite needs at least name: and items:"))
            return nil
        }
        guard let top = mapping(root, nil, allowed: Self.topLevelKeys, what: "a mapping of suite settings (name:, items:, ...)") else { return nil }
        func node(_ key: String) -> Node? { top.first { $0.key == key }?.value }

        var name = ""
        if let n = node("name"), let s = string(n, "name") {
            name = s
            if s.isEmpty || !s.unicodeScalars.allSatisfy(Self.isNameScalar) {
                error(n, "name", "invalid name '\(s)': use lower-case letters, digits, '_', '.' and '-'")
            }
        } else if node("name") == nil {
            diagnostics.append(Diagnostic(file: file, line: root.mark?.line ?? 1, field: "name", message: "missing suite name"))
        }
        let description = node("description").flatMap { string($0, "description") } ?? ""
        let parent = node("parent").flatMap { string($0, "parent") }
        let prompt = node("prompt").map { promptTemplate($0) } ?? PromptTemplate()
        let generation = node("generation").map { generationParameters($0) } ?? GenerationParameters()
        let scorers = node("scorers").map { scorerSpecs($0) } ?? []
        let evolve = node("evolve").flatMap { evolveSpec($0) }
        var kind: SuiteKind?
        if let n = node("kind"), let s = string(n, "kind") {
            kind = SuiteKind(rawValue: s)
            if kind == nil {
                error(n, "kind", "unknown suite kind '\(s)' (known: \(SuiteKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }

        let mapping = node("fields").flatMap { fieldMapping($0) }
        let before = diagnostics.count
        // The items file's array is kept as it is (appending it to an empty array would copy every item).
        var items = node("items").map { readItems($0, mapping: mapping) } ?? []
        if let generateNode = node("generate") {
            items += generatedItems(generateNode)
        }
        if node("items") == nil, node("generate") == nil {
            diagnostics.append(Diagnostic(file: file, line: root.mark?.line ?? 1, field: "items",
                                          message: "missing items: give a .jsonl or .csv path, a list of items, or generate:"))
        } else if items.isEmpty, diagnostics.count == before {
            error(node("items") ?? node("generate"), "items", "the suite has no items")
        }
        let config = SuiteConfig(name: name, description: description, prompt: prompt, generation: generation, scorers: scorers, evolve: evolve, kind: kind,
                                 data: node("data").flatMap { string($0, "data") }
                                     ?? (dataFiles.isEmpty ? nil : SHA256.hex(Array(dataFiles.joined(separator: "\u{0}").utf8))))
        return Suite(config: config, items: Suite.deduplicated(items), parent: parent, origin: file)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }

    // MARK: - Sections

    private mutating func promptTemplate(_ n: Node) -> PromptTemplate {
        var template = PromptTemplate()
        guard let pairs = mapping(n, "prompt", allowed: ["system", "template", "few_shot"]) else { return template }
        for (key, value, _) in pairs {
            let field = "prompt.\(key)"
            switch key {
            case "system": template.system = isNull(value) ? nil : string(value, field)
            case "template":
                if let s = string(value, field) {
                    template.template = s
                    if !s.contains("{{input}}") && !s.contains("{{ input }}") {
                        error(value, field, "the template has no {{input}} placeholder, so the item's text would not be sent")
                    }
                }
            case "few_shot":
                guard let list = sequence(value, field) else { break }
                for (i, example) in list.enumerated() {
                    if let e = fewShotExample(example, "\(field)[\(i)]") { template.fewShot.append(e) }
                }
            default: break
            }
        }
        return template
    }

    private mutating func fewShotExample(_ n: Node, _ field: String) -> FewShotExample? {
        guard let pairs = mapping(n, field, allowed: ["input", "choices", "answer"]) else { return nil }
        var input: String?, answer: String?, choices: [String]?
        for (key, value, _) in pairs {
            switch key {
            case "input": input = string(value, "\(field).input")
            case "answer": answer = string(value, "\(field).answer")
            case "choices": choices = stringList(value, "\(field).choices", allowSingle: false)
            default: break
            }
        }
        if input == nil, !pairs.contains(where: { $0.key == "input" }) { error(n, "\(field).input", "missing input") }
        if answer == nil, !pairs.contains(where: { $0.key == "answer" }) { error(n, "\(field).answer", "missing answer") }
        guard let input, let answer else { return nil }
        return FewShotExample(input: input, choices: choices, answer: answer)
    }

    private mutating func generationParameters(_ n: Node) -> GenerationParameters {
        var p = GenerationParameters()
        guard let pairs = mapping(n, "generation", allowed: ["max_tokens", "temperature", "top_p", "stop", "seed"]) else { return p }
        for (key, value, _) in pairs {
            let field = "generation.\(key)"
            switch key {
            case "max_tokens":
                if let v = int(value, field) {
                    if v < 1 { error(value, field, "must be at least 1, found \(v)") } else { p.maxTokens = v }
                }
            case "temperature":
                if let v = double(value, field) {
                    if v < 0 { error(value, field, "must not be negative, found \(NumberFormat.plain(v))") } else { p.temperature = v }
                }
            case "top_p":
                if isNull(value) { break }
                if let v = double(value, field) {
                    if v <= 0 || v > 1 { error(value, field, "must be in (0, 1], found \(NumberFormat.plain(v))") } else { p.topP = v }
                }
            case "stop":
                p.stop = stringList(value, field, allowSingle: true) ?? []
            case "seed":
                if isNull(value) { break }
                p.seed = int(value, field)
            default: break
            }
        }
        return p
    }

    /// The `evolve:` section: a list of axes, each `{name, from, values?}`.
    private mutating func evolveSpec(_ n: Node) -> EvolveSpec? {
        guard let fields = mapping(n, "evolve", allowed: ["axes"]) else { return nil }
        guard let axesNode = fields.first(where: { $0.key == "axes" })?.value, let list = sequence(axesNode, "evolve.axes") else {
            error(n, "evolve.axes", "missing axes: give a list of {name, from, values}")
            return nil
        }
        var axes: [EvolveSpec.Axis] = []
        for (i, entry) in list.enumerated() {
            let field = "evolve.axes[\(i)]"
            guard let entryFields = mapping(entry, field, allowed: ["name", "from", "values"]) else { continue }
            func value(_ key: String) -> Node? { entryFields.first { $0.key == key }?.value }
            guard let nameNode = value("name"), let name = string(nameNode, "\(field).name") else {
                error(entry, "\(field).name", "missing axis name")
                continue
            }
            let from = value("from").flatMap { string($0, "\(field).from") } ?? "tag"
            if from != "tag", from != "operator", !(from.hasPrefix("metadata.") && from.count > "metadata.".count) {
                error(value("from"), "\(field).from", "unknown source '\(from)' (use metadata.KEY, tag or operator)")
                continue
            }
            let values = value("values").flatMap { stringList($0, "\(field).values", allowSingle: false) }
            if let values, values.isEmpty { error(value("values"), "\(field).values", "an axis needs at least one value") }
            if axes.contains(where: { $0.name == name }) { error(nameNode, "\(field).name", "axis '\(name)' is declared twice") }
            axes.append(EvolveSpec.Axis(name: name, from: from, values: values))
        }
        if axes.isEmpty { return nil }
        return EvolveSpec(axes: axes)
    }

    private mutating func scorerSpecs(_ n: Node) -> [ScorerSpec] {
        guard let list = sequence(n, "scorers") else { return [] }
        var specs: [ScorerSpec] = []
        var names: [String: Int] = [:]
        for (i, entry) in list.enumerated() {
            let field = "scorers[\(i)]"
            guard let spec = scorerSpec(entry, field) else { continue }
            if let first = names[spec.displayName] {
                error(entry, field, "scorer name '\(spec.displayName)' is already used by scorers[\(first)]; give one of them a distinct name:")
            } else {
                names[spec.displayName] = i
            }
            specs.append(spec)
        }
        return specs
    }

    /// One scorer entry: a type name, or a mapping of options. The values are checked by
    /// ``ScorerFactory/problems(in:)``, so a suite that loads has scorers ``ScorerFactory`` can make
    /// (given a judge model); each problem is reported at its option's line. `nil` when the type is unusable.
    private mutating func scorerSpec(_ n: Node, _ field: String) -> ScorerSpec? {
        if case .scalar = n {
            guard let type = string(n, field) else { return nil }
            let spec = ScorerSpec(type: type)
            var typeKnown = true
            for problem in ScorerFactory.problems(in: spec) {
                if problem.key == "type" {
                    typeKnown = false
                    error(n, field, problem.message)
                } else {
                    error(n, field, "\(problem.message); write {type: \(type), \(problem.key): ...}")
                }
            }
            return typeKnown ? spec : nil
        }
        let allowed = ["type", "name", "normalize", "pattern", "tolerance", "by", "model", "rubric", "threshold"]
        guard let pairs = mapping(n, field, allowed: allowed, what: "a scorer type or a mapping with type:") else { return nil }
        var spec = ScorerSpec(type: "")
        // Options whose value is not even text or a number; already reported.
        var unreadable = Set<String>()
        for (key, value, _) in pairs {
            let path = "\(field).\(key)"
            let before = diagnostics.count
            switch key {
            case "type": spec.type = string(value, path) ?? ""
            case "name": spec.name = string(value, path)
            case "normalize": spec.normalize = string(value, path)
            case "pattern": spec.pattern = string(value, path)
            case "tolerance": spec.tolerance = double(value, path)
            case "by": spec.by = string(value, path)
            case "model": spec.model = string(value, path)
            case "rubric": spec.rubric = string(value, path)
            case "threshold": spec.threshold = double(value, path)
            default: break
            }
            if diagnostics.count > before { unreadable.insert(key) }
        }
        let hasType = pairs.contains { $0.key == "type" }
        var typeKnown = hasType && !unreadable.contains("type")
        for problem in ScorerFactory.problems(in: spec) where !unreadable.contains(problem.key) {
            if problem.key == "type" {
                guard hasType else { continue }
                typeKnown = false
            }
            error(pairs.first { $0.key == problem.key }?.value ?? n, "\(field).\(problem.key)", problem.message)
        }
        if !hasType {
            error(n, "\(field).type", "missing scorer type (known: \(ScorerFactory.knownTypes.joined(separator: ", ")))")
        }
        return typeKnown ? spec : nil
    }
}
