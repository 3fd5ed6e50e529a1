import AssayAnalysis
import AssayCore
import AssayEvolve
import Foundation

extension APIModels {
    /// A finding with its counts and trend (as `assay findings list --json` gives it); `examples` only on the detail.
    struct TrackedFindingBody: Encodable, Sendable {
        struct ModelCount: Encodable, Sendable {
            var model: String
            var samples: Int
        }

        struct TrendPoint: Encodable, Sendable {
            var source: String
            var kind: String
            var model: String
            var samples: Int
            var count: Int
            var rate: Double
            var ciLow: Double
            var ciHigh: Double
            var startedAt: Date
        }

        struct Example: Encodable, Sendable {
            var kind: String
            var source: String
            var item: String
            var epoch: Int
            var prompt: String
            var response: String
        }

        var id: String
        var title: String
        var terms: [String]
        var status: String
        var note: String?
        var representation: String
        var samples: Int
        var items: Int
        var runs: Int
        var firstSeen: Date?
        var lastSeen: Date?
        var models: [ModelCount]
        var trend: [TrendPoint]
        var promotedVersions: [String]
        var examples: [Example]?

        init(_ s: FindingSummary, examples: [FailureSources.Example]? = nil) {
            id = s.finding.id
            title = s.finding.title
            terms = s.finding.terms
            status = s.finding.status.rawValue
            note = s.finding.note
            representation = s.finding.representation
            samples = s.samples
            items = s.items
            runs = s.sources
            firstSeen = s.firstSeen
            lastSeen = s.lastSeen
            models = s.models.map { ModelCount(model: $0.model, samples: $0.count) }
            trend = s.trend.map { p in
                TrendPoint(source: p.source.source, kind: p.source.kind, model: p.source.model, samples: p.source.samples, count: p.count,
                           rate: p.rate, ciLow: p.low, ciHigh: p.high, startedAt: p.source.startedAt)
            }
            promotedVersions = s.finding.promotedVersions
            self.examples = examples?.map { Example(kind: $0.kind, source: $0.key.source, item: $0.key.itemID, epoch: $0.key.epoch,
                                                    prompt: $0.prompt, response: $0.response) }
        }
    }
}
