import AssayCore
import AssayEvolve
import AssayStore
import Foundation

/// JSON shapes of the evolution and suite-version routes (documented in ``OpenAPIDocument``).
extension APIModels {
    struct EvolutionBody: Codable, Sendable {
        var id: String
        var status: String
        var suite: String
        var suite_version: String
        var target: String
        /// Null when the stored state or settings cannot be read.
        var target_queries: Int?
        var budget: Int?
        var validated: Int?
        var promoted_version: String?
        var created_at: String
        var updated_at: String

        init(_ view: EvolutionView) {
            let r = view.record
            id = r.id
            status = r.status.rawValue
            suite = r.suiteName
            suite_version = r.suiteVersion
            target = r.target
            target_queries = view.state?.targetQueries
            budget = view.settings?.budget
            validated = view.summary?.validated
            promoted_version = r.promotedVersion
            created_at = APIModels.date(r.createdAt)
            updated_at = APIModels.date(r.updatedAt)
        }
    }

    struct EvolutionSummaryBody: Codable, Sendable {
        var target_queries: Int
        var attacker_queries: Int
        var judge_queries: Int
        var evaluated: Int
        var judged: Int
        var attack_success_rate: Double
        var coverage: Double
        var filled_cells: Int
        var total_cells: Int
        var qd_score: Double
        var validated: Int
        var flaky: Int
        var unconfirmed: Int
        var candidates: Int
        var distinct_validated: Int
        var distinct_per_1000_queries: Double
        var diversity: Double
        var families: [String: Int]

        init(_ s: EvolutionSummary) {
            target_queries = s.targetQueries
            attacker_queries = s.attackerQueries
            judge_queries = s.judgeQueries
            evaluated = s.evaluated
            judged = s.judged
            attack_success_rate = s.attackSuccessRate
            coverage = s.coverage
            filled_cells = s.filledCells
            total_cells = s.totalCells
            qd_score = s.qdScore
            validated = s.validated
            flaky = s.flaky
            unconfirmed = s.unconfirmed
            candidates = s.candidates
            distinct_validated = s.distinctValidated
            distinct_per_1000_queries = s.distinctPer1000Queries
            diversity = s.diversity
            families = s.families
        }
    }

    struct AxisBody: Codable, Sendable {
        var name: String
        var values: [String]
    }

    struct CellBody: Codable, Sendable {
        var cell: [String]
        /// The elite's item id, fitness and prompt; null for an empty cell.
        var item: String?
        var fitness: Double?
        var prompt: String?
    }

    struct FindingBody: Codable, Sendable {
        var item: String
        var prompt: String
        var cell: [String]
        var status: String
        var family: String
        var fitness: Double
        var reruns: Int
        var rerun_failures: Int
        var verdicts: [String]
        var found_at_query: Int
    }

    struct EvolutionDetail: Codable, Sendable {
        var evolution: EvolutionBody
        var strategy: String?
        var threshold: Double
        var operators: [String]?
        var stop_reason: String?
        var summary: EvolutionSummaryBody
        var axes: [AxisBody]
        var cells: [CellBody]
        var findings: [FindingBody]

        /// Nil when the stored state cannot be read.
        init?(_ view: EvolutionView) {
            guard let state = view.state, let summary = view.summary else { return nil }
            evolution = EvolutionBody(view)
            strategy = view.settings?.strategy.rawValue
            threshold = view.threshold
            operators = view.settings?.operators
            stop_reason = state.stopReason
            self.summary = EvolutionSummaryBody(summary)
            axes = state.archive.space.axes.map { AxisBody(name: $0.name, values: $0.values) }
            cells = state.archive.space.cells.map { cell in
                let elite = state.archive.elite(at: cell)
                return CellBody(cell: cell.values, item: elite?.item.id, fitness: elite?.fitness, prompt: elite?.item.prompt)
            }
            findings = state.findings.map { f in
                FindingBody(item: f.item.id, prompt: f.item.prompt, cell: f.descriptor.values, status: f.status.rawValue,
                            family: view.family(of: f.item), fitness: f.fitness, reruns: f.reruns, rerun_failures: f.rerunFailures,
                            verdicts: f.verdicts.map(\.description), found_at_query: f.foundAtQuery)
            }
        }
    }

    struct AddedItemBody: Codable, Sendable {
        var item: String
        var prompt: String
        var operator_chain: [String]
        var target_model: String?
        var evolution: String?
        var fitness: Double?
    }

    struct RemovedItemBody: Codable, Sendable {
        var item: String
        var prompt: String
        /// `saturated` or `retired`; null when the item is gone from the newer version altogether.
        var state: String?
        var reason: String?
    }

    struct SuiteDiffBody: Codable, Sendable {
        var name: String
        var from: String
        var to: String
        var added: [AddedItemBody]
        var removed: [RemovedItemBody]
        var unchanged: Int
        var config_changed: Bool

        init(old: Suite, new: Suite, diff: SuiteDiff) {
            name = new.name
            from = old.version
            to = new.version
            added = diff.added.map { item in
                let e = item.provenance.evidence
                return AddedItemBody(item: item.id, prompt: item.prompt, operator_chain: e?.operatorChain ?? item.provenance.operator.map { [$0] } ?? [],
                                     target_model: e?.targetModel, evolution: e?.evolution, fitness: e?.fitness)
            }
            removed = diff.removed.map { RemovedItemBody(item: $0.item.id, prompt: $0.item.prompt, state: $0.state?.rawValue, reason: $0.reason) }
            unchanged = diff.unchanged
            config_changed = diff.configChanged
        }
    }

    static func version(_ v: SuiteVersionInfo) -> SuiteVersionBody {
        SuiteVersionBody(name: v.name, version: v.version, parent: v.parent, items: v.itemCount, retired: v.retiredCount, created_at: date(v.createdAt))
    }
}
