import Foundation

/// Runs the built `assay` executable as a user would, capturing its output and exit code.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `assay` binary next to the test bundle (the build folder of this test run).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("assay")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/assay")
    }

    /// Starts `assay arguments` in `directory`; the caller waits or kills.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Runs `assay arguments` to completion, waiting on a dispatch thread so the test's cooperative threads stay free
    /// (tests run in parallel, and some measure time).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, in: directory, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
        let (process, out, err) = try start(arguments, in: directory, environment: environment)
        // Read both pipes while the process runs so a full pipe never blocks it.
        let stdoutData = Mutexed(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stdoutData.set(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdoutData.get(), as: UTF8.self),
                          stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("assay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A suite of `count` arithmetic items in a temporary folder.
    static func arithmeticSuite(count: Int, in directory: URL, name: String = "arith") throws -> URL {
        let folder = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        name: \(name)
        items: items.jsonl
        generation: {max_tokens: 8, temperature: 0}
        scorers:
          - {type: exact_match, normalize: number}
        """.write(to: folder.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let lines = (0..<count).map { i in #"{"input": "What is \#(2000 + i * 3) + \#(i * 11)?", "target": \#(2000 + i * 14)}"# }
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("items.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }
}

/// A value guarded by a lock, for handing data between threads in tests.
final class Mutexed<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
}
