import AssayAnalysis
public import AssayCore
import AssayStore
import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The request context of the dashboard: Hummingbird's core storage plus the page's script nonce.
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// A fresh random value per request, named in the Content-Security-Policy; only scripts carrying it run.
    public var nonce: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        nonce = Dashboard.makeNonce()
    }
}

/// The dashboard's routes: a JSON API under `/api/` (described at `/api/openapi.json`) and server-rendered pages.
public enum Dashboard {
    /// Builds the router. `token`, when set, must accompany every request (Bearer header, `assay_token` cookie, or a
    /// `?token=` query that sets the cookie). `allowedHosts`, when set, is checked against the Host header, so a
    /// web page elsewhere cannot reach a loopback dashboard through DNS rebinding.
    public static func router(data: DashboardData, token: String?, allowedHosts: Set<String>?,
                              allowedHostsProvider: (@Sendable () -> Set<String>?)? = nil) -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: SecurityMiddleware(token: token, allowedHosts: allowedHostsProvider ?? { allowedHosts }))
        router.get("/health") { _, _ in Response.json(["status": "ok"]) }
        API.register(on: router, data: data)
        Pages.register(on: router, data: data)
        return router
    }

    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined()
    }
}

extension Response {
    /// A JSON response.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// JSON as the CLI's `--json` writes it (snake_case keys, sorted), for the analysis types the CLI also prints.
    static func report<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: ReportJSON.encode(value))))
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON error body `{"error": message}`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(["error": message], status: status)
    }
}

/// Token check, Host check and security headers on every response.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    let token: String?
    let allowedHosts: @Sendable () -> Set<String>?

    func handle(_ request: Request, context: DashboardContext, next: (Request, DashboardContext) async throws -> Response) async throws -> Response {
        if let allowedHosts = allowedHosts(), let host = request.head.authority ?? request.headers[.init("Host")!], !allowedHosts.contains(host.lowercased()) {
            return secured(.problem(.misdirectedRequest, "unexpected Host header"), nonce: context.nonce)
        }
        var setCookie = false
        if let token {
            let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            let cookie = request.cookies["assay_token"]?.value
            let query = request.uri.queryParameters.get("token")
            guard let presented = bearer ?? query ?? cookie, Self.constantTimeEqual(presented, token) else {
                return secured(.problem(.unauthorized, "this dashboard needs its token: pass ?token=… once, or an Authorization: Bearer header"),
                               nonce: context.nonce)
            }
            setCookie = query != nil && cookie == nil
        }
        var response = try await next(request, context)
        if setCookie, let token {
            response.headers[values: .setCookie].append("assay_token=\(token); HttpOnly; SameSite=Strict; Path=/")
        }
        return secured(response, nonce: context.nonce)
    }

    private func secured(_ response: Response, nonce: String) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = """
            default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
            base-uri 'none'; form-action 'self'; frame-ancestors 'none'
            """
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }
}
