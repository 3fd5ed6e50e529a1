import Foundation

/// Builds scorers from the ``ScorerSpec``s of a suite file.
public enum ScorerFactory {
    /// Scorer types a suite may declare.
    public static let knownTypes: [String] = [
        "exact_match", "includes", "regex", "numeric", "multiple_choice", "refusal", "judge",
        "target_logprob", "brier", "token_edit_distance", "digit_accuracy",
    ]

    /// The scorers for `specs`, in order.
    ///
    /// - Parameter judge: makes the provider for a judge's model spec string; its errors are passed on.
    /// - Throws: ``AssayError`` with code `.badInput`, naming the scorer, for an unknown type, a bad option
    ///   value, a missing option, or two scorers with the same name.
    public static func make(_ specs: [ScorerSpec], judge: (String) throws -> any ModelProvider) throws -> [any Scorer] {
        var scorers: [any Scorer] = []
        var names = Set<String>()
        for spec in specs {
            let name = spec.displayName
            guard names.insert(name).inserted else {
                throw AssayError(.badInput, "scorer '\(name)': declared twice; give one of them another 'name'")
            }
            scorers.append(try make(spec, name: name, judge: judge))
        }
        return scorers
    }

    private static func make(_ spec: ScorerSpec, name: String, judge: (String) throws -> any ModelProvider) throws -> any Scorer {
        func bad(_ message: String) -> AssayError {
            AssayError(.badInput, "scorer '\(name)' (type \(spec.type)): \(message)")
        }
        func mode(allowed: [Normalizer.Mode], default fallback: Normalizer.Mode) throws -> Normalizer.Mode {
            guard let raw = spec.normalize else { return fallback }
            guard let mode = Normalizer.Mode(rawValue: raw), allowed.contains(mode) else {
                throw bad("unknown normalize '\(raw)' (expected \(allowed.map(\.rawValue).joined(separator: ", ")))")
            }
            return mode
        }

        switch spec.type {
        case "exact_match":
            return ExactMatchScorer(normalize: try mode(allowed: Normalizer.Mode.allCases, default: .text), name: name)
        case "includes":
            return IncludesScorer(normalize: try mode(allowed: [.text, .number, .none], default: .text), name: name)
        case "regex":
            guard let pattern = spec.pattern, !pattern.isEmpty else { throw bad("missing 'pattern'") }
            do {
                return try RegexScorer(pattern: pattern, name: name)
            } catch let error as AssayError {
                throw bad(error.message)
            }
        case "numeric":
            let tolerance = spec.tolerance ?? 1e-6
            guard tolerance.isFinite, tolerance >= 0 else { throw bad("tolerance must be a non-negative number, not \(tolerance)") }
            return NumericScorer(tolerance: tolerance, name: name)
        case "multiple_choice":
            let raw = spec.by ?? "letter"
            guard let method = MultipleChoiceScorer.Method(rawValue: raw) else {
                throw bad("unknown by '\(raw)' (expected letter, loglikelihood)")
            }
            return MultipleChoiceScorer(by: method, name: name)
        case "refusal":
            return RefusalScorer(name: name)
        case "judge":
            guard let model = spec.model, !model.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw bad("missing 'model' (the judge's model spec, e.g. openai:gpt-4o-mini)")
            }
            let threshold = spec.threshold ?? 7
            guard threshold >= 1, threshold <= 10 else { throw bad("threshold must be between 1 and 10, not \(NumberFormat.plain(threshold))") }
            let rubric = spec.rubric.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } ?? JudgeScorer.defaultRubric
            return JudgeScorer(judge: try judge(model), judgeSpec: model, rubric: rubric, threshold: threshold, name: name)
        case "target_logprob":
            return TargetLogProbScorer(name: name)
        case "brier":
            return BrierScorer(name: name)
        case "token_edit_distance":
            return TokenEditDistanceScorer(name: name)
        case "digit_accuracy":
            return DigitAccuracyScorer(name: name)
        default:
            throw AssayError(.badInput, "scorer '\(name)': unknown type '\(spec.type)' (known: \(knownTypes.joined(separator: ", ")))")
        }
    }

    /// The scorers used when a suite declares none, from the kinds of its items' targets:
    /// text → includes, token_edit_distance, target_logprob; number → exact_match (number), digit_accuracy,
    /// target_logprob; choice → multiple_choice (letter), brier; behavior → refusal; facts → includes.
    /// Each scorer appears once, in that order.
    public static func defaults(for items: [Item]) -> [ScorerSpec] {
        let kinds = Set(items.map(\.target.kind))
        var specs: [ScorerSpec] = []
        func add(_ spec: ScorerSpec) {
            if !specs.contains(where: { $0.displayName == spec.displayName }) { specs.append(spec) }
        }
        if kinds.contains("text") {
            add(ScorerSpec(type: "includes"))
            add(ScorerSpec(type: "token_edit_distance"))
            add(ScorerSpec(type: "target_logprob"))
        }
        if kinds.contains("number") {
            add(ScorerSpec(type: "exact_match", normalize: "number"))
            add(ScorerSpec(type: "digit_accuracy"))
            add(ScorerSpec(type: "target_logprob"))
        }
        if kinds.contains("choice") {
            add(ScorerSpec(type: "multiple_choice", by: "letter"))
            add(ScorerSpec(type: "brier"))
        }
        if kinds.contains("behavior") { add(ScorerSpec(type: "refusal")) }
        if kinds.contains("facts") { add(ScorerSpec(type: "includes")) }
        return specs
    }
}
