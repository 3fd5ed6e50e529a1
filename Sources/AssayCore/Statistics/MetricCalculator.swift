/// Turns one scorer's scores into a ``Metric`` with a standard error and a 95% interval.
///
/// Items, not samples, are the unit: epochs of an item are averaged first (their abstentions dropped),
/// and items whose every epoch abstained are counted in ``Metric/abstained`` and left out of `n`.
/// The method is chosen from the data:
/// - ``Metric/Method/clustered`` when some item has a cluster and there are at least two clusters
///   (items without a cluster are clusters of their own): ``Statistics/clusteredStandardError(values:clusters:)``,
///   interval mean ± 1.96 SE;
/// - ``Metric/Method/wilson`` for a discrete scorer whose per-item values are all 0 or 1: Bernoulli SE and the
///   Wilson interval;
/// - ``Metric/Method/clt`` otherwise: ``Statistics/standardError(_:)``, interval mean ± 1.96 SE.
///
/// Intervals of discrete scorers (proportions) are clamped to [0, 1].
public enum MetricCalculator {
    /// The metric of one scorer over a run's scores, or `nil` when there are no units.
    ///
    /// When every item abstained, the metric has `n == 0`, a value, SE and interval of NaN (`null` in JSON, `—` in tables), and `abstained` set;
    /// readers must check `n`.
    ///
    /// - Parameters:
    ///   - scorer: the scorer's name, copied into the metric.
    ///   - continuous: whether the scorer gives values (metric "mean" of `score.value`) rather than pass/fail
    ///     (metric "accuracy", the share of passes).
    ///   - units: the scorer's scores, any order, any number of epochs per item.
    public static func metric(scorer: String, continuous: Bool, units: [ScoredUnit]) -> Metric? {
        guard !units.isEmpty else { return nil }

        // Group by item, keeping first-appearance order so sums are reproducible.
        var order: [String] = []
        var byItem: [String: (cluster: String?, sum: Double, count: Int)] = [:]
        for unit in units {
            var entry = byItem[unit.itemID] ?? {
                order.append(unit.itemID)
                return (nil, 0, 0)
            }()
            if entry.cluster == nil { entry.cluster = unit.cluster }
            if unit.score.counts {
                entry.sum += continuous ? unit.score.value : (unit.score.verdict == .pass ? 1 : 0)
                entry.count += 1
            }
            byItem[unit.itemID] = entry
        }
        let items = order.map { id in
            let entry = byItem[id]!
            return ItemAggregate(itemID: id, cluster: entry.cluster, sum: entry.sum, count: entry.count)
        }
        return metric(scorer: scorer, continuous: continuous, items: items)
    }

    /// The same metric from per-item sums (what a store can aggregate in SQL, so memory grows with items, not samples).
    /// Items appear once each; an item whose `count` is 0 abstained on every epoch.
    public static func metric(scorer: String, continuous: Bool, items: [ItemAggregate]) -> Metric? {
        guard !items.isEmpty else { return nil }
        let name = continuous ? "mean" : "accuracy"
        var values: [Double] = []
        values.reserveCapacity(items.count)
        var anyCluster = false
        var abstained = 0
        for entry in items {
            if entry.count == 0 {
                abstained += 1
            } else {
                values.append(entry.sum / Double(entry.count))
                if entry.cluster != nil { anyCluster = true }
            }
        }
        // Items without a cluster form singleton clusters; the prefixes keep them apart from named ones. Built only when
        // some item has a cluster (the only case that reads them): a key per item was the largest allocation of a report.
        let clusterKeys = anyCluster ? items.filter { $0.count != 0 }.map { $0.cluster.map { "c:" + $0 } ?? "i:" + $0.itemID } : []
        let n = values.count
        guard n > 0 else {
            return Metric(name: name, scorer: scorer, value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan, n: 0, method: continuous ? .clt : .wilson,
                          abstained: abstained)
        }

        let mean = Statistics.mean(values)
        let z = Statistics.z95
        let method: Metric.Method
        let se: Double
        var low: Double
        var high: Double
        let clusterCount = Set(clusterKeys).count
        if anyCluster && clusterCount >= 2 {
            method = .clustered
            se = Statistics.clusteredStandardError(values: values, clusters: clusterKeys)
            if !continuous && (mean == 0 || mean == 1) {
                // Every item passed (or failed): the clustered SE is 0, which would claim certainty. Use a Wilson interval
                // with one observation per cluster, the most conservative effective sample size.
                (low, high) = Statistics.wilsonInterval(successes: mean * Double(clusterCount), n: clusterCount, z: z)
            } else {
                (low, high) = (mean - z * se, mean + z * se)
            }
        } else if !continuous && values.allSatisfy({ $0 == 0 || $0 == 1 }) {
            method = .wilson
            se = Statistics.bernoulliStandardError(p: mean, n: n)
            (low, high) = Statistics.wilsonInterval(successes: values.reduce(0, +), n: n, z: z)
        } else {
            method = .clt
            // One value says nothing about spread: the SE and interval are unknown (NaN), not zero.
            se = n < 2 ? .nan : Statistics.standardError(values)
            (low, high) = (mean - z * se, mean + z * se)
        }
        if !continuous && low.isFinite && high.isFinite {
            low = min(1, max(0, low))
            high = min(1, max(0, high))
        }
        return Metric(name: name, scorer: scorer, value: mean, stderr: se, ciLow: low, ciHigh: high, n: n, method: method, abstained: abstained)
    }
}

/// One item's scores under one scorer, summed over its epochs: the sum of pass indicators (discrete scorers) or values
/// (continuous ones) over the epochs that did not abstain, and how many those were.
public struct ItemAggregate: Sendable, Hashable {
    public var itemID: String
    public var cluster: String?
    public var sum: Double
    public var count: Int

    public init(itemID: String, cluster: String?, sum: Double, count: Int) {
        self.itemID = itemID
        self.cluster = cluster
        self.sum = sum
        self.count = count
    }
}
