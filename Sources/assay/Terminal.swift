import AssayCore
import Foundation

/// Where Assay writes for people: results to stdout, progress and messages to stderr.
enum Terminal {
    static let stderrIsTTY = isatty(2) == 1
    static let stdoutIsTTY = isatty(1) == 1

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(TextSanitizer.printable(message))\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(TextSanitizer.printable(message))\n".utf8))
    }

    /// Writes to stderr without a newline (the progress bar redraws its line).
    static func raw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
