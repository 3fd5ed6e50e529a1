import Foundation

/// Reads items from a JSONL or CSV file, in the native format or through a ``FieldMapping``.
///
/// Every problem is collected and reported together as ``AssayError`` with one ``Diagnostic`` per problem,
/// located by the line where the bad record starts. Items without provenance get
/// `Provenance(origin: .authored, source: "SOURCE:LINE")`.
public enum ItemFileReader {
    /// Items of the file at `path` (`.jsonl` or `.csv`). `sourceName` is the locator written into default
    /// provenance (defaults to `path`). CSV files are always read through a mapping (the default one if `nil`).
    public static func items(path: String, mapping: FieldMapping? = nil, sourceName: String? = nil) throws -> [Item] {
        let result = load(path: path, sourceName: sourceName ?? path, mapping: mapping)
        var diagnostics = result.diagnostics
        if !result.missingColumns.isEmpty {
            let columns = result.header?.joined(separator: ", ") ?? ""
            for column in result.missingColumns {
                diagnostics.append(Diagnostic(file: path, line: result.headerLine, field: column, message: "no column '\(column)' in the header (columns: \(columns))"))
            }
        }
        guard diagnostics.isEmpty else { throw AssayError.invalid(diagnostics) }
        return result.items
    }

    struct Result {
        var items: [Item] = []
        var diagnostics: [Diagnostic] = []
        /// CSV header, when the file is CSV.
        var header: [String]?
        var headerLine = 1
        /// Mapped columns a CSV header lacks; rows are not read when any are missing.
        var missingColumns: [String] = []
    }

    enum Format {
        case jsonl, csv
    }

    static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") { return .jsonl }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// Loads and decodes a file. `required` names the mapped CSV columns that must exist (the input column always does).
    static func load(path: String, sourceName: String, mapping: FieldMapping?, required: [String] = []) -> Result {
        var result = Result()
        func fail(_ line: Int?, _ message: String) {
            result.diagnostics.append(Diagnostic(file: path, line: line, field: nil, message: message))
        }
        guard let format = format(of: path) else {
            fail(nil, "items file must end in .jsonl or .csv")
            return result
        }
        let text: String
        do {
            text = try TextFile.read(path: path)
        } catch {
            result.diagnostics += error.diagnostics
            return result
        }
        var records: [ItemRecord] = []
        let effectiveMapping: FieldMapping?
        switch format {
        case .jsonl:
            // Decoded line by line: a large file is never held as parsed values and records at once. Room for one item
            // per line up front, so the array that becomes the suite's is not grown by doubling (up to twice its size).
            result.items.reserveCapacity(text.utf8.count { $0 == 0x0A } + 1)
            var decoder = ItemRecordDecoder(file: path, sourceName: sourceName, mapping: mapping)
            let problems = JSONLReader.forEachRecord(text) { record in
                guard case .object(let fields) = record.value else {
                    fail(record.line, "expected a JSON object, found \(record.value.kindDescription)")
                    return
                }
                if let item = decoder.decode(ItemRecord(fields: fields, line: record.line)) { result.items.append(item) }
            }
            for problem in problems { fail(problem.line, problem.message) }
            result.diagnostics += decoder.diagnostics
            result.diagnostics.sort { ($0.line ?? 0) < ($1.line ?? 0) }
            return result
        case .csv:
            let m = mapping ?? FieldMapping()
            effectiveMapping = m
            let parsed = CSVReader.parse(text)
            for problem in parsed.problems { fail(problem.line, problem.message) }
            guard let header = parsed.records.first else {
                if parsed.problems.isEmpty { fail(1, "the CSV file has no header row") }
                return result
            }
            result.header = header.fields
            result.headerLine = header.line
            var seen = Set<String>()
            for column in header.fields where !seen.insert(column).inserted {
                fail(header.line, "duplicate column '\(column)' in the header")
            }
            for column in [m.input] + required where !header.fields.contains(column) && !result.missingColumns.contains(column) {
                result.missingColumns.append(column)
            }
            guard result.missingColumns.isEmpty else { return result }
            for row in parsed.records.dropFirst() {
                guard row.fields.count == header.fields.count else {
                    fail(row.line, "expected \(header.fields.count) fields as in the header, found \(row.fields.count)")
                    continue
                }
                var fields: [String: JSONLValue] = [:]
                for (column, value) in zip(header.fields, row.fields) where fields[column] == nil { fields[column] = .string(value) }
                records.append(ItemRecord(fields: fields, line: row.line))
            }
        }
        var decoder = ItemRecordDecoder(file: path, sourceName: sourceName, mapping: effectiveMapping)
        for record in records {
            if let item = decoder.decode(record) { result.items.append(item) }
        }
        result.diagnostics += decoder.diagnostics
        result.diagnostics.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return result
    }
}
