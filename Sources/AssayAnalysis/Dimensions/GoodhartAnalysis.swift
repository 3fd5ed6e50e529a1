import AssayCore
import AssayStore
import Foundation

/// The Goodhart gap: per operator, the score on originals minus the mean score on their variants, paired by original;
/// and the contamination probes (option-order preference with a permutation test, masked-option guessing, prefix
/// completion).
enum GoodhartAnalysis {
    static func report(_ input: DimensionInput, permutations: Int = 2000) -> DimensionReport {
        var report = DimensionReport(kind: .goodhart, run: input.runID)
        var originals: [String: Double] = [:]
        var variants: [String: [String: [Double]]] = [:]   // operator → group → scores
        var probeEntries: [String: [DimensionInput.Entry]] = [:]
        for entry in input.entries {
            guard let group = entry.item.metadata["group"] else { continue }
            switch entry.item.metadata["role"] {
            case "original": originals[group] = input.primaryScore(entry)
            case "variant":
                if let op = entry.item.metadata["operator"], let v = input.primaryScore(entry) { variants[op, default: [:]][group, default: []].append(v) }
            case "probe":
                probeEntries[entry.item.metadata["probe"] ?? "", default: []].append(entry)
            default: break
            }
        }
        let groups = originals.keys.sorted()
        if !groups.isEmpty {
            let estimate = DimensionEstimate.proportion("accuracy", group: "original", values: groups.map { originals[$0]! })
            report.estimates.append(estimate)
            report.units[estimate.key] = originals
        }
        func gap(_ group: String?, _ scores: [String: [Double]]) {
            var a: [Double] = [], b: [Double] = [], units: [String: Double] = [:], variantUnits: [String: Double] = [:]
            for g in groups {
                guard let o = originals[g], let vs = scores[g], !vs.isEmpty else { continue }
                let v = vs.reduce(0, +) / Double(vs.count)
                a.append(o)
                b.append(v)
                units[g] = o - v
                variantUnits[g] = v
            }
            guard !a.isEmpty else { return }
            let accuracy = DimensionEstimate.proportion("accuracy", group: group ?? "variants", values: b)
            report.estimates.append(accuracy)
            report.units[accuracy.key] = variantUnits
            let estimate = DimensionEstimate.paired("gap", group: group, a: a, b: b)
            report.estimates.append(estimate)
            report.units[estimate.key] = units
        }
        for op in variants.keys.sorted() { gap(op, variants[op]!) }
        var all: [String: [Double]] = [:]
        for (_, byGroup) in variants { for (g, vs) in byGroup { all[g, default: []] += vs } }
        gap(nil, all)
        if groups.isEmpty { report.notes.append("no original items were answered") }

        if let entries = probeEntries[GoodhartGenerator.Probe.order.rawValue] {
            report.estimates += orderProbe(entries, permutations: permutations, notes: &report.notes)
        }
        for probe in [GoodhartGenerator.Probe.tsGuessing, .prefix] {
            guard let entries = probeEntries[probe.rawValue] else { continue }
            let exact = input.scorers.first { $0.hasPrefix("exact") && !input.continuousScorers.contains($0) }
            var values: [String: Double] = [:], continuous: [String: Double] = [:]
            for entry in entries {
                if let v = exact.flatMap({ input.score($0, entry) }) ?? input.primaryScore(entry) { values[entry.item.id] = v }
                if let v = input.score("token_edit_distance", entry) { continuous[entry.item.id] = v }
            }
            if !values.isEmpty {
                let e = DimensionEstimate.proportion("\(probe.rawValue)_exact", values: values.keys.sorted().map { values[$0]! })
                report.estimates.append(e)
                report.units[e.key] = values
            }
            if !continuous.isEmpty {
                let e = DimensionEstimate.mean("\(probe.rawValue)_edit_distance", values: continuous.keys.sorted().map { continuous[$0]! })
                report.estimates.append(e)
                report.units[e.key] = continuous
            }
        }
        return report
    }

    /// Option-order exchangeability: per question, the canonical order's log-likelihood minus the mean over all the
    /// orders measured; the mean over questions is tested against relabelling which order is canonical.
    static func orderProbe(_ entries: [DimensionInput.Entry], permutations: Int, notes: inout [String]) -> [DimensionEstimate] {
        var byGroup: [String: (canonical: Double?, others: [Double])] = [:]
        for entry in entries {
            let lls = entry.results.compactMap { $0.sample.error == nil ? $0.sample.targetLogLikelihood : nil }
            guard !lls.isEmpty, let group = entry.item.metadata["group"] else { continue }
            let ll = lls.reduce(0, +) / Double(lls.count)
            if entry.item.metadata["order"] == "canonical" { byGroup[group, default: (nil, [])].canonical = ll } else { byGroup[group, default: (nil, [])].others.append(ll) }
        }
        let questions: [[Double]] = byGroup.keys.sorted().compactMap { g in
            guard let c = byGroup[g]!.canonical, !byGroup[g]!.others.isEmpty else { return nil }
            return [c] + byGroup[g]!.others
        }
        guard !questions.isEmpty else {
            notes.append("no option-order log-likelihoods were measured (the model needs log-likelihood support, and the suite a target_logprob scorer)")
            return []
        }
        let result = OrderExchangeability.test(questions, permutations: permutations)
        var preference = DimensionEstimate.mean("order_preference", values: result.perQuestion)
        preference.method = "permutation"
        preference.pValue = result.pValue
        let best = DimensionEstimate.rate("canonical_order_best", successes: Double(result.canonicalBest), n: questions.count)
        notes.append("canonical_order_best would be \(NumberFormat.fixed(result.expectedBest, 3)) by chance (one order of \(NumberFormat.fixed(1 / result.expectedBest, 1)) on average)")
        return [preference, best]
    }
}

/// The option-order exchangeability test: under no contamination the canonical order is one of the measured orders
/// chosen at random, so its log-likelihood advantage over the mean of the orders is centred on zero.
public enum OrderExchangeability {
    public struct Result: Sendable {
        /// Per question: the canonical order's log-likelihood minus the mean over its measured orders.
        public var perQuestion: [Double]
        /// The mean of ``perQuestion``.
        public var statistic: Double
        /// One-sided: the share of relabellings (a random order of each question called canonical) whose statistic is
        /// at least as large, with the +1 correction.
        public var pValue: Double
        /// Questions whose canonical order had the highest log-likelihood.
        public var canonicalBest: Int
        /// The expected share of those by chance.
        public var expectedBest: Double
    }

    /// `questions[i]` holds the log-likelihoods of question `i`'s orders, the canonical one first.
    public static func test(_ questions: [[Double]], permutations: Int = 2000, seed: UInt64 = 0x6f72_6465_72) -> Result {
        func advantage(_ lls: [Double], _ j: Int) -> Double { lls[j] - lls.reduce(0, +) / Double(lls.count) }
        let per = questions.map { advantage($0, 0) }
        let statistic = per.reduce(0, +) / Double(max(per.count, 1))
        var rng = SeededGenerator(seed: seed)
        var extreme = 0
        for _ in 0..<permutations {
            var sum = 0.0
            for lls in questions { sum += advantage(lls, Int(rng.uniform(UInt64(lls.count)))) }
            if sum / Double(questions.count) >= statistic - 1e-12 { extreme += 1 }
        }
        let best = questions.filter { lls in lls.dropFirst().allSatisfy { $0 < lls[0] } }.count
        let expected = questions.map { 1 / Double($0.count) }.reduce(0, +) / Double(max(questions.count, 1))
        return Result(perQuestion: per, statistic: statistic, pValue: Double(1 + extreme) / Double(1 + permutations),
                      canonicalBest: best, expectedBest: expected)
    }
}
