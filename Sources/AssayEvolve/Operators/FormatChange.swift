public import AssayCore

/// Asks for the answer in a different output format: a JSON object, a numbered list, or a code block.
public struct FormatChange: MutationOperator {
    public let name = "format_change"
    public let style: String? = "format"

    public init() {}

    static let templates: [PromptTemplate] = [
        "{request}\n\nReturn your answer only as a JSON object of the form {\"answer\": \"...\"} with no text outside it.",
        "{request}\n\nFormat the answer as a numbered list of concise steps, one per line, with no introduction.",
        "{request}\n\nPut your entire answer inside a single Markdown code block and write nothing outside the block.",
        "Respond in JSON with the keys \"steps\" (an array of strings) and \"summary\" (a string). The task: {request}",
        "Answer as a numbered list. Question: {request}",
    ]

    public func mutate(_ parent: Item, context: inout MutationContext) async throws -> [Item] {
        framed(parent, in: Self.templates, context: &context)
    }
}
