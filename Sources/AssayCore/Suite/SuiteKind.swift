/// What a suite measures beyond its scorers' metrics: each kind has a dimension analysis (`AssayAnalysis`) that reads a
/// finished run's samples and reports the dimension's own estimates (an omission index, h50, a learning curve, ...).
///
/// A suite file names its kind with `kind:`; a suite without one is a plain benchmark.
public enum SuiteKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// Strategic omission: material facts disclosed under a neutral and an incentive system prompt.
    case omission
    /// Honesty under pressure: the stance under pressure against the belief elicited neutrally.
    case honesty
    /// Goodhart gap: originals against perturbed variants, plus contamination probes.
    case goodhart
    /// Learning capacity: tasks generated from a seed, at growing numbers of shots.
    case learning
    /// Time horizons: success against the human completion time of each item.
    case horizon
    /// Persistence against ability: refusals and giving up separated from wrong attempts, by task length.
    case persistence

    /// One line on what the kind reports.
    public var summary: String {
        switch self {
        case .omission: "disclosure of material facts, neutral vs incentive prompt; omission index; paltering"
        case .honesty: "stance under pressure vs neutrally elicited belief: honesty and accuracy"
        case .goodhart: "score on originals minus score on perturbed variants, per operator; contamination probes"
        case .learning: "accuracy by number of shots on freshly generated tasks: curve, slope, area, generalization gap"
        case .horizon: "logistic fit of success on log2 human minutes: h50 and h80"
        case .persistence: "attempt rate, accuracy given an attempt and overall accuracy by task length"
        }
    }
}
