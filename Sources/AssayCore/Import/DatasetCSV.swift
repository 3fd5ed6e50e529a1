import Foundation

/// A CSV data file read with ``CSVReader``: its header and records, with column lookup and row checks
/// that report problems by file, line and column.
struct DatasetCSV {
    let file: String
    /// The first record's fields (trimmed), when the file has a header.
    let header: [String]
    /// Data records, header excluded, each with the line it starts on.
    let records: [CSVRecord]

    /// Parses `bytes` of `file`; parse problems are added to `issues`, and the records read before them kept.
    init(file: String, bytes: [UInt8], hasHeader: Bool, issues: inout ImportDiagnostics) {
        self.file = file
        let text = DatasetCSV.text(bytes, file: file, issues: &issues)
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

    /// The file's text; invalid UTF-8 is reported and repaired with replacement characters.
    static func text(_ bytes: [UInt8], file: String, issues: inout ImportDiagnostics) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        issues.add(file, line: nil, field: nil, "not valid UTF-8")
        return String(decoding: bytes, as: UTF8.self)
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
