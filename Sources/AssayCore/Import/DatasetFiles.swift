import Foundation

/// File-system helpers for importers: locating a dataset's files and naming them in provenance (read them with ``TextFile``).
enum DatasetFiles {
    /// Whether `path` is a directory; throws a diagnostic when nothing is there.
    static func isDirectory(_ path: String) throws -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ImportDiagnostics.fail(path, "no such file or directory")
        }
        return isDir.boolValue
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).deletingLastPathComponent()
        return url.path
    }

    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// The file name without its extension.
    static func stem(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// Files directly in `directory` (or below it, when `recursive`) whose names end in `.ext`, sorted by relative path.
    static func list(_ directory: String, ext: String, recursive: Bool = false) throws -> [String] {
        let fm = FileManager.default
        let names: [String]
        do {
            names = recursive ? try fm.subpathsOfDirectory(atPath: directory) : try fm.contentsOfDirectory(atPath: directory)
        } catch {
            throw ImportDiagnostics.fail(directory, "cannot list directory")
        }
        return names
            .filter { $0.lowercased().hasSuffix("." + ext) && !fileName($0).hasPrefix(".") }
            .sorted()
            .map { join(directory, $0) }
            .filter { (try? isDirectory($0)) == false }
    }

    /// Resolves a dataset argument to one data file: the file itself, or inside a directory the first of
    /// `preferred` that exists, else the only file ending in `.ext`. Returns the file and the dataset root
    /// (the directory given, or the file's directory) used to name the file in provenance.
    static func dataFile(_ path: String, preferred: [String], ext: String) throws -> (file: String, root: String) {
        guard try isDirectory(path) else { return (path, parent(path)) }
        for name in preferred where exists(join(path, name)) {
            return (join(path, name), path)
        }
        let candidates = try list(path, ext: ext)
        switch candidates.count {
        case 1: return (candidates[0], path)
        case 0: throw ImportDiagnostics.fail(path, "no .\(ext) file in this directory")
        default:
            throw ImportDiagnostics.fail(
                path, "\(candidates.count) .\(ext) files in this directory (\(candidates.map(fileName).joined(separator: ", "))); pass one of them")
        }
    }

    /// `file` relative to `root` (both as given), or its file name when it is not below `root`.
    static func relative(_ file: String, to root: String) -> String {
        let f = URL(fileURLWithPath: file).standardizedFileURL.path
        var r = URL(fileURLWithPath: root).standardizedFileURL.path
        if !r.hasSuffix("/") { r += "/" }
        return f.hasPrefix(r) ? String(f.dropFirst(r.count)) : fileName(file)
    }
}
