public import AssayCore
public import Foundation
public import Logging
import Synchronization

/// A llama.cpp server run by Assay for the duration of a scope: `local` (the bundled SmolLM2-135M-Instruct)
/// or `local:PATH.gguf`. Started on a free loopback port, polled until healthy, always stopped when the scope ends.
/// The launcher also stops the server when Assay itself dies, even by SIGKILL (it watches its parent process).
public final class LocalModel: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Concurrent request slots in the server (and the provider's concurrency).
        public var parallel: Int
        /// Context per slot, in tokens.
        public var contextPerSlot: Int
        public var threads: Int
        /// Seconds to wait for the server to become healthy.
        public var startupTimeout: Double

        public init(parallel: Int = 4, contextPerSlot: Int = 2048, threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
                    startupTimeout: Double = 180) {
            self.parallel = parallel
            self.contextPerSlot = contextPerSlot
            self.threads = threads
            self.startupTimeout = startupTimeout
        }
    }

    public let spec: ModelSpec
    /// The model file's name, size and modification time: a replaced checkpoint is a different model.
    public let identity: String
    public let baseURL: String
    public let configuration: Configuration
    private let process: Process
    private let logPath: String
    private let stopped = Mutex(false)

    private init(spec: ModelSpec, identity: String, baseURL: String, configuration: Configuration, process: Process, logPath: String) {
        self.spec = spec
        self.identity = identity
        self.logPath = logPath
        self.baseURL = baseURL
        self.configuration = configuration
        self.process = process
    }

    /// Starts the model, runs `body` with a provider for it, and stops the model however `body` ends.
    public static func with<T: Sendable>(
        _ spec: ModelSpec, transport: HTTPTransport, configuration: Configuration = Configuration(), logger: Logger,
        _ body: (any ModelProvider) async throws -> T
    ) async throws -> T {
        let model = try await start(spec, transport: transport, configuration: configuration, logger: logger)
        do {
            let result = try await body(model.provider(transport: transport))
            model.stop()
            return result
        } catch {
            model.stop()
            throw error
        }
    }

    /// A provider for this server.
    public func provider(transport: HTTPTransport) -> LlamaCppProvider {
        LlamaCppProvider(spec: spec, baseURL: baseURL, transport: transport, maxConcurrency: configuration.parallel, identity: identity)
    }

    /// Starts a server; prefer ``with(_:transport:configuration:logger:_:)``, which always stops it.
    public static func start(_ spec: ModelSpec, transport: HTTPTransport, configuration: Configuration = Configuration(),
                             logger: Logger) async throws -> LocalModel {
        let runtime = LocalRuntime()
        let note: @Sendable (String) -> Void = { logger.notice("\($0)") }
        let modelPath: String
        if spec.model.isEmpty {
            modelPath = try runtime.bundledModel(log: note)
        } else {
            modelPath = (spec.model as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: modelPath) else {
                throw AssayError(.badInput, "model file not found: \(spec.model)")
            }
        }
        let server = try runtime.server(log: note)
        let port = try FreePort.find()
        let process = Process()
        let context = configuration.contextPerSlot * configuration.parallel
        switch server {
        case .llamaServer(let path):
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["-m", modelPath, "--host", "127.0.0.1", "--port", "\(port)", "-c", "\(context)", "-np", "\(configuration.parallel)",
                                 "-t", "\(configuration.threads)", "--poll", "0"]
        case .xllamacpp(let python):
            let script = runtime.cacheDirectory + "/serve_llamacpp.py"
            try LauncherScript.install(at: script)
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script, "--model", modelPath, "--host", "127.0.0.1", "--port", "\(port)", "--ctx", "\(context)",
                                 "--parallel", "\(configuration.parallel)", "--threads", "\(configuration.threads)"]
        }
        let logPath = runtime.cacheDirectory + "/server-\(port).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        // llama.cpp's CPU build uses OpenMP, whose threads spin-wait by default; on two busy cores that slows
        // requests several-fold. Passive waiting keeps the model server from competing with Assay for the CPU.
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_WAIT_POLICY"] = environment["OMP_WAIT_POLICY"] ?? "PASSIVE"
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw AssayError(.runtime, "cannot start the local model server: \(error)")
        }
        try? log.close()  // the server holds its own descriptor
        let model = LocalModel(spec: spec, identity: Self.identity(spec: spec, path: modelPath), baseURL: "http://127.0.0.1:\(port)",
                               configuration: configuration, process: process, logPath: logPath)
        let deadline = ContinuousClock.now + .seconds(configuration.startupTimeout)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                let tail = (try? String(contentsOfFile: logPath, encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
                throw AssayError(.runtime, "the local model server exited during start-up (log: \(logPath)):\n\(tail)")
            }
            if (try? await transport.get("\(model.baseURL)/health")) != nil { return model }
            do {
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                model.stop()
                throw error
            }
        }
        model.stop()
        throw AssayError(.runtime, "the local model server did not become healthy in \(Int(configuration.startupTimeout)) s (log: \(logPath))")
    }

    /// Stops the server: SIGTERM, then SIGKILL after five seconds. Safe to call twice.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // The server's log is kept while it runs (for a crash) and removed after a clean stop.
        try? FileManager.default.removeItem(atPath: logPath)
    }

    static func identity(spec: ModelSpec, path: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = Int((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        return "\(spec.description)#\((path as NSString).lastPathComponent):\(size):\(modified)"
    }
}

/// A free TCP port on loopback, found by binding port 0.
enum FreePort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw AssayError(.runtime, "cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw AssayError(.runtime, "cannot bind a loopback port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw AssayError(.runtime, "cannot read the bound port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
