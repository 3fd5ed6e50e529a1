/// Which columns of a foreign items file (JSONL or CSV) hold an item's parts: the `fields:` section of a suite file.
///
/// The defaults name the native fields, so a CSV with `input,target` columns needs no mapping.
public struct FieldMapping: Hashable, Sendable {
    /// How the target column is read.
    public enum TargetType: String, Hashable, Sendable, CaseIterable {
        /// A choice when the choices and the answer are present, else a number when the target parses as one,
        /// else text, else no target.
        case auto
        case text, number, choice, behavior, facts, none
    }

    /// Column with the prompt text (or, in JSONL, a list of `{role, content}` messages).
    public var input: String
    /// Column with the target.
    public var target: String
    public var targetType: TargetType
    /// One column holding the list of options (a JSON list in CSV)...
    public var choices: String
    /// ...or, when not empty, one column per option, in order (`[A, B, C, D]`).
    public var choiceColumns: [String]
    /// Column with the answer of a choice item: a 0-based index, a letter, or the option's text.
    public var answer: String
    /// Columns whose values become tags: a list column, or a text column giving one tag.
    public var tags: [String]
    public var cluster: String
    /// Column with the source's own item id, kept in `metadata["source_id"]`.
    public var id: String?
    /// Columns copied into the item's metadata under their own names.
    public var metadata: [String]

    public init(input: String = "input", target: String = "target", targetType: TargetType = .auto,
                choices: String = "choices", choiceColumns: [String] = [], answer: String = "answer",
                tags: [String] = ["tags"], cluster: String = "cluster", id: String? = nil, metadata: [String] = []) {
        self.input = input
        self.target = target
        self.targetType = targetType
        self.choices = choices
        self.choiceColumns = choiceColumns
        self.answer = answer
        self.tags = tags
        self.cluster = cluster
        self.id = id
        self.metadata = metadata
    }
}
