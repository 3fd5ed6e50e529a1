import Foundation

/// Reads a JSON Lines data file with ``JSONLReader``: one object per line, each kept with its line number.
enum JSONLines {
    /// The objects of the lines of `text`, read from `file` by ``TextFile``. A line that is not a JSON object is
    /// reported in `issues` and skipped.
    static func read(file: String, text: String, issues: inout ImportDiagnostics) -> [JSONRecord] {
        let (parsed, problems) = JSONLReader.parse(text)
        for problem in problems { issues.add(file, line: problem.line, field: nil, problem.message) }
        var records: [JSONRecord] = []
        records.reserveCapacity(parsed.count)
        for record in parsed {
            guard let object = record.value.objectValue else {
                issues.add(file, line: record.line, field: nil, "expected a JSON object, found \(record.value.kindDescription)")
                continue
            }
            records.append(JSONRecord(file: file, line: record.line, object: object))
        }
        return records
    }
}

/// One JSON object read from a JSON Lines file, with typed field access that reports problems.
struct JSONRecord {
    let file: String
    let line: Int
    let object: [String: JSONLValue]

    /// A string field. Missing, non-string or (unless `allowEmpty`) blank values are reported and give nil.
    func string(_ key: String, issues: inout ImportDiagnostics, allowEmpty: Bool = false) -> String? {
        JSONRecord.string(object[key], file: file, line: line, field: key, issues: &issues, allowEmpty: allowEmpty)
    }

    /// A string field that may be absent; a present value of another type gives nil.
    func optionalString(_ key: String) -> String? { object[key]?.stringValue }

    /// A field holding a string or a list of strings (datasets use either); reported when neither.
    func strings(_ key: String, issues: inout ImportDiagnostics) -> [String]? {
        switch object[key] {
        case .string(let text) where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            return [text]
        case .array(let list):
            let texts = list.compactMap(\.stringValue)
            if texts.count == list.count, !texts.isEmpty { return texts }
        default: break
        }
        issues.add(file, line: line, field: key,
                   object[key] == nil ? "missing field" : "expected a non-empty string or list of strings")
        return nil
    }

    /// Checks that `value` is a string, reporting it under `field` when not.
    static func string(_ value: JSONLValue?, file: String, line: Int, field: String,
                       issues: inout ImportDiagnostics, allowEmpty: Bool = false) -> String? {
        guard let value, !value.isNull else {
            issues.add(file, line: line, field: field, "missing field")
            return nil
        }
        guard let text = value.stringValue else {
            issues.add(file, line: line, field: field, "expected a string, found \(value.kindDescription)")
            return nil
        }
        if !allowEmpty, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.add(file, line: line, field: field, "is empty")
            return nil
        }
        return text
    }
}
