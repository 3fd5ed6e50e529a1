/// One record of a CSV file.
public struct CSVRecord: Hashable, Sendable {
    /// The fields, unquoted.
    public var fields: [String]
    /// 1-based physical line on which the record starts (records may span lines inside quotes).
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// Reads CSV as RFC 4180 describes it: fields separated by commas, optionally enclosed in double quotes;
/// inside quotes, commas and line breaks are data and `""` is one quote. Records end in LF or CRLF.
///
/// Blank lines are skipped. A quote inside an unquoted field is kept as data. Problems (an unterminated
/// quote, text after a closing quote) are reported with the line where the record starts.
public enum CSVReader {
    /// A malformed record.
    public struct Problem: Hashable, Sendable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Parses `text` into records (the header, if any, is the first record). A byte-order mark is not
    /// skipped here: read files with ``TextFile``, which removes it.
    public static func parse(_ text: String, delimiter: Unicode.Scalar = ",") -> (records: [CSVRecord], problems: [Problem]) {
        let bytes = Array(text.utf8)
        let sep = UInt8(truncatingIfNeeded: delimiter.value)
        let quote = UInt8(ascii: "\""), lf = UInt8(0x0A), cr = UInt8(0x0D)

        var records: [CSVRecord] = []
        var problems: [Problem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var recordHasContent = false
        var recordBroken = false
        var i = 0

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            finishField()
            if !recordBroken, recordHasContent || fields.count > 1 || !fields[0].isEmpty {
                records.append(CSVRecord(fields: fields, line: recordLine))
            }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
            recordBroken = false
        }

        while i < bytes.count {
            let b = bytes[i]
            if b == quote, field.isEmpty {
                // Quoted field: read to the closing quote.
                let quoteLine = line
                recordHasContent = true
                i += 1
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if c == lf || (c == cr && (i + 1 >= bytes.count || bytes[i + 1] != lf)) { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed {
                    problems.append(Problem(line: recordLine, message: "unterminated quoted field (the quote opens on line \(quoteLine))"))
                    recordBroken = true
                    finishRecord()
                    return (records, problems)
                }
                // After the closing quote: a separator, a line end, or the end of input.
                if i < bytes.count, bytes[i] != sep, bytes[i] != lf, bytes[i] != cr {
                    problems.append(Problem(line: recordLine, message: "unexpected text after a closing quote on line \(line)"))
                    recordBroken = true
                    // Skip to the end of this physical line and resynchronize there.
                    while i < bytes.count, bytes[i] != lf, bytes[i] != cr { i += 1 }
                }
                continue
            }
            if b == sep {
                finishField()
                i += 1
                continue
            }
            if b == lf || b == cr {
                i += (b == cr && i + 1 < bytes.count && bytes[i + 1] == lf) ? 2 : 1
                finishRecord()
                line += 1
                recordLine = line
                continue
            }
            field.append(b)
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || recordHasContent { finishRecord() }
        return (records, problems)
    }

    /// Parses `text` and throws ``AssayError`` with one diagnostic per problem, located in `file`.
    public static func records(in text: String, file: String) throws -> [CSVRecord] {
        let (records, problems) = parse(text)
        guard problems.isEmpty else {
            throw AssayError.invalid(problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) })
        }
        return records
    }
}
