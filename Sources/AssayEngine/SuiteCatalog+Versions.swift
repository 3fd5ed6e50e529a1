public import AssayCore
public import AssayStore

extension SuiteCatalog {
    /// The suite a user names, with promoted versions taken into account: `NAME@VERSION` (a stored version, by hash
    /// prefix) is that version; otherwise the suite's file is loaded and, when the store holds versions promoted from
    /// it, the newest of them is used. `note` says which version was chosen when it is not the file's.
    public func resolve(_ nameOrPath: String, store: any Store) async throws -> (suite: Suite, note: String?) {
        if Self.isStoredVersion(nameOrPath), let at = nameOrPath.lastIndex(of: "@") {
            let name = String(nameOrPath[..<at])
            let version = String(nameOrPath[nameOrPath.index(after: at)...])
            guard let suite = try await store.suite(version: version), suite.name == name else {
                throw AssayError(.badInput, "no stored version '\(version)' of suite '\(name)' (see `assay suites versions \(name)`)")
            }
            return (suite, nil)
        }
        return try await resolve(nameOrPath, loaded: try load(nameOrPath), store: store)
    }

    /// ``resolve(_:store:)`` for a suite file already loaded (so a large suite is parsed once); `loaded` is ignored for
    /// `NAME@VERSION`.
    public func resolve(_ nameOrPath: String, loaded file: Suite?, store: any Store) async throws -> (suite: Suite, note: String?) {
        guard let file, !Self.isStoredVersion(nameOrPath) else { return try await resolve(nameOrPath, store: store) }
        guard let newest = try await Self.newestDescendant(of: file.version, name: file.name, store: store),
              let suite = try await store.suite(version: newest) else { return (file, nil) }
        return (suite, "using \(suite.name) version \(newest.prefix(12)), promoted from the file's version \(file.version.prefix(12))")
    }

    /// Whether `nameOrPath` names a stored version (`NAME@VERSION`) rather than a suite file.
    public static func isStoredVersion(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("@") && !nameOrPath.contains("/")
    }

    /// The newest stored version whose parent chain leads to `version`, or nil when none does.
    public static func newestDescendant(of version: String, name: String, store: any Store) async throws -> String? {
        let versions = try await store.suiteVersions(name: name)
        var descendants: Set<String> = [version]
        var grew = true
        while grew {
            grew = false
            for info in versions where !descendants.contains(info.version) {
                if let parent = info.parent, descendants.contains(parent) {
                    descendants.insert(info.version)
                    grew = true
                }
            }
        }
        // Versions come newest first.
        return versions.first { $0.version != version && descendants.contains($0.version) }?.version
    }
}
