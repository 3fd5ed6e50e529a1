import AssayCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
@testable import AssayProviders

/// A scripted HTTP/1.1 server: the request path picks the behaviour. It counts connections, so tests can tell reuse.
final class ScriptedHTTPServer: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    let counters: Counters

    final class Counters: Sendable {
        private let value = Mutex((connections: 0, requests: 0))
        func connectionOpened() -> Int { value.withLock { $0.connections += 1; return $0.connections } }
        func requestReceived() { value.withLock { $0.requests += 1 } }
        var connections: Int { value.withLock { $0.connections } }
        var requests: Int { value.withLock { $0.requests } }
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, counters: Counters) {
        self.port = port
        self.group = group
        self.channel = channel
        self.counters = counters
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func with<T: Sendable>(_ body: (ScriptedHTTPServer) async throws -> T) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counters = Counters()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(counters: counters, connection: counters.connectionOpened()))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = ScriptedHTTPServer(port: channel.localAddress!.port!, group: group, channel: channel, counters: counters)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

/// Paths: `/ok` answers `connection N request M`; `/close` answers with `Connection: close` and closes; `/once` answers
/// the first request of a connection and hangs up on any later one without a byte; `/stall` never answers; `/429`
/// answers 429 with `Retry-After: 7`; `/503` answers 503; `/large?N` answers N bytes in 64 KiB chunks; `/cut` sends
/// a head promising 100 bytes, 10 of them, and closes.
private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let counters: ScriptedHTTPServer.Counters
    private let connection: Int
    private var requestsOnConnection = 0
    private var uri = ""

    init(counters: ScriptedHTTPServer.Counters, connection: Int) {
        self.counters = counters
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
        case .body:
            break
        case .end:
            requestsOnConnection += 1
            counters.requestReceived()
            respond(context: context)
        }
    }

    private func respond(context: ChannelHandlerContext) {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        switch path {
        case "/ok":
            send(context, status: .ok, body: "connection \(connection) request \(requestsOnConnection)")
        case "/close":
            send(context, status: .ok, body: "bye", headers: [("Connection", "close")], close: true)
        case "/once":
            if requestsOnConnection == 1 {
                send(context, status: .ok, body: "connection \(connection)")
            } else {
                context.close(promise: nil)
            }
        case "/stall":
            break
        case "/429":
            send(context, status: .tooManyRequests, body: #"{"error":{"message":"slow down"}}"#, headers: [("Retry-After", "7")])
        case "/503":
            send(context, status: .serviceUnavailable, body: "busy")
        case "/large":
            let size = Int(uri.split(separator: "?").last ?? "") ?? 0
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok))), promise: nil)
            var left = size
            var index = 0
            while left > 0 {
                let n = min(left, 65_536)
                var buffer = context.channel.allocator.buffer(capacity: n)
                buffer.writeRepeatingByte(UInt8(ascii: "a") + UInt8(index % 26), count: n)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                left -= n
                index += 1
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "/cut":
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "100")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: 10)
            buffer.writeString("0123456789")
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        default:
            send(context, status: .notFound, body: "no")
        }
    }

    private func send(_ context: ChannelHandlerContext, status: HTTPResponseStatus, body: String, headers extra: [(String, String)] = [],
                      close: Bool = false) {
        var headers = HTTPHeaders(extra)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if close { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}

@Suite("KeepAliveHTTPClient against a scripted server")
struct KeepAliveHTTPClientTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            var bodies: [String] = []
            for _ in 0..<5 {
                let response = try await client.execute(method: "GET", url: server.baseURL + "/ok", timeout: 30)
                #expect(response.status == 200)
                bodies.append(String(decoding: response.body, as: UTF8.self))
            }
            #expect(bodies == (1...5).map { "connection 1 request \($0)" })
            #expect(server.counters.connections == 1)
            #expect(client.idleConnectionCount(for: server.baseURL + "/ok") == 1)
            client.shutdown()
        }
    }

    @Test func concurrentRequestsOpenConnectionsThatAreThenReused() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            for _ in 0..<3 {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<4 {
                        group.addTask { try await client.execute(method: "POST", url: server.baseURL + "/ok", body: Array("x".utf8), timeout: 30).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
            }
            #expect(server.counters.requests == 12)
            #expect(server.counters.connections <= 4)
            client.shutdown()
        }
    }

    @Test func connectionCloseFromTheServerIsHonoured() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            for _ in 0..<3 {
                let response = try await client.execute(method: "GET", url: server.baseURL + "/close", timeout: 30)
                #expect(String(decoding: response.body, as: UTF8.self) == "bye")
                #expect(response.header("connection")?.lowercased() == "close")
            }
            #expect(server.counters.connections == 3)
            #expect(client.idleConnectionCount(for: server.baseURL) == 0)
        }
    }

    @Test func aReusedConnectionThatTheServerDropsIsRetriedOnceOnAFreshOne() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            let first = try await client.execute(method: "GET", url: server.baseURL + "/once", timeout: 30)
            #expect(String(decoding: first.body, as: UTF8.self) == "connection 1")
            // The idle connection is reused; the server hangs up on it without a byte, so the client retries once.
            let second = try await client.execute(method: "GET", url: server.baseURL + "/once", timeout: 30)
            #expect(String(decoding: second.body, as: UTF8.self) == "connection 2")
            #expect(server.counters.requests == 3)
            #expect(server.counters.connections == 2)
            client.shutdown()
        }
    }

    @Test func aFreshConnectionThatIsDroppedIsNotRetried() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            let error = await #expect(throws: KeepAliveHTTPClient.Failure.self) {
                _ = try await client.execute(method: "GET", url: server.baseURL + "/cut", timeout: 30)
            }
            #expect(error?.kind == .connectionClosed)
            #expect(error?.responseStarted == true)
            #expect(server.counters.requests == 1)
        }
    }

    @Test func aStalledResponseTimesOutAndClosesItsConnection() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            let started = ContinuousClock.now
            let error = await #expect(throws: KeepAliveHTTPClient.Failure.self) {
                _ = try await client.execute(method: "GET", url: server.baseURL + "/stall", timeout: 0.3)
            }
            #expect(error?.kind == .timedOut)
            // `/stall` never answers, so anything finite shows the timeout fired; the bound is loose because a loaded
            // machine has delayed the wake-up by 6 s.
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(client.idleConnectionCount(for: server.baseURL) == 0)
            // The connection was closed, so the next request opens a new one and succeeds.
            let response = try await client.execute(method: "GET", url: server.baseURL + "/ok", timeout: 30)
            #expect(String(decoding: response.body, as: UTF8.self) == "connection 2 request 1")
        }
    }

    @Test func largeChunkedBodiesArriveWhole() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            let size = 3 * 1_048_576 + 17
            let response = try await client.execute(method: "GET", url: server.baseURL + "/large?\(size)", timeout: 30)
            #expect(response.body.count == size)
            #expect(response.body.first == UInt8(ascii: "a"))
            #expect(response.body[65_536] == UInt8(ascii: "b"))
            #expect(response.body.last == UInt8(ascii: "a") + UInt8((size / 65_536) % 26))
            // The connection is still good for the next request.
            let next = try await client.execute(method: "GET", url: server.baseURL + "/ok", timeout: 30)
            #expect(String(decoding: next.body, as: UTF8.self) == "connection 1 request 2")
            client.shutdown()
        }
    }

    @Test func aBodyOverTheLimitFails() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient(maxBodyBytes: 100_000)
            let error = await #expect(throws: KeepAliveHTTPClient.Failure.self) {
                _ = try await client.execute(method: "GET", url: server.baseURL + "/large?200000", timeout: 30)
            }
            #expect(error?.kind == .bodyTooLarge)
        }
    }

    @Test func urlsAreParsed() throws {
        let plain = try Endpoint("http://127.0.0.1:8080/v1/chat/completions")
        #expect(plain.host == "127.0.0.1")
        #expect(plain.port == 8080)
        #expect(plain.path == "/v1/chat/completions")
        #expect(plain.hostHeader == "127.0.0.1:8080")
        let bare = try Endpoint("HTTP://example.test")
        #expect(bare.port == 80)
        #expect(bare.path == "/")
        #expect(bare.hostHeader == "example.test")
        let v6 = try Endpoint("http://[::1]:9000/x?y=1#frag")
        #expect(v6.host == "::1")
        #expect(v6.port == 9000)
        #expect(v6.path == "/x?y=1")
        #expect(v6.server == "[::1]:9000")
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("https://example.test/") }
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("http://host:99999/") }
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("http:///path") }
        // Bytes that would end the request line or the Host header early.
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("http://host/a b") }
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("http://host/a\r\nX-Injected: 1") }
        #expect(throws: KeepAliveHTTPClient.Failure.self) { try Endpoint("http://ho\nst:80/") }
    }

    @Test func headersThatWouldSplitTheRequestAreRefusedBeforeSending() async throws {
        try await ScriptedHTTPServer.with { server in
            let client = KeepAliveHTTPClient()
            for header in [("Authorization", "Bearer sk-secret\r\nX-Injected: 1"), ("X-Key", "sk-secret\u{0}"), ("Bad Name", "v"), ("", "v")] {
                let error = await #expect(throws: KeepAliveHTTPClient.Failure.self) {
                    _ = try await client.execute(method: "GET", url: server.baseURL + "/ok", headers: [header], timeout: 30)
                }
                #expect(error?.kind == .badHeader)
                #expect(error?.description.contains("sk-secret") == false)
            }
            #expect(server.counters.requests == 0)
            // Ordinary headers still go through, and a token may hold the punctuation RFC 9110 allows.
            let response = try await client.execute(method: "GET", url: server.baseURL + "/ok",
                                                    headers: [("Authorization", "Bearer sk-1"), ("X-Trace_ID.v2", "a b\tc")], timeout: 30)
            #expect(response.status == 200)
            #expect(server.counters.requests == 1)
            client.shutdown()
        }
    }
}

@Suite("HTTPTransport over plain HTTP classifies failures")
struct PlainTransportClassificationTests {
    @Test func rateLimitCarriesRetryAfterAndTheServerMessage() async throws {
        try await ScriptedHTTPServer.with { server in
            try await withTransport { transport in
                let error = await #expect(throws: ProviderError.self) {
                    _ = try await transport.postJSON(server.baseURL + "/429", headers: [("Authorization", "Bearer sk-secret-value")], body: Array("{}".utf8))
                }
                #expect(error?.kind == .rateLimited)
                #expect(error?.status == 429)
                #expect(error?.retryAfter == 7)
                #expect(error?.message.contains("slow down") == true)
                #expect(error?.description.contains("sk-secret") == false)
            }
        }
    }

    @Test func serverErrorsStallsAndDropsAreTransient() async throws {
        try await ScriptedHTTPServer.with { server in
            try await withTransport(timeout: 0.5) { transport in
                let stalled = await #expect(throws: ProviderError.self) { _ = try await transport.get(server.baseURL + "/stall") }
                #expect(stalled?.kind == .timeout)
            }
            try await withTransport(timeout: 30) { transport in
                let unavailable = await #expect(throws: ProviderError.self) { _ = try await transport.get(server.baseURL + "/503") }
                #expect(unavailable?.kind == .server)
                #expect(unavailable?.status == 503)
                let cut = await #expect(throws: ProviderError.self) { _ = try await transport.get(server.baseURL + "/cut") }
                #expect(cut?.kind == .server)
                #expect(cut?.isTransient == true)
                let missing = await #expect(throws: ProviderError.self) { _ = try await transport.get(server.baseURL + "/nothing-here") }
                #expect(missing?.kind == .client)
                #expect(missing?.status == 404)
            }
        }
    }

    @Test func aRefusedConnectionIsAServerFailure() async throws {
        let port = try await ScriptedHTTPServer.with { $0.port }
        try await withTransport { transport in
            let error = await #expect(throws: ProviderError.self) { _ = try await transport.get("http://127.0.0.1:\(port)/ok") }
            #expect(error?.kind == .server)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        }
    }

    @Test func plainAndTLSURLsAreTold() {
        #expect(HTTPTransport.isPlainHTTP("http://127.0.0.1:8080/v1"))
        #expect(HTTPTransport.isPlainHTTP("HTTP://host/"))
        #expect(!HTTPTransport.isPlainHTTP("https://api.openai.com/v1"))
        #expect(!HTTPTransport.isPlainHTTP("http:/x"))
    }
}
