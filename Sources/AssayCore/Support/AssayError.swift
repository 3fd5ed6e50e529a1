/// An error that carries what the user needs to act on it, and the exit code it maps to.
public struct AssayError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// Bad usage or bad input files: exit 2.
        case badInput
        /// Something failed while working (a server, the store, a missing runtime): exit 1.
        case runtime
        /// A record asked for does not exist: exit 2 when the user named it.
        case notFound
    }

    public var code: Code
    public var message: String
    /// File diagnostics behind a `badInput`, each `file:line: field: message`.
    public var diagnostics: [Diagnostic]

    public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    /// One error made of file diagnostics.
    public static func invalid(_ diagnostics: [Diagnostic]) -> AssayError {
        let files = Set(diagnostics.map(\.file)).sorted().joined(separator: ", ")
        return AssayError(.badInput, "\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s") in \(files)", diagnostics: diagnostics)
    }

    /// The process exit code for this error.
    public var exitCode: Int32 {
        switch code {
        case .badInput, .notFound: 2
        case .runtime: 1
        }
    }

    public var description: String {
        diagnostics.isEmpty ? message : diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// A problem in an input file, located by file, line and field.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "\(field): " }
        return s + message
    }
}
