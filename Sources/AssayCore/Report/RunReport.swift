public import Foundation

/// Everything `assay run` reports about one finished run: the input of every output format.
public struct RunReport: Sendable, Hashable {
    public var run: RunRecord
    public var samples: Int
    public var errors: Int
    public var metrics: [Metric]
    /// Where the results are stored (a path; never credentials).
    public var storeLocation: String
    /// Items that were asked, for the JUnit output: one test case per item and scorer.
    public var cases: [Case]

    /// One item's outcome under one discrete scorer (epochs folded: passed if its mean pass rate is at least 0.5).
    public struct Case: Sendable, Hashable {
        public var itemID: String
        public var scorer: String
        public var verdict: Verdict
        public var detail: String

        public init(itemID: String, scorer: String, verdict: Verdict, detail: String) {
            self.itemID = itemID
            self.scorer = scorer
            self.verdict = verdict
            self.detail = detail
        }
    }

    public init(run: RunRecord, samples: Int, errors: Int, metrics: [Metric], storeLocation: String, cases: [Case] = []) {
        self.run = run
        self.samples = samples
        self.errors = errors
        self.metrics = metrics
        self.storeLocation = storeLocation
        self.cases = cases
    }
}
