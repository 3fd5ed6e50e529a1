/// How a suite asks and scores: everything about a suite except its items. Part of the suite's version hash.
public struct SuiteConfig: Codable, Hashable, Sendable {
    public var name: String
    public var description: String
    public var prompt: PromptTemplate
    public var generation: GenerationParameters
    public var scorers: [ScorerSpec]
    /// The archive axes `assay evolve` searches over; nil uses the default (category × attack).
    public var evolve: EvolveSpec?
    /// The dimension the suite measures; nil for a plain benchmark. Encoded only when set, so suites without a kind
    /// keep the versions they had before kinds existed.
    public var kind: SuiteKind?
    /// SHA-256 of the generator data files (omission scenarios, honesty propositions, templates, paraphrases), when the
    /// suite has any. Their scoring data (key phrases, stance phrases) lives in item metadata, which does not enter item
    /// ids; this puts it into the version, so a suite whose phrases changed is a new version. Encoded only when set. A
    /// written suite (``SuiteWriter``) carries it as `data:`, since its items no longer come from the files.
    public var data: String?

    public init(name: String, description: String = "", prompt: PromptTemplate = PromptTemplate(),
                generation: GenerationParameters = GenerationParameters(), scorers: [ScorerSpec] = [], evolve: EvolveSpec? = nil,
                kind: SuiteKind? = nil, data: String? = nil) {
        self.name = name
        self.description = description
        self.prompt = prompt
        self.generation = generation
        self.scorers = scorers
        self.evolve = evolve
        self.kind = kind
        self.data = data
    }
}

/// The `evolve:` section of a suite: the axes of its quality-diversity archive.
///
/// ```yaml
/// evolve:
///   axes:
///     - {name: risk_category, from: metadata.category, values: [weapons, cyber, privacy]}
///     - {name: attack_style, from: operator}
/// ```
/// `from` says where an item's value on the axis comes from: `metadata.KEY`, `tag` (the first of the item's tags that
/// is one of `values`), or `operator` (the last mutation operator that made the item; `direct` for seeds). Without
/// `values`, an axis takes the distinct values found among the seeds (and, for `operator`, the operators in use).
public struct EvolveSpec: Codable, Hashable, Sendable {
    public struct Axis: Codable, Hashable, Sendable {
        public var name: String
        public var from: String
        public var values: [String]?

        public init(name: String, from: String, values: [String]? = nil) {
            self.name = name
            self.from = from
            self.values = values
        }
    }

    public var axes: [Axis]

    public init(axes: [Axis]) {
        self.axes = axes
    }
}

/// Turns an item into the messages sent to the model.
///
/// `template` may use `{{input}}` (the item's prompt), `{{choices}}` (lettered options, one per line:
/// `A. first`), and `{{metadata.KEY}}`. Few-shot examples are rendered with the same template and
/// sent as alternating user/assistant turns before the item.
public struct PromptTemplate: Codable, Hashable, Sendable {
    public var system: String?
    public var template: String
    public var fewShot: [FewShotExample]

    public init(system: String? = nil, template: String = "{{input}}", fewShot: [FewShotExample] = []) {
        self.system = system
        self.template = template
        self.fewShot = fewShot
    }

    private enum CodingKeys: String, CodingKey {
        case system, template, fewShot = "few_shot"
    }
}

/// A worked example shown before the item.
public struct FewShotExample: Codable, Hashable, Sendable {
    public var input: String
    public var choices: [String]?
    public var answer: String

    public init(input: String, choices: [String]? = nil, answer: String) {
        self.input = input
        self.choices = choices
        self.answer = answer
    }
}

/// A scorer as declared in a suite file: its type and options. `name` defaults to the type.
public struct ScorerSpec: Codable, Hashable, Sendable {
    /// `exact_match`, `includes`, `regex`, `numeric`, `multiple_choice`, `refusal`, `judge`,
    /// and the continuous companions `target_logprob`, `brier`, `token_edit_distance`, `digit_accuracy`.
    public var type: String
    public var name: String?
    /// For exact match and includes: `text` (case, punctuation, whitespace), `number`, `letter`, `none`.
    public var normalize: String?
    /// For regex: the pattern; the first capture group (or the whole match) is compared with the target.
    public var pattern: String?
    /// For numeric: absolute tolerance.
    public var tolerance: Double?
    /// For multiple choice: `letter` (parse the answer letter) or `loglikelihood` (compare option likelihoods).
    public var by: String?
    /// For judge: the judge model spec, the rubric, and the passing grade on the 1–10 scale.
    public var model: String?
    public var rubric: String?
    public var threshold: Double?

    public init(type: String, name: String? = nil, normalize: String? = nil, pattern: String? = nil, tolerance: Double? = nil,
                by: String? = nil, model: String? = nil, rubric: String? = nil, threshold: Double? = nil) {
        self.type = type
        self.name = name
        self.normalize = normalize
        self.pattern = pattern
        self.tolerance = tolerance
        self.by = by
        self.model = model
        self.rubric = rubric
        self.threshold = threshold
    }

    /// The name scores and metrics are reported under.
    public var displayName: String { name ?? type }
}
