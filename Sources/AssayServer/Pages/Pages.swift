import AssayAnalysis
import AssayCore
import AssayEvolve
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
            // Other runs to compare with, those of the same suite first.
            let others = try await store.runs(limit: 200).filter { $0.id != run.id }
            let page = RunPage(
                run: run, report: summary.report, dimensionKind: try await data.suite(version: run.suiteVersion)?.config.kind, progress: try await data.progress(of: run), distributions: summary.distributions,
                tags: summary.tags, filter: filter, offset: offset,
                compareWith: others.filter { $0.suiteName == run.suiteName } + others.filter { $0.suiteName != run.suiteName },
                samples: try await data.samplePage(of: run, filter: filter, offset: offset, limit: RunPage.pageSize))
            return Response.html(Layout.render(page, nonce: context.nonce, script: run.status == .running ? RunPage.liveScript(runID: run.id) : nil))
        }
        router.get("/runs/:id/dimension") { _, context in
            guard let run = try await store.run(id: try context.parameters.require("id")) else { return notFound("run", context) }
            guard let report = try await data.dimension(for: run) else { return notFound("dimension report (the run's suite has no kind:)", context) }
            return Response.html(Layout.render(DimensionPage(run: run, report: report), nonce: context.nonce))
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
        router.get("/compare") { request, context in
            let query = request.uri.queryParameters
            switch try await CompareRequest.resolve(a: query.get("a").flatMap(nonEmpty), b: query.get("b").flatMap(nonEmpty),
                                                    alpha: query.get("alpha").flatMap(nonEmpty), data: data) {
            case .comparison(let comparison, let a, let b):
                let offset = max(0, query.get("offset", as: Int.self) ?? 0)
                var flips: [ComparePage.Flip] = []
                for flip in comparison.flipped.dropFirst(offset).prefix(ComparePage.pageSize) {
                    flips.append(ComparePage.Flip(flip: flip, a: try await store.sample(runID: a.id, itemID: flip.itemID, epoch: 0),
                                                  b: try await store.sample(runID: b.id, itemID: flip.itemID, epoch: 0)))
                }
                let page = ComparePage(comparison: comparison, runA: a, runB: b, flips: flips, offset: offset)
                return Response.html(Layout.render(page, nonce: context.nonce))
            case .notFound(let what):
                return notFound(what, context)
            case .badRequest(let message):
                return Response.html(Layout.render(MessagePage(title: "Bad request", message: message), nonce: context.nonce), status: .badRequest)
            }
        }
        router.get("/findings") { request, context in
            let status = request.uri.queryParameters.get("status").flatMap(nonEmpty)
            if let status, Finding.Status(rawValue: status) == nil {
                return Response.html(Layout.render(MessagePage(title: "Bad request", message: "status must be one of open, triaged, fixed, wont_fix"),
                                                   nonce: context.nonce), status: .badRequest)
            }
            let page = FindingsPage(summaries: try await FindingSummary.all(store: store), status: status.flatMap(Finding.Status.init(rawValue:)))
            return Response.html(Layout.render(page, nonce: context.nonce))
        }
        router.get("/findings/:id") { _, context in
            guard let summary = try await FindingSummary.load(id: try context.parameters.require("id"), store: store) else {
                return notFound("finding", context)
            }
            let page = FindingPage(summary: summary, examples: try await FailureSources.examples(summary.finding, store: store))
            return Response.html(Layout.render(page, nonce: context.nonce))
        }
        router.get("/series") { _, context in
            Response.html(Layout.render(SeriesListPage(series: try await store.seriesList()), nonce: context.nonce))
        }
        router.get("/series/:name") { _, context in
            guard let view = try await SeriesRequest.load(try context.parameters.require("name"), store: store) else {
                return notFound("series", context)
            }
            return Response.html(Layout.render(SeriesPage(view: view), nonce: context.nonce))
        }
        router.get("/series/:name/forecast") { request, context in
            let query = request.uri.queryParameters
            switch try await SeriesRequest.forecast(try context.parameters.require("name"), metric: query.get("metric").flatMap(nonEmpty),
                                                    threshold: query.get("threshold").flatMap(nonEmpty),
                                                    backtest: query.get("backtest").flatMap(nonEmpty), store: store) {
            case .forecast(let view, let curve, let result):
                return Response.html(Layout.render(ForecastPage(view: view, curve: curve, result: result), nonce: context.nonce))
            case .notFound(let what):
                return notFound(what, context)
            case .badRequest(let message):
                return Response.html(Layout.render(MessagePage(title: "Bad request", message: message), nonce: context.nonce), status: .badRequest)
            }
        }
        router.get("/suites") { _, context in
            Response.html(Layout.render(SuitesPage(versions: try await store.suiteVersions(name: nil)), nonce: context.nonce))
        }
        router.get("/suites/:version") { request, context in
            guard let suite = try await data.suite(version: try context.parameters.require("version")) else { return notFound("suite version", context) }
            let offset = max(0, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            return Response.html(Layout.render(SuitePage(suite: suite, offset: offset), nonce: context.nonce))
        }
        // `/suites/NAME/…`: Hummingbird allows one capture name per path position, so the suite name arrives as
        // `version`, the name `/suites/:version` gave that position first.
        router.get("/suites/:version/versions") { _, context in
            let name = try context.parameters.require("version")
            let versions = try await store.suiteVersions(name: name)
            guard !versions.isEmpty else { return notFound("suite", context) }
            return Response.html(Layout.render(SuiteVersionsPage(name: name, versions: versions), nonce: context.nonce))
        }
        router.get("/suites/:version/diff") { request, context in
            let query = request.uri.queryParameters
            switch try await SuiteDiffRequest.resolve(name: try context.parameters.require("version"), from: query.get("from").flatMap(nonEmpty),
                                                      to: query.get("to").flatMap(nonEmpty), data: data) {
            case .diff(let old, let new):
                return Response.html(Layout.render(SuiteDiffPage(old: old, new: new, diff: SuiteDiff(old: old, new: new)), nonce: context.nonce))
            case .notFound(let what):
                return notFound(what, context)
            case .badRequest(let message):
                return Response.html(Layout.render(MessagePage(title: "Bad request", message: message), nonce: context.nonce), status: .badRequest)
            }
        }
        router.get("/evolutions") { _, context in
            var views: [EvolutionView] = []
            for record in try await store.evolutions(limit: 200) { views.append(await data.evolution(record)) }
            return Response.html(Layout.render(EvolutionsPage(evolutions: views), nonce: context.nonce))
        }
        router.get("/evolutions/:id") { _, context in
            guard let view = try await data.evolution(id: try context.parameters.require("id")) else { return notFound("evolution", context) }
            return Response.html(Layout.render(EvolutionPage(view: view), nonce: context.nonce))
        }
        router.get("/items/:id") { request, context in
            var view: EvolutionView?
            if let evolution = request.uri.queryParameters.get("evolution").flatMap(nonEmpty) {
                guard let found = try await data.evolution(id: evolution) else { return notFound("evolution", context) }
                view = found
            }
            guard let lineage = try await Lineage.resolve(id: try context.parameters.require("id"), store: store, search: view) else {
                return notFound("item", context)
            }
            let search = view.map { view in
                ItemPage.SearchView(evolution: view.record.id, evaluated: view.state?.evaluatedEntry(lineage.item.id),
                                    finding: view.state?.findings.last { $0.item.id == lineage.item.id })
            }
            let page = ItemPage(item: lineage.item, lineage: lineage.ancestors, missingAncestor: lineage.missing, search: search)
            return Response.html(Layout.render(page, nonce: context.nonce))
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

    /// An axis value: integers below 10⁶ as they are, others with four significant digits (`1.255e10`, `0.0312`).
    static func axis(_ value: Double) -> String {
        guard value.isFinite else { return NumberFormat.fixed(value) }
        if value == value.rounded(), abs(value) < 1e6 { return NumberFormat.plain(value) }
        return String(format: "%.4g", value).replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e")
            .replacingOccurrences(of: "e-0", with: "e-")
    }

    /// A difference with its sign: `+0.500`, `-0.125`.
    static func signed(_ value: Double, _ digits: Int = 3) -> String {
        (value >= 0 ? "+" : "") + NumberFormat.fixed(value, digits)
    }

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

    /// A status word as a coloured pill (`running`, `completed`, `validated`, …).
    static func pill(_ status: String) -> HTML {
        "<span class=\"pill \(status)\">\(status)</span>"
    }

    /// The start of a text on one line, for tables.
    static func excerpt(_ text: String, _ length: Int = 120) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > length ? String(line.prefix(length)) + "…" : line
    }

    /// What an item expects, in words.
    static func target(_ target: Target) -> HTML {
        switch target {
        case .none: return "none"
        case .text(let texts): return "\(texts.joined(separator: " | "))"
        case .number(let value): return "\(NumberFormat.plain(value))"
        case .choice(let index, let choices): return "\(ChoiceLetters.letter(index)). \(choices.indices.contains(index) ? choices[index] : "?")"
        case .facts(let facts): return "\(facts.joined(separator: "; "))"
        case .behavior(let behavior): return "\(behavior.rawValue)"
        }
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

    /// The page of an item, seen from an evolution when `evolution` is given.
    static func itemLink(_ id: String, evolution: String? = nil) -> String {
        "/items/\(segment(id))" + (evolution.map { "?evolution=" + segment($0) } ?? "")
    }

    /// A path segment escaped for a URL.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
