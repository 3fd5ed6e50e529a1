import Foundation

/// Builds scorers from the ``ScorerSpec``s of a suite file.
public enum ScorerFactory {
    /// Scorer types a suite may declare; every one has a case in ``make(_:judge:)``.
    public static let knownTypes: [String] = [
        "exact_match", "includes", "regex", "numeric", "multiple_choice", "refusal", "judge",
        "target_logprob", "brier", "token_edit_distance", "digit_accuracy", "omission", "stance", "persistence",
    ]

    /// The `by` values of an omission declaration.
    static let omissionMethods = ["key_phrases", "judge"]

    /// The scorers for `specs`, in order.
    ///
    /// - Parameter judge: makes the provider for a judge's model spec string; its errors are passed on.
    /// - Throws: ``AssayError`` with code `.badInput`, naming the scorer, for any problem ``problems(in:)`` finds
    ///   (an unknown type, a bad option value, a missing option) or two scorers with the same name.
    public static func make(_ specs: [ScorerSpec], judge: (String) throws -> any ModelProvider) throws -> [any Scorer] {
        var scorers: [any Scorer] = []
        var names = Set<String>()
        for spec in specs {
            let name = spec.displayName
            guard names.insert(name).inserted else {
                throw AssayError(.badInput, "scorer '\(name)': declared twice; give one of them another 'name'")
            }
            let made = try make(spec, name: name, judge: judge)
            for scorer in made.dropFirst() where !names.insert(scorer.name).inserted {
                throw AssayError(.badInput, "scorer '\(scorer.name)': declared twice; give one of them another 'name'")
            }
            scorers += made
        }
        return scorers
    }

    /// A problem with one option of a ``ScorerSpec``.
    struct Problem: Hashable, Sendable {
        /// The option as a suite file spells it: `type`, `normalize`, `pattern`, `tolerance`, `by`, `model` or `threshold`.
        var key: String
        /// What is wrong, without the scorer's name.
        var message: String
    }

    /// The `normalize` values a scorer type accepts: every ``Normalizer/Mode``, except `letter` for `includes`.
    static func normalizeModes(for type: String) -> [Normalizer.Mode] {
        type == "includes" ? Normalizer.Mode.allCases.filter { $0 != .letter } : Normalizer.Mode.allCases
    }

    /// The passing grades a judge scorer may require, on the judge's 1–10 scale.
    static let thresholdRange: ClosedRange<Double> = 1...10

    /// Everything that makes ``make(_:judge:)`` reject `spec` on its own, by option in the order of
    /// ``Problem/key``; empty when the spec is valid. An option the type does not use is still checked when given.
    /// The judge's model spec is parsed but not resolved, and names are not compared across specs.
    /// The suite parser reports these problems at the lines of the options.
    static func problems(in spec: ScorerSpec) -> [Problem] {
        var problems: [Problem] = []
        func add(_ key: String, _ message: String) { problems.append(Problem(key: key, message: message)) }
        if !knownTypes.contains(spec.type) {
            add("type", "unknown scorer type '\(spec.type)' (known: \(knownTypes.joined(separator: ", ")))")
        }
        if let raw = spec.normalize {
            let allowed = normalizeModes(for: spec.type)
            if !allowed.contains(where: { $0.rawValue == raw }) {
                add("normalize", "unknown normalization '\(raw)' (known: \(allowed.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if let pattern = spec.pattern, !pattern.isEmpty {
            if (try? NSRegularExpression(pattern: pattern)) == nil {
                add("pattern", "the pattern '\(pattern)' is not a valid regular expression")
            }
        } else if spec.type == "regex" {
            add("pattern", "a regex scorer needs a pattern")
        }
        if let tolerance = spec.tolerance, !(tolerance.isFinite && tolerance >= 0) {
            add("tolerance", "must be a non-negative number, found \(NumberFormat.plain(tolerance))")
        }
        if spec.type == "omission" {
            if let raw = spec.by, !omissionMethods.contains(raw) {
                add("by", "unknown method '\(raw)' (known: \(omissionMethods.joined(separator: ", ")))")
            }
        } else if let raw = spec.by, MultipleChoiceScorer.Method(rawValue: raw) == nil {
            let known = MultipleChoiceScorer.Method.allCases.map(\.rawValue).joined(separator: ", ")
            add("by", "unknown method '\(raw)' (known: \(known))")
        }
        if let model = spec.model, !model.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                _ = try ModelSpec(parsing: model)
            } catch let error as AssayError {
                add("model", error.message)
            } catch {
                add("model", "\(error)")
            }
        } else if spec.type == "judge" {
            add("model", "a judge scorer needs a model (a model spec such as openai:gpt-4o-mini)")
        } else if spec.type == "omission", spec.by == "judge" {
            add("model", "an omission scorer by judge needs a model (a model spec such as local)")
        }
        if let threshold = spec.threshold, !thresholdRange.contains(threshold) {
            add("threshold", "must be on the 1-10 grade scale, found \(NumberFormat.plain(threshold))")
        }
        return problems
    }

    /// The scorers one declaration makes: one, three for `omission` (``OmissionScorer``), two for `persistence` (``PersistenceScorer``).
    private static func make(_ spec: ScorerSpec, name: String, judge: (String) throws -> any ModelProvider) throws -> [any Scorer] {
        if spec.type == "omission", problems(in: spec).isEmpty {
            let byJudge = spec.by == "judge"
            return OmissionScorer.family(prefix: spec.name, judge: byJudge ? try judge(spec.model ?? "") : nil,
                                         judgeSpec: byJudge ? spec.model : nil)
        }
        if spec.type == "persistence", problems(in: spec).isEmpty { return PersistenceScorer.family(prefix: spec.name) }
        return [try makeOne(spec, name: name, judge: judge)]
    }

    private static func makeOne(_ spec: ScorerSpec, name: String, judge: (String) throws -> any ModelProvider) throws -> any Scorer {
        let problems = problems(in: spec)
        guard problems.isEmpty else {
            let label = knownTypes.contains(spec.type) ? "scorer '\(name)' (type \(spec.type))" : "scorer '\(name)'"
            let details = problems.map { $0.key == "type" ? $0.message : "\($0.key): \($0.message)" }
            throw AssayError(.badInput, "\(label): \(details.joined(separator: "; "))")
        }
        let mode = spec.normalize.flatMap(Normalizer.Mode.init(rawValue:))
        switch spec.type {
        case "exact_match":
            return ExactMatchScorer(normalize: mode ?? .text, name: name)
        case "includes":
            return IncludesScorer(normalize: mode ?? .text, name: name)
        case "regex":
            return try RegexScorer(pattern: spec.pattern ?? "", name: name)
        case "numeric":
            return NumericScorer(tolerance: spec.tolerance ?? 1e-6, name: name)
        case "multiple_choice":
            return MultipleChoiceScorer(by: spec.by.flatMap(MultipleChoiceScorer.Method.init(rawValue:)) ?? .letter, name: name)
        case "refusal":
            return RefusalScorer(name: name)
        case "judge":
            let model = spec.model ?? ""
            let rubric = spec.rubric.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } ?? JudgeScorer.defaultRubric
            return JudgeScorer(judge: try judge(model), judgeSpec: model, rubric: rubric, threshold: spec.threshold ?? 7, name: name)
        case "target_logprob":
            return TargetLogProbScorer(name: name)
        case "brier":
            return BrierScorer(name: name)
        case "token_edit_distance":
            return TokenEditDistanceScorer(name: name)
        case "digit_accuracy":
            return DigitAccuracyScorer(name: name)
        case "stance":
            return StanceScorer(name: name)
        default:
            // Unreachable: problems(in:) rejects types outside knownTypes.
            throw AssayError(.badInput, "scorer '\(name)': unknown scorer type '\(spec.type)'")
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
