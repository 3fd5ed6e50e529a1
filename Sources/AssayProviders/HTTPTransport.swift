import AssayCore
public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// JSON over HTTP for the providers: one shared `HTTPClient`, failures classified as ``ProviderError``.
///
/// Request and response bodies are never logged, and header values (API keys) never enter an error message.
public struct HTTPTransport: Sendable {
    public let client: HTTPClient
    /// Seconds a whole request (connect, send, wait, read) may take.
    public var timeout: Double

    public init(client: HTTPClient, timeout: Double = 120) {
        self.client = client
        self.timeout = timeout
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
