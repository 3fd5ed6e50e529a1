import AssayCore
public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// JSON over HTTP for the providers, failures classified as ``ProviderError``: plain `http://` URLs (loopback and LAN
/// model servers, where throughput matters) go through a lean ``KeepAliveHTTPClient``, `https://` ones through one
/// shared AsyncHTTPClient `HTTPClient`.
///
/// Request and response bodies are never logged, and header values (API keys) never enter an error message.
public struct HTTPTransport: Sendable {
    public let client: HTTPClient
    /// The client for plain `http://` URLs.
    public let plainClient: KeepAliveHTTPClient
    /// Seconds a whole request (connect, send, wait, read) may take.
    public var timeout: Double

    /// - Parameters:
    ///   - client: the client for `https://` URLs.
    ///   - timeout: seconds a whole request may take.
    ///   - plainClient: the client for `http://` URLs; by default one of its own, whose idle connections close when the
    ///     last copy of this transport is gone.
    public init(client: HTTPClient, timeout: Double = 120, plainClient: KeepAliveHTTPClient = KeepAliveHTTPClient()) {
        self.client = client
        self.timeout = timeout
        self.plainClient = plainClient
    }

    /// A client tuned for many concurrent requests to few hosts. `readTimeout` bounds how long a response may stall
    /// without a byte arriving (a hung server); the per-request deadline bounds the whole exchange.
    public static func makeClient(connectionsPerHost: Int = 64, readTimeout: Double = 120) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.timeout = .init(connect: .seconds(10), read: .milliseconds(Int64(readTimeout * 1000)))
        configuration.decompression = .disabled
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A response whose status was 2xx.
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// POSTs `body` as JSON and returns the 2xx response; throws ``ProviderError`` otherwise.
    public func postJSON(_ url: String, headers: [(String, String)] = [], body: [UInt8]) async throws -> Response {
        if Self.isPlainHTTP(url) {
            var all: [(String, String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
            all.append(contentsOf: headers)
            return try await sendPlain(method: "POST", url, headers: all, body: body)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        return try await send(request)
    }

    /// GETs `url` and returns the 2xx response.
    public func get(_ url: String, headers: [(String, String)] = []) async throws -> Response {
        if Self.isPlainHTTP(url) { return try await sendPlain(method: "GET", url, headers: headers, body: nil) }
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Response {
        let status: Int
        let bytes: [UInt8]
        let retryAfter: Double?
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "retry-after").flatMap(Self.parseRetryAfter)
            var buffer = try await response.body.collect(upTo: 64 << 20)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as ProviderError {
            throw error
        } catch {
            throw Self.classify(error, url: request.url)
        }
        return try Self.response(status: status, bytes: bytes, retryAfter: retryAfter)
    }

    /// Whether `url` is plain `http://` (any letter case).
    static func isPlainHTTP(_ url: String) -> Bool {
        var utf8 = url.utf8.makeIterator()
        for expected in "http://".utf8 {
            guard let byte = utf8.next(), byte | (expected >= 0x61 ? 0x20 : 0) == expected else { return false }
        }
        return true
    }

    private func sendPlain(method: String, _ url: String, headers: [(String, String)], body: [UInt8]?) async throws -> Response {
        let response: KeepAliveHTTPClient.Response
        do {
            response = try await plainClient.execute(method: method, url: url, headers: headers, body: body, timeout: timeout)
        } catch let failure as KeepAliveHTTPClient.Failure {
            throw Self.classify(failure)
        } catch {
            throw Self.classify(error, url: url)
        }
        let retryAfter = response.status == 429 || response.status >= 500 || response.status == 408
            ? response.header("retry-after").flatMap(Self.parseRetryAfter) : nil
        return try Self.response(status: response.status, bytes: response.body, retryAfter: retryAfter)
    }

    /// A ``KeepAliveHTTPClient`` failure as a retry class: timeouts are timeouts, broken connections and garbled
    /// responses are transient server failures, a bad URL is configuration.
    static func classify(_ failure: KeepAliveHTTPClient.Failure) -> ProviderError {
        switch failure.kind {
        case .timedOut:
            ProviderError(kind: .timeout, message: "request to \(failure.server) timed out (\(failure.detail))")
        case .badURL:
            ProviderError(kind: .configuration, message: failure.detail)
        case .badHeader:
            ProviderError(kind: .configuration, message: "request to \(failure.server): \(failure.detail)")
        case .connectFailed, .connectionClosed, .protocolError:
            ProviderError(kind: .server, message: "connection to \(failure.server) failed: \(failure.detail)")
        case .bodyTooLarge:
            ProviderError(kind: .malformed, message: "response from \(failure.server): \(failure.detail)")
        }
    }

    /// The 2xx response, or the ``ProviderError`` its status means.
    private static func response(status: Int, bytes: [UInt8], retryAfter: Double?) throws -> Response {
        switch status {
        case 200..<300:
            return Response(status: status, body: bytes)
        case 429:
            throw ProviderError(kind: .rateLimited, message: Self.errorMessage(bytes), status: status, retryAfter: retryAfter)
        case 408, 500...599:
            throw ProviderError(kind: .server, message: Self.errorMessage(bytes), status: status, retryAfter: retryAfter)
        default:
            throw ProviderError(kind: .client, message: Self.errorMessage(bytes), status: status)
        }
    }

    /// Maps a transport error to a retry class. Timeouts and broken connections are transient.
    static func classify(_ error: any Error, url: String) -> ProviderError {
        let host = URL(string: url).map { "\($0.host ?? "?"):\($0.port.map(String.init) ?? "")" } ?? url
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout:
                return ProviderError(kind: .timeout, message: "request to \(host) timed out (\(error))")
            case .invalidURL, .emptyHost, .emptyScheme:
                return ProviderError(kind: .configuration, message: "bad URL '\(url)': \(error)")
            default:
                return ProviderError(kind: .server, message: "connection to \(host) failed: \(error)")
            }
        }
        if error is CancellationError { return ProviderError(kind: .timeout, message: "request to \(host) cancelled") }
        return ProviderError(kind: .server, message: "connection to \(host) failed: \(error)")
    }

    /// `Retry-After` as seconds (delta-seconds form; HTTP dates are rare from model APIs and are ignored).
    static func parseRetryAfter(_ value: String) -> Double? {
        Double(value.trimmingCharacters(in: .whitespaces)).map { max(0, $0) }
    }

    /// The server's error message, shortened, without control characters or anything that looks like a key (some APIs
    /// echo a masked key back); bodies are otherwise not echoed.
    static func errorMessage(_ bytes: [UInt8]) -> String {
        TextSanitizer.redactingKeys(TextSanitizer.printable(rawErrorMessage(bytes)))
    }

    private static func rawErrorMessage(_ bytes: [UInt8]) -> String {
        if let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
            if let error = json["error"] as? [String: Any], let message = error["message"] as? String { return String(message.prefix(300)) }
            if let message = json["error"] as? String { return String(message.prefix(300)) }
            if let message = json["message"] as? String { return String(message.prefix(300)) }
        }
        return String(decoding: bytes.prefix(200), as: UTF8.self)
    }
}
