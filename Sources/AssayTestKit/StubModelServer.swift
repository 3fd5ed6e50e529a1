public import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// An OpenAI-, Anthropic- and llama.cpp-compatible HTTP server that answers from a rule instead of a model.
///
/// For tests of engine logic (faults, retries, timing, resume) and for benchmarks of Assay's own overhead.
/// It never stands in for a real model in a test that claims a model capability.
public final class StubModelServer: Sendable {
    /// What the stub does, and how often it fails.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// Turns a prompt (the last user message) into the answer text.
        public var answer: @Sendable (String) -> String
        /// Pass every user message (joined by blank lines) to ``answer`` instead of the last one: for multi-turn attacks.
        public var answersWholeConversation = false
        /// Fraction of requests that fail with one of ``faults``, chosen at random per request.
        public var faultRate: Double
        public var faults: [Fault]
        /// Fixed delay before every answer, in seconds.
        public var latency: Double
        public var seed: UInt64
        /// When set, requests must carry this key (Bearer or x-api-key) or get 401.
        public var requiredKey: String?
        public var threads: Int
        /// When set, every request after the first `holdAfter` is held unanswered until ``StubModelServer/release()``:
        /// a test can stop a client at a known point however slowly the machine runs.
        public var holdAfter: Int?

        public init(host: String = "127.0.0.1", port: Int = 0, answer: @escaping @Sendable (String) -> String = StubAnswers.arithmetic(accuracy: 1),
                    faultRate: Double = 0, faults: [Fault] = Fault.standard, latency: Double = 0, seed: UInt64 = 1,
                    requiredKey: String? = nil, threads: Int = 1) {
            self.host = host
            self.port = port
            self.answer = answer
            self.faultRate = faultRate
            self.faults = faults
            self.latency = latency
            self.seed = seed
            self.requiredKey = requiredKey
            self.threads = threads
        }
    }

    /// An injected failure.
    public enum Fault: Sendable, Hashable {
        case serverError
        /// 429 with `Retry-After` in seconds.
        case rateLimited(retryAfter: Int)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// Answer correctly, but only after this many seconds.
        case stall(seconds: Double)

        /// 500, 429 with Retry-After 1, malformed JSON and 2-second stalls, as in the foundation issue.
        public static let standard: [Fault] = [.serverError, .rateLimited(retryAfter: 1), .malformedJSON, .stall(seconds: 2)]
    }

    /// Counters a test reads after a run.
    public struct Statistics: Sendable {
        public var requests = 0
        public var faultsInjected = 0
        /// Successful answers per prompt.
        public var answered: [String: Int] = [:]
        /// Every request per prompt, faults included.
        public var received: [String: Int] = [:]
    }

    public let configuration: Configuration
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var stats = Statistics()
        var random: UInt64
        var released = false
    }

    private init(configuration: Configuration, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.configuration = configuration
        self.port = port
        self.group = group
        self.channel = channel
        self.state = state
    }

    /// Starts a server; call ``stop()`` when done, or use ``with(_:_:)``.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> StubModelServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let state = NIOLockedValueBox(State(random: configuration.seed))
        let responder = StubResponder(configuration: configuration, state: state)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(StubHTTPHandler(responder: responder))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        guard let port = channel.localAddress?.port else {
            try? await group.shutdownGracefully()
            throw StubError(message: "stub server bound no port")
        }
        return StubModelServer(configuration: configuration, port: port, group: group, channel: channel, state: state)
    }

    /// Runs `body` with a started server and always stops it.
    public static func with<T: Sendable>(_ configuration: Configuration = Configuration(), _ body: (StubModelServer) async throws -> T) async throws -> T {
        let server = try await start(configuration)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    /// `http://127.0.0.1:PORT/v1`.
    public var openAIBaseURL: String { "http://\(configuration.host):\(port)/v1" }
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    public var statistics: Statistics { state.withLockedValue { $0.stats } }

    /// Answers the requests ``Configuration/holdAfter`` is holding, and every later one at once.
    public func release() {
        state.withLockedValue { $0.released = true }
    }

    public func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

struct StubError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Answer rules for the stub.
public enum StubAnswers {
    /// Solves "A + B", "A - B" and "A × B" (or `*`, `x`) prompts; answers a deterministic fraction `accuracy`
    /// of distinct prompts correctly and the rest off by one. Anything else gets "I don't know.".
    public static func arithmetic(accuracy: Double) -> @Sendable (String) -> String {
        { prompt in
            guard let value = solve(prompt) else { return "I don't know." }
            return isAnsweredCorrectly(prompt, accuracy: accuracy) ? "\(value)" : "\(value + 1)"
        }
    }

    /// Whether ``arithmetic(accuracy:)`` answers `prompt` correctly: decided by a hash of the prompt, so retries agree.
    public static func isAnsweredCorrectly(_ prompt: String, accuracy: Double) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in prompt.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Double(hash % 10_000) < accuracy * 10_000
    }

    /// The value of the first `A op B` in `prompt`.
    public static func solve(_ prompt: String) -> Int64? {
        let scalars = Array(prompt.unicodeScalars)
        var i = 0
        func number() -> Int64? {
            var j = i
            var digits = ""
            while j < scalars.count, CharacterSet.decimalDigits.contains(scalars[j]) { digits.unicodeScalars.append(scalars[j]); j += 1 }
            guard !digits.isEmpty, let v = Int64(digits) else { return nil }
            i = j
            return v
        }
        while i < scalars.count {
            if CharacterSet.decimalDigits.contains(scalars[i]), i == 0 || !CharacterSet.decimalDigits.contains(scalars[i - 1]) {
                let start = i
                if let a = number() {
                    while i < scalars.count, scalars[i] == " " { i += 1 }
                    if i < scalars.count {
                        let op = scalars[i]
                        i += 1
                        while i < scalars.count, scalars[i] == " " { i += 1 }
                        if let b = number() {
                            switch op {
                            case "+": return a + b
                            case "-", "−": return a - b
                            case "*", "×", "x": return a * b
                            default: break
                            }
                        }
                    }
                }
                i = start + 1
            } else {
                i += 1
            }
        }
        return nil
    }
}
