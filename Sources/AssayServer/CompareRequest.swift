import AssayAnalysis
import AssayCore
import AssayStore
import Foundation

/// Two runs to compare, resolved from a request's `a`, `b` and optional `alpha` query parameters; shared by the page
/// and the API so both answer a bad request or an unknown run the same way.
enum CompareRequest {
    enum Outcome: Sendable {
        case comparison(RunComparison, a: RunRecord, b: RunRecord)
        case notFound(String)
        case badRequest(String)
    }

    /// `a` and `b` are run ids or unique prefixes; `alpha` (default 0.05) is the false-discovery rate that marks a
    /// difference significant and must lie strictly between 0 and 1.
    static func resolve(a: String?, b: String?, alpha: String?, data: DashboardData) async throws -> Outcome {
        guard let a, let b else {
            return .badRequest("name both runs to compare: ?a=RUN&b=RUN (run ids or unique prefixes)")
        }
        var level = 0.05
        if let alpha {
            guard let value = Double(alpha), value > 0, value < 1 else { return .badRequest("alpha must be a number between 0 and 1") }
            level = value
        }
        guard let runA = try await data.store.run(id: a) else { return .notFound("run '\(a)' (or the prefix names more than one)") }
        guard let runB = try await data.store.run(id: b) else { return .notFound("run '\(b)' (or the prefix names more than one)") }
        return .comparison(try await data.comparison(runA, runB, alpha: level), a: runA, b: runB)
    }
}
