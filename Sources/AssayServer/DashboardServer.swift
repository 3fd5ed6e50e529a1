public import AssayCore
public import AssayStore
import Foundation
import Hummingbird
public import Logging

/// `assay serve`: the dashboard as a Hummingbird application, run until SIGINT or SIGTERM.
public enum DashboardServer {
    public struct Configuration: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// Required on any address other than loopback; checked on every request when set.
        public var token: String?

        public init(host: String = "127.0.0.1", port: Int = 8321, token: String? = nil) {
            self.host = host
            self.port = port
            self.token = token
        }

        /// Whether `host` is a loopback address, where a token is optional.
        public var isLoopback: Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }

    /// Refuses a non-loopback bind without a token.
    public static func validate(_ configuration: Configuration) throws {
        if !configuration.isLoopback && (configuration.token ?? "").isEmpty {
            throw AssayError(.badInput, """
                refusing to serve on \(configuration.host) without a token: anyone who can reach it could read every prompt and response. \
                Pass --token (or set ASSAY_TOKEN), or bind to 127.0.0.1
                """)
        }
        guard (0...65535).contains(configuration.port) else { throw AssayError(.badInput, "--port must be between 0 and 65535") }
    }

    /// Runs the dashboard until a termination signal; `onReady` gets the base URL once the socket is bound.
    public static func run(store: any Store, configuration: Configuration, logger: Logger,
                           onReady: @escaping @Sendable (String) async -> Void) async throws {
        try validate(configuration)
        let data = DashboardData(store: store)
        // Without a token the Host header must name this server, so another site cannot reach it through DNS rebinding.
        let hostsFor: @Sendable (Int) -> Set<String>? = { port in
            configuration.token == nil ? ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"] : nil
        }
        let portBox = PortBox()
        let router = Dashboard.router(data: data, token: configuration.token, allowedHosts: nil, allowedHostsProvider: { hostsFor(portBox.port) })
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "assay"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                portBox.port = port
                let shown = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                await onReady("http://\(shown):\(port)")
            },
            logger: logger)
        try await app.runService()
    }
}

/// The bound port, known only once the server runs (port 0 picks one).
final class PortBox: Sendable {
    private let value = Mutex(0)
    var port: Int {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

import Synchronization
