import AssayCore
import AssayStore
import Foundation

/// JSON shapes of the dashboard API (documented in ``OpenAPIDocument``).
enum APIModels {
    struct RunSummary: Codable, Sendable {
        var id: String
        var suite: String
        var suite_version: String
        var model: String
        var status: String
        var created_at: String
        var finished_at: String?
        var samples: Int
        var errors: Int
    }

    struct MetricBody: Codable, Sendable {
        var name: String
        var scorer: String
        var value: Double?
        var stderr: Double?
        var ci_low: Double?
        var ci_high: Double?
        var n: Int
        var method: String
        var abstained: Int

        init(_ m: Metric) {
            func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
            name = m.name
            scorer = m.scorer
            value = finite(m.value)
            stderr = finite(m.stderr)
            ci_low = finite(m.ciLow)
            ci_high = finite(m.ciHigh)
            n = m.n
            method = m.method.rawValue
            abstained = m.abstained
        }
    }

    struct RunDetail: Codable, Sendable {
        var run: RunSummary
        var epochs: Int
        var seed: Int
        var limit: Int?
        var scorers: [String]
        var metrics: [MetricBody]
        var progress: ProgressFigures
    }

    struct ScoreBody: Codable, Sendable {
        var scorer: String
        var value: Double?
        var verdict: String
        var explanation: String?
    }

    struct SampleBody: Codable, Sendable {
        var item: String
        var epoch: Int
        var messages: [Message]
        var response: String?
        var logprobs: [TokenLogProb]?
        var choice_loglikelihoods: [Double]?
        var target_loglikelihood: Double?
        var error: String?
        var attempts: Int
        var latency: Double
        var cached: Bool
        var scores: [ScoreBody]

        init(_ r: SampleResult) {
            item = r.sample.itemID
            epoch = r.sample.epoch
            messages = r.sample.messages
            response = r.sample.completion?.text
            logprobs = r.sample.completion?.logprobs
            choice_loglikelihoods = r.sample.choiceLogLikelihoods
            target_loglikelihood = r.sample.targetLogLikelihood
            error = r.sample.error
            attempts = r.sample.attempts
            latency = r.sample.latency
            cached = r.sample.cached
            scores = r.scores.map { ScoreBody(scorer: $0.scorer, value: $0.value.isFinite ? $0.value : nil, verdict: $0.verdict.rawValue, explanation: $0.explanation) }
        }
    }

    struct SamplePageBody: Codable, Sendable {
        var total: Int
        /// The offset asked for; nil for a keyset page (`after_item`, `after_epoch`).
        var offset: Int?
        var limit: Int
        /// Where the next page starts; nil when this page is the last (fewer samples than `limit`).
        var next: PageCursor?
        var samples: [SampleBody]
    }

    /// The query parameters of the page after this one.
    struct PageCursor: Codable, Sendable {
        var after_item: String
        var after_epoch: Int
    }

    struct SuiteVersionBody: Codable, Sendable {
        var name: String
        var version: String
        var parent: String?
        var items: Int
        /// Saturated and retired items the version keeps on record.
        var retired: Int
        var created_at: String
    }

    struct SuiteDetail: Codable, Sendable {
        var name: String
        var version: String
        var parent: String?
        var description: String
        var config: SuiteConfig
        var total: Int
        var offset: Int
        var items: [Item]
    }

    static func date(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func summary(_ run: RunRecord, counts: (samples: Int, errors: Int)) -> RunSummary {
        RunSummary(id: run.id, suite: run.suiteName, suite_version: run.suiteVersion, model: run.model, status: run.status.rawValue,
                   created_at: date(run.createdAt), finished_at: run.finishedAt.map(date), samples: counts.samples, errors: counts.errors)
    }
}
