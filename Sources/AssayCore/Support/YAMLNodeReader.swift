package import Yams

/// Reads YAML nodes into values, collecting a located ``Diagnostic`` (`file:line: field: message`) for every problem
/// instead of stopping at the first. Suite files and gate policies are read through it.
package protocol YAMLNodeReader {
    /// The file named in diagnostics.
    var file: String { get }
    var diagnostics: [Diagnostic] { get set }
}

extension YAMLNodeReader {
    package mutating func error(_ node: Node?, _ field: String?, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: node?.mark?.line, field: field, message: message))
    }

    /// The resolved tag of a node (`str`, `int`, `float`, `bool`, `null`, ...), for trees composed by
    /// ``YAMLScalarResolver/compose(_:)``.
    package func kind(_ n: Node) -> Tag.Name { YAMLScalarResolver.tag(of: n) }

    package func isNull(_ n: Node) -> Bool {
        if case .scalar = n { return kind(n) == .null }
        return false
    }

    /// `a string 'x'`, `a number 3`, `a list`, ... for messages.
    package func describe(_ n: Node) -> String {
        switch n {
        case .scalar(let s):
            switch kind(n) {
            case .null: return "null"
            case .bool: return "a boolean (\(s.string))"
            case .int, .float: return "a number (\(s.string))"
            default: return "'\(s.string)'"
            }
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// The key-value pairs of a mapping; unknown keys are reported (and skipped), as are non-text keys.
    package mutating func mapping(_ n: Node, _ field: String?, allowed: [String], what: String = "a mapping") -> [(key: String, value: Node, keyNode: Node)]? {
        guard case .mapping(let m) = n else {
            error(n, field, "expected \(what), found \(describe(n))")
            return nil
        }
        var out: [(key: String, value: Node, keyNode: Node)] = []
        for (keyNode, value) in m {
            guard case .scalar(let k) = keyNode else {
                error(keyNode, field, "expected a text key, found \(describe(keyNode))")
                continue
            }
            let path = field.map { "\($0).\(k.string)" } ?? k.string
            guard allowed.contains(k.string) else {
                error(keyNode, path, "unknown key '\(k.string)' (allowed: \(allowed.joined(separator: ", ")))")
                continue
            }
            out.append((k.string, value, keyNode))
        }
        return out
    }

    package mutating func sequence(_ n: Node, _ field: String) -> [Node]? {
        guard case .sequence(let s) = n else {
            error(n, field, "expected a list, found \(describe(n))")
            return nil
        }
        return Array(s)
    }

    /// Any non-null scalar, as written.
    package mutating func string(_ n: Node, _ field: String) -> String? {
        guard case .scalar(let s) = n, kind(n) != .null else {
            error(n, field, "expected text, found \(describe(n))")
            return nil
        }
        return s.string
    }

    package mutating func int(_ n: Node, _ field: String) -> Int? {
        if case .scalar = n, kind(n) == .int, let v = n.int { return v }
        if case .scalar = n, kind(n) == .float, let v = n.float, let i = Int(exactly: v) { return i }
        error(n, field, "expected an integer, found \(describe(n))")
        return nil
    }

    package mutating func double(_ n: Node, _ field: String) -> Double? {
        if case .scalar = n, kind(n) == .int || kind(n) == .float, let v = n.float, v.isFinite { return v }
        error(n, field, "expected a number, found \(describe(n))")
        return nil
    }

    package mutating func stringList(_ n: Node, _ field: String, allowSingle: Bool) -> [String]? {
        if allowSingle, case .scalar = n, !isNull(n) { return [n.scalar?.string ?? ""] }
        guard case .sequence(let s) = n else {
            error(n, field, "expected a list\(allowSingle ? " or text" : ""), found \(describe(n))")
            return nil
        }
        var out: [String] = []
        var ok = true
        for (i, element) in s.enumerated() {
            if let text = string(element, "\(field)[\(i)]") { out.append(text) } else { ok = false }
        }
        return ok ? out : nil
    }

    /// A YAML node as a JSON-like value: plain scalars typed by the YAML resolver, quoted ones as text.
    package func value(_ n: Node) -> JSONLValue {
        switch n {
        case .scalar(let s):
            switch kind(n) {
            case .null: return .null
            case .bool: return YAMLScalarResolver.bool(plain: s.string).map(JSONLValue.bool) ?? .string(s.string)
            case .int: return n.int.map { .number(Double($0)) } ?? .string(s.string)
            case .float: return n.float.map(JSONLValue.number) ?? .string(s.string)
            default: return .string(s.string)
            }
        case .sequence(let seq): return .array(seq.map(value))
        case .mapping(let m):
            var o: [String: JSONLValue] = [:]
            for (k, v) in m { o[k.scalar?.string ?? "\(k)"] = value(v) }
            return .object(o)
        case .alias: return .null
        }
    }

    package func yamlDiagnostic(_ error: any Error, yaml: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return Diagnostic(file: file, line: nil, field: nil, message: "cannot read YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) on line \(context.mark.line))" }
            return Diagnostic(file: file, line: mark.line, field: nil, message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(file: file, line: context.mark.line, field: duplicates.first, message: "duplicate key \(keys)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in yaml.prefix(o).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
            return Diagnostic(file: file, line: line, field: nil, message: "cannot read YAML: \(problem)")
        default:
            return Diagnostic(file: file, line: nil, field: nil, message: "cannot read YAML: \(yamlError)")
        }
    }
}
