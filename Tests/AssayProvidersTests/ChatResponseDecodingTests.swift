import AssayCore
import Testing
@testable import AssayProviders

@Suite("Chat response decoding without JSONDecoder")
struct ChatResponseDecodingTests {
    static func decode(_ json: String) throws -> Completion {
        try OpenAICompatibleProvider.completion(fromChat: Array(json.utf8), source: "http://test")
    }

    @Test func readsTextLogprobsUsageFinishReasonAndModel() throws {
        let completion = try Self.decode(#"""
        {"id":"x","model":"m1","choices":[{"index":0,"message":{"role":"assistant","content":"h\u00e9\"llo"},
         "logprobs":{"content":[{"token":"h","logprob":-0.5,"bytes":null},{"token":"i","logprob":-1e-3}]},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}
        """#)
        #expect(completion.text == "hé\"llo")
        #expect(completion.logprobs == [TokenLogProb(token: "h", logprob: -0.5), TokenLogProb(token: "i", logprob: -0.001)])
        #expect(completion.usage == Usage(promptTokens: 12, completionTokens: 2))
        #expect(completion.finishReason == "stop")
        #expect(completion.model == "m1")
    }

    @Test func nullAndMissingOptionalFieldsAreAllowed() throws {
        let completion = try Self.decode(#"{"choices":[{"message":{"content":null},"logprobs":null,"finish_reason":null}],"usage":null}"#)
        #expect(completion.text == "")
        #expect(completion.logprobs == nil)
        #expect(completion.usage == nil)
        #expect(completion.finishReason == nil)
        #expect(completion.model == nil)
    }

    @Test(arguments: [
        #"{"id":"x","choices":[{"message":{"content":"#,
        #"not json"#,
        #"{"choices":{}}"#,
        #"{"choices":[{"message":"text"}]}"#,
        #"{"choices":[{"message":{"content":5}}]}"#,
        #"{"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":1.5}}"#,
        #"{"choices":[{"message":{"content":"a"},"logprobs":{"content":[{"token":"a"}]}}]}"#,
        #"{"choices":[{"message":{"content":"a"}}]} trailing"#,
    ])
    func malformedBodiesAreMalformed(_ body: String) throws {
        let error = #expect(throws: ProviderError.self) { try Self.decode(body) }
        #expect(error?.kind == .malformed)
    }

    @Test func noChoicesIsMalformed() throws {
        let error = #expect(throws: ProviderError.self) { try Self.decode(#"{"choices":[]}"#) }
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("no choices") == true)
    }
}
