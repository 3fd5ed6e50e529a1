import Foundation
import Yams

/// The `fields:`, `items:` and `generate:` sections.
extension SuiteFileParser {
    /// A parsed `fields:` section and, for each column it names, the node that named it (for header checks).
    struct MappingSection {
        var mapping: FieldMapping
        var columns: [(column: String, node: Node, field: String)]
    }

    static let fieldKeys = ["input", "target", "target_type", "choices", "answer", "tags", "cluster", "id", "metadata"]

    mutating func fieldMapping(_ n: Node) -> MappingSection? {
        guard let pairs = mapping(n, "fields", allowed: Self.fieldKeys) else { return nil }
        var m = FieldMapping()
        var columns: [(column: String, node: Node, field: String)] = []
        for (key, value, _) in pairs {
            let field = "fields.\(key)"
            func one() -> String? {
                guard let s = string(value, field) else { return nil }
                columns.append((s, value, field))
                return s
            }
            func many() -> [String]? {
                guard let list = stringList(value, field, allowSingle: true) else { return nil }
                if case .sequence(let seq) = value {
                    for (i, (column, node)) in zip(list, seq).enumerated() { columns.append((column, node, "\(field)[\(i)]")) }
                } else {
                    columns += list.map { ($0, value, field) }
                }
                return list
            }
            switch key {
            case "input": if let s = one() { m.input = s }
            case "target": if let s = one() { m.target = s }
            case "answer": if let s = one() { m.answer = s }
            case "cluster": if let s = one() { m.cluster = s }
            case "id": m.id = isNull(value) ? nil : one()
            case "tags": if let list = many() { m.tags = list }
            case "metadata": if let list = many() { m.metadata = list }
            case "choices":
                if case .sequence = value {
                    if let list = many() {
                        if list.count < 2 { error(value, field, "list at least 2 choice columns, or name one column holding a list") }
                        m.choiceColumns = list
                    }
                } else if let s = one() {
                    m.choices = s
                }
            case "target_type":
                if let s = string(value, field) {
                    if let t = FieldMapping.TargetType(rawValue: s) { m.targetType = t } else {
                        let known = FieldMapping.TargetType.allCases.map(\.rawValue).joined(separator: ", ")
                        error(value, field, "unknown target type '\(s)' (known: \(known))")
                    }
                }
            default: break
            }
        }
        return MappingSection(mapping: m, columns: columns)
    }

    /// Items from `items:`: a file path or an inline list.
    mutating func readItems(_ n: Node, mapping section: MappingSection?) -> [Item] {
        switch n {
        case .scalar where !isNull(n):
            guard let relative = string(n, "items") else { return [] }
            return readItemsFile(relative, node: n, section: section)
        case .sequence(let seq):
            var decoder = ItemRecordDecoder(file: file, sourceName: (file as NSString).lastPathComponent, mapping: section?.mapping)
            var items: [Item] = []
            for (i, element) in seq.enumerated() {
                guard case .mapping(let m) = element else {
                    error(element, "items[\(i)]", "expected an item mapping (input:, target:, ...), found \(describe(element))")
                    continue
                }
                var record = ItemRecord(fields: [:], line: element.mark?.line ?? 0, fieldPrefix: "items[\(i)].")
                for (k, v) in m {
                    let key = k.scalar?.string ?? "\(k)"
                    record.fields[key] = value(v)
                    record.fieldLines[key] = k.mark?.line
                }
                if let item = decoder.decode(record) { items.append(item) }
            }
            diagnostics += decoder.diagnostics
            return items
        default:
            error(n, "items", "expected a .jsonl or .csv path or a list of items, found \(describe(n))")
            return []
        }
    }

    private mutating func readItemsFile(_ relative: String, node: Node, section: MappingSection?) -> [Item] {
        guard ItemFileReader.format(of: relative) != nil else {
            error(node, "items", "items file '\(relative)' must end in .jsonl or .csv")
            return []
        }
        let path = resolve(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            error(node, "items", "items file not found: \(path)")
            return []
        }
        let required = section.map { s in s.columns.map(\.column) } ?? []
        let result = ItemFileReader.load(path: path, sourceName: relative, mapping: section?.mapping, required: required)
        diagnostics += result.diagnostics
        let header = result.header?.joined(separator: ", ") ?? ""
        for column in result.missingColumns {
            if let named = section?.columns.first(where: { $0.column == column }) {
                error(named.node, named.field, "column '\(column)' is not in the header of \(path) (columns: \(header))")
            } else {
                diagnostics.append(Diagnostic(file: path, line: result.headerLine, field: column,
                                              message: "no column '\(column)' in the header (columns: \(header)); map columns with fields:"))
            }
        }
        return result.items
    }

    func resolve(_ relative: String) -> String {
        if relative.hasPrefix("/") || baseDirectory.isEmpty { return relative }
        return baseDirectory.hasSuffix("/") ? baseDirectory + relative : baseDirectory + "/" + relative
    }

    static let generators = [ArithmeticGenerator.name, "omission", "honesty", "goodhart", LearningTasks.name, PersistenceTasks.name]

    /// Items from `generate:`: a list of `{GENERATOR: {parameters}}`.
    mutating func generatedItems(_ n: Node) -> [Item] {
        guard let list = sequence(n, "generate") else { return [] }
        var items: [Item] = []
        for (i, entry) in list.enumerated() {
            let field = "generate[\(i)]"
            guard let pairs = mapping(entry, field, allowed: Self.generators, what: "a mapping {GENERATOR: {parameters}}") else { continue }
            guard pairs.count == 1, let (name, params, _) = pairs.first else {
                if pairs.count > 1 { error(entry, field, "give one generator per list entry") }
                if case .mapping(let m) = entry, m.isEmpty { error(entry, field, "missing generator (known: \(Self.generators.joined(separator: ", ")))") }
                continue
            }
            if name == ArithmeticGenerator.name {
                if let generated = arithmetic(params, "\(field).\(name)") { items += generated }
            } else if let generated = dimensionItems(name, params, "\(field).\(name)") {
                items += generated
            }
        }
        return items
    }

    private mutating func arithmetic(_ n: Node, _ field: String) -> [Item]? {
        var count = 20, minDigits = 1, maxDigits = 5, seed = 0
        var tags: [String] = []
        if isNull(n) { return ArithmeticGenerator.items(count: count, minDigits: minDigits, maxDigits: maxDigits, seed: seed, tags: tags) }
        guard let pairs = mapping(n, field, allowed: ["count", "min_digits", "max_digits", "seed", "tags"]) else { return nil }
        let before = diagnostics.count
        let maxSupported = ArithmeticGenerator.maxSupportedDigits
        for (key, value, _) in pairs {
            let path = "\(field).\(key)"
            switch key {
            case "count":
                if let v = int(value, path) {
                    if (1...100_000).contains(v) { count = v } else { error(value, path, "must be between 1 and 100000, found \(v)") }
                }
            case "min_digits", "max_digits":
                if let v = int(value, path) {
                    if (1...maxSupported).contains(v) {
                        if key == "min_digits" { minDigits = v } else { maxDigits = v }
                    } else {
                        error(value, path, "must be between 1 and \(maxSupported), found \(v)")
                    }
                }
            case "seed": if let v = int(value, path) { seed = v }
            case "tags": tags = stringList(value, path, allowSingle: true) ?? []
            default: break
            }
        }
        if minDigits > maxDigits {
            error(n, "\(field).max_digits", "max_digits (\(maxDigits)) is smaller than min_digits (\(minDigits))")
        }
        guard diagnostics.count == before else { return nil }
        return ArithmeticGenerator.items(count: count, minDigits: minDigits, maxDigits: maxDigits, seed: seed, tags: tags)
    }
}
