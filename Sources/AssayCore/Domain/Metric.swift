/// An aggregate with its uncertainty. Every number Assay reports about a model is one of these.
public struct Metric: Codable, Hashable, Sendable {
    /// How the standard error and interval were computed.
    public enum Method: String, Codable, Hashable, Sendable {
        /// Mean ± 1.96 SE with the sample standard deviation (n - 1).
        case clt
        /// Proportion with a Bernoulli SE and a Wilson score interval (well-behaved near 0 and 1).
        case wilson
        /// Cluster-robust SE over the item clusters; mean ± 1.96 SE.
        case clustered
        /// Percentile bootstrap over items.
        case bootstrap
    }

    public var name: String
    public var scorer: String
    public var value: Double
    public var stderr: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Number of items (not samples) the value is computed over; epochs are averaged per item first.
    public var n: Int
    public var method: Method
    /// Items whose every epoch abstained, left out of `n`.
    public var abstained: Int

    public init(name: String, scorer: String, value: Double, stderr: Double, ciLow: Double, ciHigh: Double, n: Int, method: Method, abstained: Int = 0) {
        self.name = name
        self.scorer = scorer
        self.value = value
        self.stderr = stderr
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.n = n
        self.method = method
        self.abstained = abstained
    }
}
