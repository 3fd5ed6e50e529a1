import Foundation

/// A CSV data file read with ``CSVReader``: its header and records, with column lookup and row checks
/// that report problems by file, line and column.
struct DatasetCSV {
    let file: String
    /// The first record's fields (trimmed), when the file has a header.
    let header: [String]
    /// Data records, header excluded, each with the line it starts on.
    let records: [CSVRecord]

    /// Parses `text` of `file` (as ``TextFile`` reads it); parse problems are added to `issues`, and the records
    /// read before them kept.
    init(file: String, text: String, hasHeader: Bool, issues: inout ImportDiagnostics) {
        self.file = file
        let (parsed, problems) = CSVReader.parse(text)
        for problem in problems { issues.add(file, line: problem.line, field: nil, problem.message) }
        var all = parsed[...]
        if hasHeader, let first = all.first {
            header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            all = all.dropFirst()
        } else {
            header = []
        }
        records = Array(all)
    }

    /// Column indices for `names` (as spelled in the header); each missing column is reported on line 1.
    func columns(_ names: [String], issues: inout ImportDiagnostics) -> [String: Int]? {
        var map: [String: Int] = [:]
        var missing = false
        for name in names {
            if let i = header.firstIndex(of: name) {
                map[name] = i
            } else {
                missing = true
                issues.add(file, line: 1, field: name, "missing column '\(name)' in the header (\(header.joined(separator: ",")))")
            }
        }
        return missing ? nil : map
    }

    /// Index of an optional column.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Reports a record whose field count differs from `expected`; returns whether it is well-formed.
    func checkWidth(_ record: CSVRecord, expected: Int, issues: inout ImportDiagnostics) -> Bool {
        guard record.fields.count != expected else { return true }
        issues.add(file, line: record.line, field: nil,
                   "row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), expected \(expected)")
        return false
    }
}
