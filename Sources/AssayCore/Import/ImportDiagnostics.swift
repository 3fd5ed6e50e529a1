/// Collects every problem found while importing, so one error can list all bad rows at once.
struct ImportDiagnostics {
    private(set) var all: [Diagnostic] = []

    var isEmpty: Bool { all.isEmpty }

    mutating func add(_ file: String, line: Int?, field: String?, _ message: String) {
        all.append(Diagnostic(file: file, line: line, field: field, message: message))
    }

    /// Adds the diagnostics of a thrown error (or its description, located at `file`).
    mutating func merge(_ error: any Error, file: String) {
        if let error = error as? AssayError, !error.diagnostics.isEmpty {
            all.append(contentsOf: error.diagnostics)
        } else {
            add(file, line: nil, field: nil, "\(error)")
        }
    }

    /// Throws `AssayError.invalid` with every collected diagnostic, if there are any.
    func check() throws {
        if !all.isEmpty { throw AssayError.invalid(all) }
    }

    /// A single-diagnostic error, for problems that stop an import at once (a missing file).
    static func fail(_ file: String, line: Int? = nil, field: String? = nil, _ message: String) -> AssayError {
        AssayError.invalid([Diagnostic(file: file, line: line, field: field, message: message)])
    }
}
