import Foundation

/// Reads the text files Assay takes as input (suite files, item files, datasets): UTF-8, with a leading
/// byte-order mark removed. Every failure is one ``Diagnostic`` naming the file.
public enum TextFile {
    /// The UTF-8 encoding of U+FEFF, which some editors write at the start of a file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of the file at `path`, without a leading byte-order mark.
    ///
    /// - Throws: ``AssayError`` (`.badInput`) with one diagnostic on `path`: `file not found`,
    ///   `cannot read file` (a directory, no permission), or `not valid UTF-8` with the line of the first bad byte.
    public static func read(path: String) throws(AssayError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AssayError.invalid([Diagnostic(
                file: path, line: nil, field: nil,
                message: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file not found")])
        }
        return try decode(Array(data), file: path)
    }

    /// `bytes` read from `file` as text, without a leading byte-order mark.
    ///
    /// - Throws: ``AssayError`` (`.badInput`) with the diagnostic `not valid UTF-8` on `file`, at the line of the
    ///   first bad byte.
    public static func decode(_ bytes: [UInt8], file: String) throws(AssayError) -> String {
        let body = bytes.starts(with: byteOrderMark) ? bytes[byteOrderMark.count...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            throw AssayError.invalid([Diagnostic(file: file, line: firstInvalidLine(body), field: nil, message: "not valid UTF-8")])
        }
        return text
    }

    /// The 1-based line holding the first byte that is not part of a valid UTF-8 sequence.
    static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }
}
