import NIOCore
import NIOPosix
import Synchronization

/// A lean HTTP/1.1 client for plain `http://` servers (loopback and LAN model servers: llama.cpp, vLLM, the stub), where
/// the client's own CPU per request bounds throughput.
///
/// One request per connection at a time; finished connections wait in a per-host pool of idle keep-alive connections.
/// Each request has a deadline that closes its connection when it passes. A reused connection that fails before any
/// byte of the response arrived (the server closed it while it was idle) is retried once on a fresh connection. A
/// response with `Connection: close` (or HTTP/1.0 without keep-alive) closes its connection after it is read.
///
/// Header values (API keys) never enter an error message. TLS is not supported: `HTTPTransport` sends `https://` URLs
/// through AsyncHTTPClient.
public final class KeepAliveHTTPClient: Sendable {
    /// A complete response, whatever its status.
    public struct Response: Sendable {
        /// The HTTP status code.
        public var status: Int
        /// The response headers, in order.
        public var headers: [(name: String, value: String)]
        /// The whole body.
        public var body: [UInt8]

        /// The first value of the header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Why a request failed, with the server it was for (`host:port`); never a header value.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The kind of failure.
        public enum Kind: Sendable, Equatable {
            /// The deadline passed (while connecting, sending, or waiting for the response).
            case timedOut
            /// No connection could be made.
            case connectFailed
            /// The connection closed or broke before the response was complete.
            case connectionClosed
            /// The URL is not a plain `http://` URL this client can send to.
            case badURL
            /// A request header's name is not an HTTP token, or its value holds CR, LF or NUL (the value is never shown).
            case badHeader
            /// The body was larger than the client accepts.
            case bodyTooLarge
            /// The server sent something that is not HTTP/1.x.
            case protocolError
        }

        /// The kind of failure.
        public var kind: Kind
        /// `host:port` of the server.
        public var server: String
        /// What happened, for people.
        public var detail: String
        /// Whether any part of the response had arrived when it failed.
        public var responseStarted: Bool

        /// Creates a failure.
        public init(kind: Kind, server: String, detail: String, responseStarted: Bool = false) {
            self.kind = kind
            self.server = server
            self.detail = detail
            self.responseStarted = responseStarted
        }

        public var description: String { "\(server): \(detail)" }
    }

    private struct PoolKey: Hashable {
        var host: String
        var port: Int
    }

    private struct PoolState {
        var idle: [PoolKey: [any Channel]] = [:]
        var isShutDown = false
    }

    private let group: any EventLoopGroup
    private let state = Mutex(PoolState())
    private let maxIdlePerHost: Int
    private let maxBodyBytes: Int
    private let connectTimeout: TimeAmount

    /// - Parameters:
    ///   - maxIdlePerHost: idle connections kept per server; more are closed when their request ends.
    ///   - maxBodyBytes: a larger response body fails with ``Failure/Kind/bodyTooLarge``.
    ///   - connectTimeout: the longest a connection attempt may take (the request's deadline may cut it shorter).
    public init(maxIdlePerHost: Int = 64, maxBodyBytes: Int = 64 << 20, connectTimeout: Double = 10) {
        self.group = MultiThreadedEventLoopGroup.singleton
        self.maxIdlePerHost = maxIdlePerHost
        self.maxBodyBytes = maxBodyBytes
        self.connectTimeout = .nanoseconds(Int64(connectTimeout * 1e9))
    }

    deinit {
        let idle = state.withLock { $0.idle.values.flatMap { $0 } }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes the idle connections; connections in use close when their request ends. Later requests still work.
    public func closeIdleConnections() {
        let idle = state.withLock { state -> [any Channel] in
            defer { state.idle.removeAll() }
            return state.idle.values.flatMap { $0 }
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes every idle connection and stops keeping connections: later requests each use (and close) their own.
    public func shutdown() {
        state.withLock { $0.isShutDown = true }
        closeIdleConnections()
    }

    /// The number of idle connections kept for the server of `url` (for tests and diagnostics).
    public func idleConnectionCount(for url: String) -> Int {
        guard let endpoint = try? Endpoint(url) else { return 0 }
        let key = PoolKey(host: endpoint.host, port: endpoint.port)
        return state.withLock { $0.idle[key]?.count(where: \.isActive) ?? 0 }
    }

    /// Sends one request and returns the complete response, whatever its status.
    ///
    /// - Parameters:
    ///   - method: `GET`, `POST`, ….
    ///   - url: an `http://host[:port]/path` URL.
    ///   - headers: extra request headers (`Host` and `Content-Length` are added).
    ///   - body: the request body, if any.
    ///   - timeout: seconds the whole exchange may take, connection included.
    /// - Throws: ``Failure``, or `CancellationError` when the task is cancelled.
    public func execute(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                        timeout: Double) async throws -> Response {
        let endpoint = try Endpoint(url)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(min(timeout, 1e9) * 1e9))
        guard Self.isToken(method) else {
            throw Failure(kind: .badHeader, server: endpoint.server, detail: "request method is not an HTTP token")
        }
        // The whole request is written as one buffer: request line, Host, the caller's headers, Content-Length, body.
        var request = ByteBuffer()
        request.reserveCapacity(128 + headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 4 } + (body?.count ?? 0))
        request.writeString(method)
        request.writeStaticString(" ")
        request.writeString(endpoint.path)
        request.writeStaticString(" HTTP/1.1\r\nHost: ")
        request.writeString(endpoint.hostHeader)
        request.writeStaticString("\r\n")
        var keepAlive = true
        for (name, value) in headers {
            guard Self.isToken(name), Self.isFieldValue(value) else {
                throw Failure(kind: .badHeader, server: endpoint.server,
                              detail: "request header '\(Self.isToken(name) ? name : "?")' has a character HTTP does not allow")
            }
            if name.lowercased() == "connection", value.lowercased().contains("close") { keepAlive = false }
            request.writeString(name)
            request.writeStaticString(": ")
            request.writeString(value)
            request.writeStaticString("\r\n")
        }
        if let body {
            request.writeStaticString("Content-Length: ")
            request.writeString(String(body.count))
            request.writeStaticString("\r\n\r\n")
            request.writeBytes(body)
        } else {
            request.writeStaticString("\r\n")
        }
        let key = PoolKey(host: endpoint.host, port: endpoint.port)

        if let channel = takeIdle(key) {
            do {
                return try await exchange(on: channel, key: key, request: request, keepAlive: keepAlive, deadline: deadline, server: endpoint.server)
            } catch let failure as Failure where failure.kind == .connectionClosed && !failure.responseStarted {
                // The server closed this connection while it sat idle: one more try on a fresh one.
            }
        }
        let channel = try await connect(endpoint, deadline: deadline)
        return try await exchange(on: channel, key: key, request: request, keepAlive: keepAlive, deadline: deadline, server: endpoint.server)
    }

    /// An HTTP token (RFC 9110 `tchar`s): what a header name may be.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// A header value without the bytes that would end or split the header (CR, LF, NUL).
    static func isFieldValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    private func takeIdle(_ key: PoolKey) -> (any Channel)? {
        state.withLock { state -> (any Channel)? in
            while let channel = state.idle[key]?.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    private func release(_ channel: any Channel, key: PoolKey) {
        let keep = state.withLock { state -> Bool in
            guard !state.isShutDown, channel.isActive else { return false }
            var list = state.idle[key, default: []]
            list.removeAll { !$0.isActive }
            guard list.count < maxIdlePerHost else { return false }
            list.append(channel)
            state.idle[key] = list
            return true
        }
        if !keep { channel.close(promise: nil) }
    }

    private func connect(_ endpoint: Endpoint, deadline: NIODeadline) async throws -> any Channel {
        let remaining = deadline - .now()
        guard remaining > .zero else {
            throw Failure(kind: .timedOut, server: endpoint.server, detail: "timed out before connecting")
        }
        let maxBody = maxBodyBytes
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(min(connectTimeout, remaining))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler(maxBodyBytes: maxBody, server: endpoint.server))
                }
            }
        do {
            return try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            if case ChannelError.connectTimeout = error {
                throw Failure(kind: .timedOut, server: endpoint.server, detail: "connecting timed out")
            }
            if deadline <= .now() { throw Failure(kind: .timedOut, server: endpoint.server, detail: "connecting timed out") }
            throw Failure(kind: .connectFailed, server: endpoint.server, detail: "could not connect (\(error))")
        }
    }

    private func exchange(on channel: any Channel, key: PoolKey, request: ByteBuffer, keepAlive: Bool,
                          deadline: NIODeadline, server: String) async throws -> Response {
        let promise = channel.eventLoop.makePromise(of: HTTP1ResponseParser.Response.self)
        channel.writeAndFlush(PendingExchange(request: request, deadline: deadline, promise: promise)).whenFailure { error in
            // The write never reached the handler (the pipeline was already torn down) or failed on the way out.
            promise.fail(Failure(kind: .connectionClosed, server: server, detail: "connection failed while sending (\(error))"))
        }
        let response: HTTP1ResponseParser.Response
        do {
            response = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
                channel.close(promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            throw error
        }
        if response.keepAlive && keepAlive {
            release(channel, key: key)
        } else {
            channel.close(promise: nil)
        }
        return Response(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
    }
}

/// A request on its way to ``ExchangeHandler``: its bytes, ready to send.
private struct PendingExchange: Sendable {
    var request: ByteBuffer
    var deadline: NIODeadline
    var promise: EventLoopPromise<HTTP1ResponseParser.Response>
}

/// Writes one request, parses its response with ``HTTP1ResponseParser``, and completes the request's promise; fails
/// it when the connection closes or errs first, or when the deadline passes (closing the connection).
private final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = PendingExchange
    typealias OutboundOut = ByteBuffer

    private let server: String
    private var parser: HTTP1ResponseParser
    private var pending: EventLoopPromise<HTTP1ResponseParser.Response>?
    private var deadlineTask: Scheduled<Void>?

    init(maxBodyBytes: Int, server: String) {
        self.server = server
        self.parser = HTTP1ResponseParser(maxBodyBytes: maxBodyBytes)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil else {
            let failure = KeepAliveHTTPClient.Failure(kind: .protocolError, server: server, detail: "connection already has a request in flight")
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        guard context.channel.isActive else {
            let failure = KeepAliveHTTPClient.Failure(kind: .connectionClosed, server: server, detail: "connection closed before the request was sent")
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        pending = request.promise
        let isolated = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        deadlineTask = isolated.scheduleTask(deadline: request.deadline) { [self] in
            fail(.timedOut, "no complete response before the deadline")
            context.close(promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolatedUnsafeUnchecked().whenFailure { [self] error in
            fail(.connectionClosed, "sending the request failed (\(error))")
            context.close(promise: nil)
        }
        if let promise { written.futureResult.cascade(to: promise) }
        context.writeAndFlush(wrapOutboundOut(request.request), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        guard pending != nil else {
            // Bytes nobody asked for (between requests): the connection cannot be trusted with the next one.
            context.close(promise: nil)
            return
        }
        do {
            guard let response = try parser.feed(bytes.readableBytesView) else { return }
            var finished = response
            // More than one response's worth of bytes: answer this request, but do not reuse the connection.
            if parser.hasLeftover { finished.keepAlive = false }
            succeed(finished)
        } catch {
            switch error.kind {
            case .bodyTooLarge: fail(.bodyTooLarge, error.detail)
            case .malformed: fail(.protocolError, "not an HTTP/1.x response (\(error.detail))")
            }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if pending != nil, let response = parser.finishAtClose() {
            succeed(response)
        } else {
            fail(.connectionClosed, parser.hasStarted ? "connection closed mid-response" : "connection closed before a response")
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionClosed, "connection failed (\(error))")
        context.close(promise: nil)
    }

    private func succeed(_ response: HTTP1ResponseParser.Response) {
        guard let promise = pending else { return }
        pending = nil
        deadlineTask?.cancel()
        deadlineTask = nil
        promise.succeed(response)
    }

    private func fail(_ kind: KeepAliveHTTPClient.Failure.Kind, _ detail: String) {
        guard let promise = pending else { return }
        pending = nil
        deadlineTask?.cancel()
        deadlineTask = nil
        promise.fail(KeepAliveHTTPClient.Failure(kind: kind, server: server, detail: detail, responseStarted: parser.hasStarted))
    }
}

/// The parts of an `http://` URL a request needs.
struct Endpoint: Sendable {
    var host: String
    var port: Int
    var path: String

    /// `host:port`, for messages.
    var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    /// The `Host` header value.
    var hostHeader: String { port == 80 ? (host.contains(":") ? "[\(host)]" : host) : server }

    init(_ url: String) throws(KeepAliveHTTPClient.Failure) {
        let bytes = Array(url.utf8)
        let scheme = Array("http://".utf8)
        func bad(_ why: String) -> KeepAliveHTTPClient.Failure {
            KeepAliveHTTPClient.Failure(kind: .badURL, server: "?", detail: "bad URL '\(url)': \(why)")
        }
        guard bytes.count > scheme.count,
              zip(bytes.prefix(scheme.count), scheme).allSatisfy({ ($0 | 0x20) == $1 }) else {
            throw bad("not an http:// URL")
        }
        var index = scheme.count
        let authorityStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") {
            index += 1
        }
        var authority = bytes[authorityStart..<index]
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            authority = authority[(at + 1)...]
        }
        var rest = index < bytes.count ? String(decoding: bytes[index...], as: UTF8.self) : "/"
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        if rest.first == "?" { rest = "/" + rest }
        path = rest.isEmpty ? "/" : rest

        var portText: Substring? = nil
        let hostPart: ArraySlice<UInt8>
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { throw bad("unclosed IPv6 address") }
            hostPart = authority[(authority.startIndex + 1)..<close]
            let after = authority[(close + 1)...]
            if after.first == UInt8(ascii: ":") { portText = Substring(String(decoding: after.dropFirst(), as: UTF8.self)) }
            else if !after.isEmpty { throw bad("text after the IPv6 address") }
        } else if let colon = authority.lastIndex(of: UInt8(ascii: ":")) {
            hostPart = authority[..<colon]
            portText = Substring(String(decoding: authority[(colon + 1)...], as: UTF8.self))
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw bad("no host") }
        // Spaces and control characters would end the request line or the Host header early.
        guard hostPart.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw bad("a space or control character in the host") }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw bad("a space or control character in the path") }
        host = String(decoding: hostPart, as: UTF8.self)
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else { throw bad("bad port") }
            port = value
        } else {
            port = 80
        }
    }
}
