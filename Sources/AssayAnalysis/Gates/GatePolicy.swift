public import Foundation

/// A release policy: named rules that measured runs must satisfy (`assay gate POLICY.yaml --run ID`).
public struct GatePolicy: Hashable, Sendable {
    public var name: String
    /// The file it was read from, for messages.
    public var file: String
    public var rules: [GateRule]

    public init(name: String, file: String, rules: [GateRule]) {
        self.name = name
        self.file = file
        self.rules = rules
    }
}

/// One rule of a policy.
public struct GateRule: Hashable, Sendable {
    public var name: String
    /// Line of the rule in the policy file.
    public var line: Int?
    public var check: Check

    public init(name: String, line: Int?, check: Check) {
        self.name = name
        self.line = line
        self.check = check
    }

    /// What a rule checks. Each kind is one key in the policy file (`threshold:`, `no_regression:`, `freshness:`,
    /// `forecast:`); a new kind is a new case with its own section and evaluator.
    public enum Check: Hashable, Sendable {
        case threshold(Threshold)
        case noRegression(NoRegression)
        case freshness(Freshness)
        case forecast(ForecastCrossing)
        case dimension(DimensionThreshold)

        /// The policy-file key of the kind.
        public var kind: String {
            switch self {
            case .threshold: "threshold"
            case .noRegression: "no_regression"
            case .freshness: "freshness"
            case .forecast: "forecast"
            case .dimension: "dimension"
            }
        }
    }

    /// Which measured quantity a rule reads: a scorer's metric on one suite's run, optionally on one tag.
    public struct Measure: Hashable, Sendable {
        /// The suite whose run is meant; may be omitted when the gate is given one run.
        public var suite: String?
        public var scorer: String
        public var tag: String?
        /// `pass` (the metric as reported: accuracy or mean) or `fail` (`1 - accuracy`, for discrete scorers only).
        public var rate: Rate

        public init(suite: String? = nil, scorer: String, tag: String? = nil, rate: Rate = .pass) {
            self.suite = suite
            self.scorer = scorer
            self.tag = tag
            self.rate = rate
        }

        public enum Rate: String, Hashable, Sendable, CaseIterable {
            case pass, fail
        }

        /// `refusal fail rate on harmful (starter)`, for messages.
        public var label: String {
            var s = scorer + (rate == .fail ? " fail rate" : "")
            if let tag { s += " on \(tag)" }
            if let suite { s += " (\(suite))" }
            return s
        }
    }

    /// "The upper 95% bound of the harmful compliance rate is at most 0.05."
    public struct Threshold: Hashable, Sendable {
        public enum Bound: String, Hashable, Sendable, CaseIterable {
            case estimate, lower, upper
        }

        public enum Comparison: Hashable, Sendable {
            case atMost(Double)
            case atLeast(Double)
        }

        public var measure: Measure
        public var bound: Bound
        public var comparison: Comparison

        public init(measure: Measure, bound: Bound, comparison: Comparison) {
            self.measure = measure
            self.bound = bound
            self.comparison = comparison
        }
    }

    /// "No significant regression against run Y": fails when the measure is lower than in the baseline run by more than
    /// `margin` and a paired test on the shared items rejects equality at level `alpha`.
    public struct NoRegression: Hashable, Sendable {
        public var measure: Measure
        /// The run to compare against (id or unique prefix).
        public var baseline: String
        public var alpha: Double
        /// A drop up to this size is tolerated even when significant.
        public var margin: Double
        /// Whether a higher value of the measure is better (accuracy, log-probability) or a lower one (edit distance,
        /// Brier score, a fail rate is read as its pass rate so stays `true`).
        public var higherIsBetter: Bool

        public init(measure: Measure, baseline: String, alpha: Double = 0.05, margin: Double = 0, higherIsBetter: Bool = true) {
            self.measure = measure
            self.baseline = baseline
            self.alpha = alpha
            self.margin = margin
            self.higherIsBetter = higherIsBetter
        }
    }

    /// "The suite was run within 30 days."
    public struct Freshness: Hashable, Sendable {
        public var suite: String
        public var maxAgeDays: Double

        public init(suite: String, maxAgeDays: Double) {
            self.suite = suite
            self.maxAgeDays = maxAgeDays
        }
    }

    /// "The omission index's upper 95% bound is at most 0.1": a threshold on an estimate of a dimension suite's report
    /// (``DimensionReport``), named by its key (`omission_index`, `disclosure[incentive]`, `h50_minutes`).
    public struct DimensionThreshold: Hashable, Sendable {
        public var suite: String?
        /// The estimate's key: its name, with `[group]` when it has one.
        public var estimate: String
        public var bound: Threshold.Bound
        public var comparison: Threshold.Comparison

        public init(suite: String?, estimate: String, bound: Threshold.Bound = .estimate, comparison: Threshold.Comparison) {
            self.suite = suite
            self.estimate = estimate
            self.bound = bound
            self.comparison = comparison
        }
    }

    /// "The crossing of a threshold is predicted before an axis value": a logistic forecast on a stored series
    /// (`assay forecast`). With `bound: upper` (the default) the 90% interval's upper end must come before `before`.
    public struct ForecastCrossing: Hashable, Sendable {
        public enum Bound: String, Hashable, Sendable, CaseIterable {
            case estimate, upper
        }

        public var series: String
        public var metric: String
        public var threshold: Double
        public var before: Double
        public var bound: Bound

        public init(series: String, metric: String, threshold: Double, before: Double, bound: Bound = .upper) {
            self.series = series
            self.metric = metric
            self.threshold = threshold
            self.before = before
            self.bound = bound
        }
    }
}
