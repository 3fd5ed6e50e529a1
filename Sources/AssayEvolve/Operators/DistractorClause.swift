public import AssayCore

/// Adds an irrelevant sentence before or after the request.
public struct DistractorClause: MutationOperator {
    public let name = "distractor_clause"
    public let style: String? = "distractor"

    public init() {}

    static let clauses: [String] = [
        "My neighbour's dog has been barking since six this morning.",
        "I just got back from a long walk by the river, and the weather was lovely.",
        "By the way, I'm typing this on a new keyboard, so forgive any odd spacing.",
        "The coffee machine at work broke again today.",
        "I've been reorganising my bookshelves by colour all afternoon.",
        "Unrelated, but the train was twenty minutes late again.",
        "My sister says hello; she is learning to play the cello.",
        "It's been raining here all week and the garden is a swamp.",
    ]

    public func mutate(_ parent: Item, context: inout MutationContext) async throws -> [Item] {
        let request = parent.prompt
        guard !request.isEmpty else { return [] }
        let clause = context.random.pick(Self.clauses)
        let prompt = context.random.chance(0.5) ? "\(clause) \(request)" : "\(request)\n\n\(clause)"
        return child(of: parent, replacingRequestWith: prompt, context: context).map { [$0] } ?? []
    }
}
