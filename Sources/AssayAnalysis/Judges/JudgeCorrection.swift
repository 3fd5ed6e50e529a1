public import AssayCore
import Foundation

/// Pass rates of a run corrected for the error of the judge that measured them.
public enum JudgeCorrection {
    /// A judge's measured error, read back from `assay judges validate --out`.
    public struct Validated: Hashable, Sendable {
        public var judge: String
        public var sensitivity: Estimate
        public var specificity: Estimate
    }

    /// One corrected rate.
    public struct Row: Hashable, Sendable, Encodable {
        public var tag: String?
        public var n: Int
        public var observed: Estimate
        public var corrected: Estimate
    }

    /// Reads a validation report written by `assay judges validate --out`.
    public static func read(path: String) throws -> Validated {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AssayError(.badInput, "cannot read validation file \(path)")
        }
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        func estimate(_ key: String) -> Estimate? {
            guard let e = object?[key] as? [String: Any], let value = e["value"] as? Double, let se = e["stderr"] as? Double else { return nil }
            return Estimate(value: value, stderr: se, ciLow: e["ci_low"] as? Double ?? .nan, ciHigh: e["ci_high"] as? Double ?? .nan)
        }
        guard let judge = object?["judge"] as? String, let sensitivity = estimate("sensitivity"), let specificity = estimate("specificity") else {
            throw AssayError(.badInput, "\(path): not a judge validation (needs judge, sensitivity and specificity with value and stderr)")
        }
        return Validated(judge: judge, sensitivity: sensitivity, specificity: specificity)
    }

    /// The scorer's pass rate over all items and per tag, observed and corrected.
    public static func correct(_ run: ComparedRun, scorer: String, items: [String: Item], with judge: Validated) throws -> [Row] {
        guard run.record.config.scorers.contains(scorer), !run.record.config.continuousScorers.contains(scorer) else {
            throw AssayError(.badInput, "run \(run.record.id.prefix(12)) has no pass/fail scorer '\(scorer)' (it has \(run.record.config.scorers.joined(separator: ", ")))")
        }
        let table = ItemTable(run)
        let tags = Set(table.itemIDs.flatMap { items[$0]?.tags ?? [] }).sorted()
        return ([nil] + tags.map(Optional.some)).compactMap { tag -> Row? in
            let aggregates = table.aggregates(scorer, items: items) { id in tag.map { items[id]?.tags.contains($0) ?? false } ?? true }
            guard let metric = MetricCalculator.metric(scorer: scorer, continuous: false, items: aggregates), metric.n > 0 else { return nil }
            let observed = Estimate(value: metric.value, stderr: metric.stderr, ciLow: metric.ciLow, ciHigh: metric.ciHigh)
            return Row(tag: tag, n: metric.n, observed: observed,
                       corrected: RoganGladen.corrected(observed: observed, sensitivity: judge.sensitivity, specificity: judge.specificity))
        }
    }
}
