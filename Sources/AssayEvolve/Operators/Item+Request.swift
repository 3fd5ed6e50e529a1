import AssayCore

extension Item {
    /// Index of the message operators rewrite: the last user message, or the last message when no user spoke.
    var requestIndex: Int? {
        input.lastIndex(where: { $0.role == .user }) ?? (input.isEmpty ? nil : input.count - 1)
    }

    /// The conversation before the request (a system message, earlier turns).
    var messagesBeforeRequest: [Message] {
        guard let index = requestIndex else { return [] }
        return Array(input[..<index])
    }

    /// The conversation with the request replaced by `messages`; messages after the request are kept.
    func replacingRequest(with messages: [Message]) -> [Message] {
        guard let index = requestIndex else { return messages }
        var result = input
        result.replaceSubrange(index...index, with: messages)
        return result
    }
}
