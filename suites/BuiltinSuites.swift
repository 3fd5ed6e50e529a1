import Foundation

/// The suites that ship with Assay, stored as resources of this module (each a folder with `suite.yaml`).
public enum BuiltinSuites {
    /// The folder holding the built-in suite folders, or `nil` when the resource bundle is missing.
    public static var directory: String? {
        guard let starter = Bundle.module.url(forResource: "starter", withExtension: nil) else { return nil }
        return starter.deletingLastPathComponent().path
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
