/// Reads the JSON Lines data files of the dimension generators (omission scenarios, honesty propositions, word-problem
/// templates), collecting a located ``Diagnostic`` for every missing or mistyped field instead of stopping at the first.
package struct DataRecords {
    /// The file named in diagnostics.
    package let file: String
    package var diagnostics: [Diagnostic] = []

    package init(file: String) {
        self.file = file
    }

    /// The objects of the file at `path`, with their lines; problems (unreadable file, bad JSON, a line that is not an
    /// object) become diagnostics.
    package mutating func objects(path: String) -> [(line: Int, fields: [String: JSONLValue])] {
        let text: String
        do {
            text = try TextFile.read(path: path)
        } catch {
            diagnostics.append(Diagnostic(file: file, line: nil, field: nil, message: "cannot read \(path): \(error)"))
            return []
        }
        let (records, problems) = JSONLReader.parse(text)
        diagnostics += problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) }
        var out: [(line: Int, fields: [String: JSONLValue])] = []
        for record in records {
            guard let object = record.value.objectValue else {
                diagnostics.append(Diagnostic(file: file, line: record.line, field: nil,
                                              message: "expected an object, found \(record.value.kindDescription)"))
                continue
            }
            out.append((record.line, object))
        }
        return out
    }

    package mutating func fail(_ line: Int, _ field: String, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
    }

    /// A required non-empty string.
    package mutating func string(_ fields: [String: JSONLValue], _ key: String, line: Int, required: Bool = true) -> String? {
        guard let value = fields[key], !value.isNull else {
            if required { fail(line, key, "missing \(key)") }
            return nil
        }
        guard let s = value.stringValue, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            fail(line, key, "expected a non-empty string, found \(value.kindDescription)")
            return nil
        }
        return s
    }

    /// A list of strings (a single string is a list of one); nil and a diagnostic when required and missing.
    package mutating func strings(_ fields: [String: JSONLValue], _ key: String, line: Int, required: Bool = true) -> [String]? {
        guard let value = fields[key], !value.isNull else {
            if required { fail(line, key, "missing \(key)") }
            return required ? nil : []
        }
        if let s = value.stringValue { return [s] }
        guard let list = value.arrayValue else {
            fail(line, key, "expected a list of strings, found \(value.kindDescription)")
            return nil
        }
        var out: [String] = []
        for (i, element) in list.enumerated() {
            guard let s = element.stringValue else {
                fail(line, "\(key)[\(i)]", "expected a string, found \(element.kindDescription)")
                return nil
            }
            out.append(s)
        }
        return out
    }

    /// A whole number.
    package mutating func int(_ fields: [String: JSONLValue], _ key: String, line: Int, field: String? = nil) -> Int? {
        guard let value = fields[key] else {
            fail(line, field ?? key, "missing \(key)")
            return nil
        }
        guard let n = value.numberValue, n == n.rounded(), abs(n) < 1e15 else {
            fail(line, field ?? key, "expected a whole number, found \(value.kindDescription == "a number" ? NumberFormat.plain(value.numberValue ?? 0) : value.kindDescription)")
            return nil
        }
        return Int(n)
    }
}

import Foundation
