import Foundation

/// A prompt with a `{request}` slot, filled by the frame and encoding operators.
struct PromptTemplate: Sendable, Hashable, ExpressibleByStringLiteral {
    var text: String

    init(stringLiteral value: String) { text = value }

    /// The template with every `{request}` replaced by `request` (the request itself is not searched for slots).
    func filled(with request: String) -> String {
        text.components(separatedBy: "{request}").joined(separator: request)
    }
}
