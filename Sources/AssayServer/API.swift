import AssayCore
import AssayStore
import Foundation
import Hummingbird

/// `/api/…`: runs, run detail with metrics, progress, samples with paging and filters, one sample, suites and versions.
enum API {
    static let maxPage = 500

    static func register(on router: Router<DashboardContext>, data: DashboardData) {
        let store = data.store
        router.get("/api/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: OpenAPIDocument.json)))
        }
        router.get("/api/runs") { request, _ in
            let limit = min(1000, max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? 100))
            var out: [APIModels.RunSummary] = []
            for run in try await store.runs(limit: limit) {
                out.append(APIModels.summary(run, counts: try await store.counts(runID: run.id)))
            }
            return Response.json(out)
        }
        router.get("/api/runs/:id") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            let report = try await data.report(for: run)
            let detail = APIModels.RunDetail(
                run: APIModels.summary(run, counts: (report.samples, report.errors)), epochs: run.config.epochs, seed: run.config.seed,
                limit: run.config.limit, scorers: run.config.scorers, metrics: report.metrics.map(APIModels.MetricBody.init),
                progress: try await data.progress(of: run))
            return Response.json(detail)
        }
        router.get("/api/runs/:id/metrics") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            return Response.json(try await data.report(for: run).metrics.map(APIModels.MetricBody.init))
        }
        router.get("/api/runs/:id/progress") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            return Response.json(try await data.progress(of: run))
        }
        router.get("/api/runs/:id/samples") { request, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            let query = request.uri.queryParameters
            let offset = max(0, query.get("offset", as: Int.self) ?? 0)
            let limit = min(maxPage, max(1, query.get("limit", as: Int.self) ?? 50))
            let filter = SampleFilter(verdict: query.get("verdict"), scorer: query.get("scorer"), tag: query.get("tag"))
            if let verdict = filter.verdict, !["pass", "fail", "abstain", "error", "value"].contains(verdict) {
                return Response.problem(.badRequest, "verdict must be pass, fail, abstain, value or error")
            }
            let page = try await data.samplePage(of: run, filter: filter, offset: offset, limit: limit)
            return Response.json(APIModels.SamplePageBody(total: page.total, offset: offset, limit: limit, samples: page.rows.map(APIModels.SampleBody.init)))
        }
        router.get("/api/runs/:id/samples/:item/:epoch") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            guard let epoch = context.parameters.get("epoch", as: Int.self),
                  let sample = try await store.sample(runID: run.id, itemID: try context.parameters.require("item"), epoch: epoch) else {
                return Response.problem(.notFound, "no such sample")
            }
            return Response.json(APIModels.SampleBody(sample))
        }
        router.get("/api/suites") { _, _ in
            Response.json(try await store.suiteVersions(name: nil).map {
                APIModels.SuiteVersionBody(name: $0.name, version: $0.version, parent: $0.parent, items: $0.itemCount, created_at: APIModels.date($0.createdAt))
            })
        }
        router.get("/api/suites/:version") { request, context in
            guard let suite = try await data.suite(version: try context.parameters.require("version")) else {
                return Response.problem(.notFound, "no such suite version")
            }
            let offset = max(0, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            let limit = min(maxPage, max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? 50))
            return Response.json(APIModels.SuiteDetail(
                name: suite.name, version: suite.version, parent: suite.parent, description: suite.config.description, config: suite.config,
                total: suite.items.count, offset: offset, items: Array(suite.items.dropFirst(offset).prefix(limit))))
        }
    }
}
