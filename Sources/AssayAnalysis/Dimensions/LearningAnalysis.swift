import AssayCore
import AssayStore
import Foundation

/// Learning capacity: accuracy by number of shots (overall and per task) with the continuous companion, the curve's slope
/// against log2(1 + k) and its normalized area with bootstrap intervals, and the generalization gap (demonstrated minus
/// novel queries, k ≥ 1).
enum LearningAnalysis {
    struct Point {
        var k: Int
        var task: String
        var seen: Bool
        var id: String
        var value: Double
        var continuous: Double?
    }

    static func report(_ input: DimensionInput, resamples: Int = 1000) -> DimensionReport {
        var report = DimensionReport(kind: .learning, run: input.runID)
        var points: [Point] = []
        for entry in input.entries {
            guard let k = entry.item.metadata["shots"].flatMap(Int.init), let task = entry.item.metadata["task"],
                  let v = input.primaryScore(entry) else { continue }
            points.append(Point(k: k, task: task, seen: entry.item.metadata["query"] == "seen", id: entry.item.id, value: v,
                                continuous: input.continuousScore(entry)?.value))
        }
        guard !points.isEmpty else {
            report.notes.append("no scored learning items")
            return report
        }
        let ks = Set(points.map(\.k)).sorted()
        let tasks = Set(points.map(\.task)).sorted()
        let continuousName = input.entries.lazy.compactMap { input.continuousScore($0)?.scorer }.first
        for group in [nil] + tasks.map(Optional.some) {
            let members = points.filter { group == nil || $0.task == group }
            for k in ks {
                let at = members.filter { $0.k == k }
                guard !at.isEmpty else { continue }
                let e = DimensionEstimate.proportion("accuracy", group: group.map { "\($0) k=\(k)" } ?? "k=\(k)", x: Double(k), values: at.map(\.value))
                report.estimates.append(e)
                report.units[e.key] = Dictionary(uniqueKeysWithValues: at.map { ($0.id, $0.value) })
                if group == nil, let continuousName {
                    let values = at.compactMap(\.continuous)
                    if !values.isEmpty {
                        report.estimates.append(.mean(continuousName, group: "k=\(k)", x: Double(k), values: values))
                    }
                }
            }
        }
        if ks.count >= 2 {
            let (slope, area) = curveSummary(points, ks: ks)
            var rng = SeededGenerator(seed: 0x6c65_6172_6e)
            var slopes: [Double] = [], areas: [Double] = []
            let byK = Dictionary(grouping: points, by: \.k)
            for _ in 0..<resamples {
                var sample: [Point] = []
                for k in ks {
                    let pool = byK[k]!
                    for _ in pool.indices { sample.append(pool[Int(rng.uniform(UInt64(pool.count)))]) }
                }
                let (s, a) = curveSummary(sample, ks: ks)
                slopes.append(s)
                areas.append(a)
            }
            report.estimates.append(.bootstrap("slope_per_doubling", value: slope, draws: slopes, n: points.count))
            report.estimates.append(.bootstrap("area", value: area, draws: areas, n: points.count))
        }
        for group in [nil] + tasks.map(Optional.some) {
            let demonstrated = points.filter { $0.k > 0 && (group == nil || $0.task == group) }
            let seen = demonstrated.filter(\.seen).map(\.value), novel = demonstrated.filter { !$0.seen }.map(\.value)
            guard !seen.isEmpty, !novel.isEmpty else { continue }
            let a = DimensionEstimate.proportion("accuracy", group: "seen", values: seen)
            let b = DimensionEstimate.proportion("accuracy", group: "novel", values: novel)
            if group == nil { report.estimates += [a, b] }
            report.estimates.append(.unpaired("generalization_gap", group: group, a, b))
        }
        report.notes.append("slope_per_doubling: OLS of item accuracy on log2(1 + k); area: the trapezoid area under the curve over the shot counts as equally spaced steps, from 0 to 1")
        return report
    }

    /// The OLS slope of item values on log2(1 + k), and the normalized trapezoid area of the per-k means.
    static func curveSummary(_ points: [Point], ks: [Int]) -> (slope: Double, area: Double) {
        let x = points.map { log2(1 + Double($0.k)) }, y = points.map(\.value)
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
        }
        let means = ks.map { k -> Double in
            let v = points.filter { $0.k == k }.map(\.value)
            return v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
        }
        var area = 0.0
        for i in 0..<(means.count - 1) { area += (means[i] + means[i + 1]) / 2 }
        return (sxx > 0 ? sxy / sxx : .nan, area / Double(max(means.count - 1, 1)))
    }
}
