import AssayAnalysis
import AssayCore
import AssayEvolve
import AssayStore
import Foundation
import Hummingbird

/// `/api/…`: runs, run detail with metrics, progress, samples with paging and filters, one sample, suites and versions,
/// a suite's version list and diffs, evolutions with their archive and findings, the comparison of two runs, and series with
/// their ladder verdicts, change points and forecasts.
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
        router.get("/api/runs/:id/dimension") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            guard let report = try await data.dimension(for: run) else {
                return Response.problem(.notFound, "the run's suite has no kind: it has no dimension report")
            }
            return Response.report(report)
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
            // Keyset paging: `after_item` and `after_epoch` (a page's `next`) continue right after that unit, at the
            // same cost however deep the page; `offset` walks every sample before the page.
            var start = PageStart.offset(offset)
            switch (query.get("after_item"), query.get("after_epoch")) {
            case (nil, nil): break
            case (let item?, let epochText?):
                guard let epoch = Int(epochText) else { return Response.problem(.badRequest, "after_epoch must be an integer") }
                guard query.get("offset") == nil else { return Response.problem(.badRequest, "give offset or after_item and after_epoch, not both") }
                start = .after(UnitKey(itemID: item, epoch: epoch))
            default:
                return Response.problem(.badRequest, "after_item and after_epoch go together")
            }
            let page = try await data.samplePage(of: run, filter: filter, from: start, limit: limit)
            let next = page.rows.count == limit ? page.rows.last.map { APIModels.PageCursor(after_item: $0.sample.itemID, after_epoch: $0.sample.epoch) } : nil
            return Response.json(APIModels.SamplePageBody(total: page.total, offset: start.offset, limit: limit,
                                                          next: next, samples: page.rows.map(APIModels.SampleBody.init)))
        }
        router.get("/api/runs/:id/samples/:item/:epoch") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such run") }
            guard let epoch = context.parameters.get("epoch", as: Int.self),
                  let sample = try await store.sample(runID: run.id, itemID: try context.parameters.require("item"), epoch: epoch) else {
                return Response.problem(.notFound, "no such sample")
            }
            return Response.json(APIModels.SampleBody(sample))
        }
        router.get("/api/compare") { request, _ in
            let query = request.uri.queryParameters
            switch try await CompareRequest.resolve(a: query.get("a").flatMap(Pages.nonEmpty), b: query.get("b").flatMap(Pages.nonEmpty),
                                                    alpha: query.get("alpha").flatMap(Pages.nonEmpty), data: data) {
            case .comparison(let comparison, _, _):
                // The JSON of `assay compare --json`: snake_case, null for a missing number.
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: .init(string: comparison.json())))
            case .notFound(let what): return Response.problem(.notFound, "no such \(what)")
            case .badRequest(let message): return Response.problem(.badRequest, message)
            }
        }
        router.get("/api/findings") { request, _ in
            let status = request.uri.queryParameters.get("status").flatMap(Pages.nonEmpty)
            if let status, Finding.Status(rawValue: status) == nil {
                return Response.problem(.badRequest, "status must be one of open, triaged, fixed, wont_fix")
            }
            return Response.report(try await FindingSummary.all(store: store).filter { status == nil || $0.finding.status.rawValue == status }
                .map { APIModels.TrackedFindingBody($0) })
        }
        router.get("/api/findings/:id") { _, context in
            guard let summary = try await FindingSummary.load(id: try context.parameters.require("id"), store: store) else {
                return Response.problem(.notFound, "no such finding")
            }
            return Response.report(APIModels.TrackedFindingBody(summary, examples: try await FailureSources.examples(summary.finding, store: store)))
        }
        router.get("/api/series") { _, _ in
            Response.report(try await store.seriesList().map(APIModels.SeriesSummaryBody.init))
        }
        router.get("/api/series/:name") { _, context in
            guard let view = try await SeriesRequest.load(try context.parameters.require("name"), store: store) else {
                return Response.problem(.notFound, "no such series")
            }
            return Response.report(APIModels.SeriesDetailBody(view))
        }
        router.get("/api/series/:name/forecast") { request, context in
            let query = request.uri.queryParameters
            switch try await SeriesRequest.forecast(try context.parameters.require("name"), metric: query.get("metric").flatMap(Pages.nonEmpty),
                                                    threshold: query.get("threshold").flatMap(Pages.nonEmpty),
                                                    backtest: query.get("backtest").flatMap(Pages.nonEmpty), store: store) {
            case .forecast(let view, let curve, let result):
                return Response.report(APIModels.ForecastBody(series: view.name, metric: curve.metric, forecast: result))
            case .notFound(let what): return Response.problem(.notFound, "no such \(what)")
            case .badRequest(let message): return Response.problem(.badRequest, message)
            }
        }
        router.get("/api/suites") { _, _ in
            Response.json(try await store.suiteVersions(name: nil).map(APIModels.version))
        }
        // `/api/suites/NAME/…`: one capture name per path position (see `/api/suites/:version`), so the suite name
        // arrives as `version`; the OpenAPI document names it `name`.
        router.get("/api/suites/:version/versions") { _, context in
            let versions = try await store.suiteVersions(name: try context.parameters.require("version"))
            guard !versions.isEmpty else { return Response.problem(.notFound, "no such suite") }
            return Response.json(versions.map(APIModels.version))
        }
        router.get("/api/suites/:version/diff") { request, context in
            let query = request.uri.queryParameters
            switch try await SuiteDiffRequest.resolve(name: try context.parameters.require("version"), from: query.get("from").flatMap(Pages.nonEmpty),
                                                      to: query.get("to").flatMap(Pages.nonEmpty), data: data) {
            case .diff(let old, let new): return Response.json(APIModels.SuiteDiffBody(old: old, new: new, diff: SuiteDiff(old: old, new: new)))
            case .notFound(let what): return Response.problem(.notFound, "no such \(what)")
            case .badRequest(let message): return Response.problem(.badRequest, message)
            }
        }
        router.get("/api/evolutions") { request, _ in
            let limit = min(1000, max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? 100))
            var out: [APIModels.EvolutionBody] = []
            for record in try await store.evolutions(limit: limit) { out.append(APIModels.EvolutionBody(await data.evolution(record))) }
            return Response.json(out)
        }
        router.get("/api/evolutions/:id") { _, context in
            guard let view = try await data.evolution(id: try context.parameters.require("id")) else { return Response.problem(.notFound, "no such evolution") }
            guard let detail = APIModels.EvolutionDetail(view) else {
                return Response.problem(.internalServerError, view.problem ?? "the stored search state could not be read")
            }
            return Response.json(detail)
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
