import AssayCore

/// Wire types of the OpenAI chat and completions APIs (the fields Assay reads and writes).
enum OpenAIWire {
    struct ChatResponse: Decodable {
        struct Choice: Decodable {
            struct Body: Decodable {
                var content: String?
            }
            struct LogProbs: Decodable {
                struct Token: Decodable {
                    var token: String
                    var logprob: Double
                }
                var content: [Token]?
            }
            var message: Body
            var logprobs: LogProbs?
            var finish_reason: String?
        }
        struct UsageBody: Decodable {
            var prompt_tokens: Int?
            var completion_tokens: Int?
        }
        var model: String?
        var choices: [Choice]
        var usage: UsageBody?
    }

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
