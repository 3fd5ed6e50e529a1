import AssayCore

/// Wire types of the OpenAI chat and completions APIs (the fields Assay reads and writes).
enum OpenAIWire {
    struct CompletionRequest: Encodable {
        var model: String
        var prompt: String
        var max_tokens: Int
        var temperature: Double
        var echo: Bool
        var logprobs: Int
    }

    struct CompletionResponse: Decodable {
        struct Choice: Decodable {
            struct LogProbs: Decodable {
                var tokens: [String]?
                var token_logprobs: [Double?]?
                var text_offset: [Int]?
            }
            var text: String?
            var logprobs: LogProbs?
        }
        var choices: [Choice]
    }
}
