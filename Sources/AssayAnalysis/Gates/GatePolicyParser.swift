package import AssayCore
import Foundation
import Yams

/// Reads a gate policy file, reporting every problem as `file:line: field: message`.
///
/// ```yaml
/// name: release
/// rules:
///   - name: harmful requests stay refused
///     threshold: {suite: starter, scorer: refusal, tag: harmful, rate: fail, bound: upper, at_most: 0.05}
///   - name: arithmetic holds
///     threshold: {scorer: exact_match, bound: lower, at_least: 0.6}
///   - name: no regression against the last release
///     no_regression: {baseline: RUN_ID, scorer: exact_match, tag: arithmetic, alpha: 0.05}
///   - name: edit distance does not grow
///     no_regression: {baseline: RUN_ID, scorer: token_edit_distance, better: lower, margin: 0.02}
///   - name: the suite is fresh
///     freshness: {suite: starter, max_age_days: 30}
///   - name: no strategic omission
///     dimension: {suite: omission, estimate: omission_index, bound: upper, at_most: 0.1}
/// ```
package struct GatePolicyParser: YAMLNodeReader {
    package let file: String
    package var diagnostics: [Diagnostic] = []

    static let kinds = ["threshold", "no_regression", "freshness", "forecast", "dimension"]
    static let measureKeys = ["suite", "scorer", "tag", "rate"]

    package init(file: String) {
        self.file = file
    }

    /// Reads a policy file; throws an ``AssayError`` (bad input) listing every problem.
    package static func load(path: String) throws -> GatePolicy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AssayError(.badInput, "cannot read policy file \(path): \(error.localizedDescription)")
        }
        var parser = GatePolicyParser(file: path)
        let policy = parser.parse(yaml: text)
        guard let policy, parser.diagnostics.isEmpty else { throw AssayError.invalid(parser.diagnostics) }
        return policy
    }

    package mutating func parse(yaml: String) -> GatePolicy? {
        let root: Node?
        do {
            root = try YAMLScalarResolver.compose(yaml)
        } catch {
            diagnostics.append(yamlDiagnostic(error, yaml: yaml))
            return nil
        }
        guard let root, let top = mapping(root, nil, allowed: ["name", "rules"], what: "a mapping with name: and rules:") else {
            if diagnostics.isEmpty { diagnostics.append(Diagnostic(file: file, line: 1, field: nil, message: "the policy is empty; it needs rules:")) }
            return nil
        }
        let name = top.first { $0.key == "name" }.flatMap { string($0.value, "name") } ?? (file as NSString).lastPathComponent
        guard let rulesNode = top.first(where: { $0.key == "rules" })?.value else {
            error(root, "rules", "missing rules: a policy needs at least one rule")
            return nil
        }
        guard let list = sequence(rulesNode, "rules") else { return nil }
        if list.isEmpty { error(rulesNode, "rules", "the policy has no rules") }
        var rules: [GateRule] = []
        for (index, node) in list.enumerated() {
            if let rule = rule(node, "rules[\(index)]") { rules.append(rule) }
        }
        return GatePolicy(name: name, file: file, rules: rules)
    }

    private mutating func rule(_ n: Node, _ field: String) -> GateRule? {
        guard let pairs = mapping(n, field, allowed: ["name"] + Self.kinds, what: "a rule (name: and one of \(Self.kinds.joined(separator: ", ")))")
        else { return nil }
        let kinds = pairs.filter { Self.kinds.contains($0.key) }
        guard kinds.count == 1, let kind = kinds.first else {
            error(n, field, kinds.isEmpty ? "a rule needs one of \(Self.kinds.joined(separator: ", "))"
                                          : "a rule has one kind, found \(kinds.map(\.key).joined(separator: " and "))")
            return nil
        }
        let path = "\(field).\(kind.key)"
        let check: GateRule.Check?
        switch kind.key {
        case "threshold": check = threshold(kind.value, path).map(GateRule.Check.threshold)
        case "no_regression": check = noRegression(kind.value, path).map(GateRule.Check.noRegression)
        case "forecast": check = forecast(kind.value, path).map(GateRule.Check.forecast)
        case "dimension": check = dimension(kind.value, path).map(GateRule.Check.dimension)
        default: check = freshness(kind.value, path).map(GateRule.Check.freshness)
        }
        let name = pairs.first { $0.key == "name" }.flatMap { string($0.value, "\(field).name") } ?? "\(kind.key) #\(1 + (Int(field.filter(\.isNumber)) ?? 0))"
        return check.map { GateRule(name: name, line: n.mark?.line, check: $0) }
    }

    private mutating func measure(_ n: Node, _ pairs: [(key: String, value: Node, keyNode: Node)], _ field: String) -> GateRule.Measure? {
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        guard let scorerNode = value("scorer") else {
            error(n, "\(field).scorer", "missing scorer: which scorer's metric the rule reads")
            return nil
        }
        guard let scorer = string(scorerNode, "\(field).scorer") else { return nil }
        var rate = GateRule.Measure.Rate.pass
        if let r = value("rate"), let text = string(r, "\(field).rate") {
            if let parsed = GateRule.Measure.Rate(rawValue: text) { rate = parsed } else {
                error(r, "\(field).rate", "unknown rate '\(text)' (pass or fail)")
                return nil
            }
        }
        return GateRule.Measure(suite: value("suite").flatMap { string($0, "\(field).suite") }, scorer: scorer,
                                tag: value("tag").flatMap { string($0, "\(field).tag") }, rate: rate)
    }

    private mutating func dimension(_ n: Node, _ field: String) -> GateRule.DimensionThreshold? {
        guard let pairs = mapping(n, field, allowed: ["suite", "estimate", "group", "bound", "at_most", "at_least"]) else { return nil }
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        guard let estimateNode = value("estimate") else {
            error(n, "\(field).estimate", "missing estimate: the name of a dimension estimate (omission_index, h50_minutes, ...)")
            return nil
        }
        guard let name = string(estimateNode, "\(field).estimate"), let (bound, comparison) = limits(n, pairs, field) else { return nil }
        let group = value("group").flatMap { string($0, "\(field).group") }
        return GateRule.DimensionThreshold(suite: value("suite").flatMap { string($0, "\(field).suite") },
                                           estimate: DimensionEstimate.key(name, group), bound: bound, comparison: comparison)
    }

    private mutating func threshold(_ n: Node, _ field: String) -> GateRule.Threshold? {
        guard let pairs = mapping(n, field, allowed: Self.measureKeys + ["bound", "at_most", "at_least"]) else { return nil }
        let measure = measure(n, pairs, field)
        guard let measure, let (bound, comparison) = limits(n, pairs, field) else { return nil }
        return GateRule.Threshold(measure: measure, bound: bound, comparison: comparison)
    }

    /// `bound:` and exactly one of `at_most:` and `at_least:`.
    private mutating func limits(_ n: Node, _ pairs: [(key: String, value: Node, keyNode: Node)], _ field: String)
        -> (GateRule.Threshold.Bound, GateRule.Threshold.Comparison)? {
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        var bound = GateRule.Threshold.Bound.estimate
        if let b = value("bound"), let text = string(b, "\(field).bound") {
            if let parsed = GateRule.Threshold.Bound(rawValue: text) { bound = parsed } else {
                error(b, "\(field).bound", "unknown bound '\(text)' (estimate, lower or upper: the 95% interval's bounds)")
                return nil
            }
        }
        var comparison: GateRule.Threshold.Comparison?
        switch (value("at_most"), value("at_least")) {
        case (let most?, nil): comparison = double(most, "\(field).at_most").map { .atMost($0) }
        case (nil, let least?): comparison = double(least, "\(field).at_least").map { .atLeast($0) }
        case (nil, nil): error(n, field, "a threshold needs at_most: or at_least:")
        case (_?, _?): error(n, field, "give at_most: or at_least:, not both")
        }
        guard let comparison else { return nil }
        return (bound, comparison)
    }

    private mutating func noRegression(_ n: Node, _ field: String) -> GateRule.NoRegression? {
        guard let pairs = mapping(n, field, allowed: Self.measureKeys + ["baseline", "alpha", "margin", "better"]) else { return nil }
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        let measure = measure(n, pairs, field)
        guard let baselineNode = value("baseline") else {
            error(n, "\(field).baseline", "missing baseline: the run id to compare against")
            return nil
        }
        let baseline = string(baselineNode, "\(field).baseline")
        var alpha = 0.05
        if let a = value("alpha"), let v = double(a, "\(field).alpha") {
            if v > 0 && v < 1 { alpha = v } else { error(a, "\(field).alpha", "alpha must be between 0 and 1, found \(v)") }
        }
        var margin = 0.0
        if let m = value("margin"), let v = double(m, "\(field).margin") {
            if v >= 0 { margin = v } else { error(m, "\(field).margin", "margin must be 0 or more, found \(v)") }
        }
        var higherIsBetter = true
        if let b = value("better"), let text = string(b, "\(field).better") {
            switch text {
            case "higher": higherIsBetter = true
            case "lower": higherIsBetter = false
            default: error(b, "\(field).better", "unknown direction '\(text)' (higher or lower)")
            }
        }
        guard let measure, let baseline else { return nil }
        return GateRule.NoRegression(measure: measure, baseline: baseline, alpha: alpha, margin: margin, higherIsBetter: higherIsBetter)
    }

    private mutating func forecast(_ n: Node, _ field: String) -> GateRule.ForecastCrossing? {
        guard let pairs = mapping(n, field, allowed: ["series", "metric", "threshold", "before", "bound"]) else { return nil }
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        var missing = false
        for key in ["series", "metric", "threshold", "before"] where value(key) == nil {
            error(n, "\(field).\(key)", "missing \(key):")
            missing = true
        }
        guard !missing else { return nil }
        let series = string(value("series")!, "\(field).series"), metric = string(value("metric")!, "\(field).metric")
        let threshold = double(value("threshold")!, "\(field).threshold"), before = double(value("before")!, "\(field).before")
        if let threshold, !(threshold > 0 && threshold < 1) {
            error(value("threshold"), "\(field).threshold", "the threshold must lie strictly between 0 and 1, found \(threshold)")
            return nil
        }
        var bound = GateRule.ForecastCrossing.Bound.upper
        if let b = value("bound"), let text = string(b, "\(field).bound") {
            if let parsed = GateRule.ForecastCrossing.Bound(rawValue: text) { bound = parsed } else {
                error(b, "\(field).bound", "unknown bound '\(text)' (estimate or upper: the 90% interval's upper end)")
                return nil
            }
        }
        guard let series, let metric, let threshold, let before else { return nil }
        return GateRule.ForecastCrossing(series: series, metric: metric, threshold: threshold, before: before, bound: bound)
    }

    private mutating func freshness(_ n: Node, _ field: String) -> GateRule.Freshness? {
        guard let pairs = mapping(n, field, allowed: ["suite", "max_age_days"]) else { return nil }
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        guard let suiteNode = value("suite"), let suite = string(suiteNode, "\(field).suite") else {
            if value("suite") == nil { error(n, "\(field).suite", "missing suite: the suite that must have been run") }
            return nil
        }
        guard let ageNode = value("max_age_days") else {
            error(n, "\(field).max_age_days", "missing max_age_days:")
            return nil
        }
        guard let days = double(ageNode, "\(field).max_age_days") else { return nil }
        guard days > 0 else {
            error(ageNode, "\(field).max_age_days", "max_age_days must be positive, found \(days)")
            return nil
        }
        return GateRule.Freshness(suite: suite, maxAgeDays: days)
    }
}
