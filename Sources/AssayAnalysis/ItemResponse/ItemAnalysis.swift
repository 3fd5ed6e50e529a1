import AssayCore

/// Item analysis across runs (models × items): a 2PL fit with each model's ability and each item's difficulty and
/// discrimination, and flags for items that no longer measure anything.
public struct ItemAnalysis: Sendable, Encodable {
    /// Why an item is flagged.
    public enum Flag: String, Hashable, Sendable, Encodable {
        /// Every model passed: the item cannot tell models apart any more (a candidate for retirement as saturated).
        case saturated
        /// Every model failed: the frontier, or a broken reference; kept, never retired automatically.
        case unsolved
        /// Discrimination near zero: passing it says nothing about ability.
        case notDiscriminating = "not-discriminating"
        /// Stronger models fail it more often: usually a wrong reference or an ambiguous question.
        case negativelyDiscriminating = "negatively-discriminating"

        /// Whether the flag is a reason to retire the item from a suite.
        public var retires: Bool { self != .unsolved }
    }

    public struct Model: Hashable, Sendable, Encodable {
        public var run: String
        public var model: String
        public var ability: Double
        public var stderr: Double
        /// nil when the run scored none of the items.
        public var passRate: Double?
        public var items: Int
    }

    public struct ItemRow: Hashable, Sendable, Encodable {
        public var itemID: String
        /// Models with an outcome on the item.
        public var models: Int
        /// nil when no model has an outcome on the item.
        public var passRate: Double?
        public var difficulty: Double?
        public var discrimination: Double
        public var flags: [Flag]
    }

    public var scorer: String
    public var models: [Model]
    public var items: [ItemRow]
    public var minimumDiscrimination: Double
    /// Models needed before discrimination flags are raised (fewer models cannot estimate a slope).
    public var minimumModels: Int
    public var converged: Bool

    /// Fits the model to the runs' per-item pass shares under `scorer` (a pass/fail scorer) on `itemIDs` (default: every
    /// item some run scored).
    public static func analyze(runs: [ComparedRun], scorer: String, itemIDs: [String]? = nil, minimumDiscrimination: Double = 0.3,
                               minimumModels: Int = 3) -> ItemAnalysis {
        let tables = runs.map { ItemTable($0, features: false) }
        let ids = itemIDs ?? Array(Set(tables.flatMap { t in t.itemIDs.filter { t.score(scorer, $0) != nil } })).sorted()
        let outcomes: [[Double?]] = tables.map { table in ids.map { table.score(scorer, $0) } }
        let fit = TwoParameterLogistic.fit(outcomes)
        let models = runs.indices.map { i in
            let observed = outcomes[i].compactMap { $0 }
            return Model(run: runs[i].record.id, model: runs[i].record.model, ability: fit.abilities[i], stderr: fit.abilityStandardErrors[i],
                         passRate: observed.isEmpty ? nil : Statistics.mean(observed), items: observed.count)
        }
        let rows = ids.indices.map { j -> ItemRow in
            let column = outcomes.compactMap { $0[j] }
            var flags: [Flag] = []
            let a = fit.discriminations[j]
            if column.count >= 2 && column.allSatisfy({ $0 == 1 }) {
                flags.append(.saturated)
            } else if column.count >= 2 && column.allSatisfy({ $0 == 0 }) {
                flags.append(.unsolved)
            } else if column.count >= minimumModels {
                if a <= -minimumDiscrimination { flags.append(.negativelyDiscriminating) } else if a < minimumDiscrimination { flags.append(.notDiscriminating) }
            }
            return ItemRow(itemID: ids[j], models: column.count, passRate: column.isEmpty ? nil : Statistics.mean(column),
                           difficulty: fit.difficulty(j), discrimination: a, flags: flags)
        }
        return ItemAnalysis(scorer: scorer, models: models, items: rows, minimumDiscrimination: minimumDiscrimination,
                            minimumModels: minimumModels, converged: fit.converged)
    }

    public func json() -> String { ReportJSON.encode(self) }
}
