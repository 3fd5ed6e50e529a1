import Foundation

/// The suites that ship with Assay, stored as resources of this module (each a folder with `suite.yaml`).
public enum BuiltinSuites {
    /// The folder holding the built-in suite folders, or `nil` when none can be found.
    ///
    /// Looked up without `Bundle.module`, whose accessor aborts the process when the bundle is missing: first
    /// `ASSAY_BUILTIN_SUITES`, then the resource bundle SwiftPM places next to the executable, then this source folder
    /// (a binary run from its checkout).
    public static var directory: String? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["ASSAY_BUILTIN_SUITES"] { candidates.append(explicit) }
        for executable in ["/proc/self/exe", CommandLine.arguments.first ?? ""] {
            let folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("assay_AssaySuites.resources").path)
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
        return candidates.first { fm.fileExists(atPath: ($0 as NSString).appendingPathComponent("starter/suite.yaml")) }
    }

    /// The names of the built-in suites, sorted.
    public static var names: [String] {
        guard let directory, let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.filter { name in
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("\(name)/suite.yaml"))
        }.sorted()
    }

    /// The folder of the built-in suite `name` (loadable with `SuiteLoader.load(path:)`), or `nil` if there is none.
    public static func path(named name: String) -> String? {
        guard let directory, !name.contains("/"), name != "..", name != "." else { return nil }
        let path = (directory as NSString).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("suite.yaml")) ? path : nil
    }
}
