public import AssayCore
import AssaySuites
public import Foundation

/// Finds suites by name or path: a path to a suite file or folder, then imported suites in the user's suite folder
/// (`.assay/suites/NAME`, or `ASSAY_SUITES`), then the built-in suites shipped with Assay.
public struct SuiteCatalog: Sendable {
    public var userDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        userDirectory = environment["ASSAY_SUITES"] ?? ".assay/suites"
    }

    public init(userDirectory: String) {
        self.userDirectory = userDirectory
    }

    /// A suite entry for listing.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var path: String
        public var builtin: Bool
    }

    /// Imported suites first, then built-ins not shadowed by them.
    public func entries() -> [Entry] {
        var out: [Entry] = []
        let fm = FileManager.default
        if let names = try? fm.contentsOfDirectory(atPath: userDirectory) {
            for name in names.sorted() where fm.fileExists(atPath: "\(userDirectory)/\(name)/suite.yaml") {
                out.append(Entry(name: name, path: "\(userDirectory)/\(name)", builtin: false))
            }
        }
        for name in BuiltinSuites.names where !out.contains(where: { $0.name == name }) {
            if let path = BuiltinSuites.path(named: name) { out.append(Entry(name: name, path: path, builtin: true)) }
        }
        return out
    }

    /// The path of the suite `nameOrPath` names.
    public func locate(_ nameOrPath: String) throws -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard fm.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) else {
                throw AssayError(.badInput, "no suite file or folder at \(nameOrPath)")
            }
            return nameOrPath
        }
        if let entry = entries().first(where: { $0.name == nameOrPath }) { return entry.path }
        if fm.fileExists(atPath: nameOrPath, isDirectory: &isDirectory), isDirectory.boolValue, fm.fileExists(atPath: nameOrPath + "/suite.yaml") {
            return nameOrPath
        }
        let known = entries().map(\.name).joined(separator: ", ")
        throw AssayError(.badInput, "no suite named '\(nameOrPath)' (known: \(known.isEmpty ? "none" : known))")
    }

    /// Loads the suite `nameOrPath` names; `runSeed` seeds its generators declared with `seed: run`.
    public func load(_ nameOrPath: String, runSeed: Int = 0) throws -> Suite {
        try SuiteLoader.load(path: try locate(nameOrPath), runSeed: runSeed)
    }
}
