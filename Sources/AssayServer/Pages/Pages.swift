import AssayCore
import AssayStore
import Foundation
import Hummingbird

/// Page routes. Each page is a type in its own file; this file only maps URLs to them.
enum Pages {
    static func register(on router: Router<DashboardContext>, data: DashboardData) {
        let store = data.store
        router.get("/") { _, context in
            var rows: [RunsPage.Row] = []
            for run in try await store.runs(limit: 200) {
                rows.append(RunsPage.Row(run: run, report: try await data.report(for: run)))
            }
            return Response.html(Layout.render(RunsPage(rows: rows), nonce: context.nonce))
        }
        router.get("/runs/:id") { request, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return notFound("run", context) }
            let query = request.uri.queryParameters
            let filter = SampleFilter(verdict: query.get("verdict").flatMap(nonEmpty), scorer: query.get("scorer").flatMap(nonEmpty),
                                      tag: query.get("tag").flatMap(nonEmpty))
            let offset = max(0, query.get("offset", as: Int.self) ?? 0)
            let summary = try await data.summary(for: run)
            let page = RunPage(
                run: run, report: summary.report, progress: try await data.progress(of: run), distributions: summary.distributions,
                tags: summary.tags, filter: filter, offset: offset,
                samples: try await data.samplePage(of: run, filter: filter, offset: offset, limit: RunPage.pageSize))
            return Response.html(Layout.render(page, nonce: context.nonce, script: run.status == .running ? RunPage.liveScript(runID: run.id) : nil))
        }
        router.get("/runs/:id/samples/:item/:epoch") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return notFound("run", context) }
            guard let epoch = context.parameters.get("epoch", as: Int.self),
                  let sample = try await store.sample(runID: run.id, itemID: try context.parameters.require("item"), epoch: epoch) else {
                return notFound("sample", context)
            }
            let item = try await data.items(of: run).first { $0.id == sample.sample.itemID }
            return Response.html(Layout.render(TranscriptPage(run: run, result: sample, item: item), nonce: context.nonce))
        }
        router.get("/suites") { _, context in
            Response.html(Layout.render(SuitesPage(versions: try await store.suiteVersions(name: nil)), nonce: context.nonce))
        }
        router.get("/suites/:version") { request, context in
            guard let suite = try await data.suite(version: try context.parameters.require("version")) else { return notFound("suite version", context) }
            let offset = max(0, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            return Response.html(Layout.render(SuitePage(suite: suite, offset: offset), nonce: context.nonce))
        }
    }

    static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }

    static func notFound(_ what: String, _ context: DashboardContext) -> Response {
        Response.html(Layout.render(MessagePage(title: "Not found", message: "No such \(what) in this store."), nonce: context.nonce), status: .notFound)
    }
}

/// A page that only says something (not found, empty store).
struct MessagePage: Page {
    let title: String
    let message: String
    var section: String { "" }

    func body() -> HTML {
        "<h1>\(title)</h1><p class=\"muted\">\(message)</p><p><a href=\"/\">All runs</a></p>"
    }
}

/// Formatting shared by pages.
enum Format {
    static func number(_ value: Double, _ digits: Int = 3) -> String { NumberFormat.fixed(value, digits) }

    static func interval(_ metric: Metric) -> String {
        metric.ciLow.isFinite ? "[\(number(metric.ciLow)), \(number(metric.ciHigh))]" : "—"
    }

    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date) + " UTC"
    }

    static func status(_ status: RunRecord.Status) -> HTML {
        "<span class=\"pill \(status.rawValue)\">\(status.rawValue)</span>"
    }

    static func verdict(_ score: Score) -> HTML {
        switch score.verdict {
        case .value: "<span class=\"value\" title=\"\(score.explanation ?? "")\">\(number(score.value))</span>"
        default: "<span class=\"\(score.verdict.rawValue)\" title=\"\(score.explanation ?? "")\">\(score.verdict.rawValue)</span>"
        }
    }

    /// A query string from non-nil parameters, escaped for a URL.
    static func query(_ parameters: [(String, String?)]) -> String {
        let parts = parameters.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// A path segment escaped for a URL.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
