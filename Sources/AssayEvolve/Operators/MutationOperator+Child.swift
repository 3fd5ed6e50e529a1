import AssayCore

extension MutationOperator {
    /// The child of `parent` with `input` as its conversation: same target, tags, cluster and metadata, `.mutated`
    /// provenance naming this operator, and a fresh content id. Nil when the child would be identical to the parent.
    func child(
        of parent: Item, input: [Message], target: Target? = nil, generatorModel: String? = nil,
        context: MutationContext
    ) -> Item? {
        let provenance = Provenance(
            origin: .mutated, source: parent.provenance.source, parent: parent.id, operator: name,
            generatorModel: generatorModel, createdAt: context.createdAt)
        let item = Item(
            input: input, target: target ?? parent.target, tags: parent.tags, cluster: parent.cluster,
            metadata: parent.metadata, provenance: provenance)
        return item.id == parent.id ? nil : item
    }

    /// The child whose last user message (the request) is replaced by `prompt`; the rest of the conversation stays.
    func child(of parent: Item, replacingRequestWith prompt: String, target: Target? = nil,
               generatorModel: String? = nil, context: MutationContext) -> Item? {
        child(of: parent, input: parent.replacingRequest(with: [.user(prompt)]), target: target,
              generatorModel: generatorModel, context: context)
    }

    /// The child whose request is set inside one of `templates` (drawn from the generator): the frame operators'
    /// whole work. None when the parent has no request.
    func framed(_ parent: Item, in templates: [PromptTemplate], context: inout MutationContext) -> [Item] {
        let request = parent.prompt
        guard !request.isEmpty else { return [] }
        let prompt = context.random.pick(templates).filled(with: request)
        return child(of: parent, replacingRequestWith: prompt, context: context).map { [$0] } ?? []
    }
}
