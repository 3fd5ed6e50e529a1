import AssayCore
import Foundation
import Testing

@Suite struct JSONWriterTests {
    static let awkward = "quote \" backslash \\ newline \n tab \t control \u{01} line-sep \u{2028} emoji 🧪 <script>"

    @Test func messagesRoundTripThroughTheirDecoder() throws {
        let messages: [Message] = [.system(Self.awkward), .user("plain"), .assistant("")]
        let decoded = try JSONDecoder().decode([Message].self, from: Data(JSONWriter.messages(messages).utf8))
        #expect(decoded == messages)
    }

    @Test func completionsRoundTripThroughTheirDecoder() throws {
        let full = Completion(text: Self.awkward, logprobs: [TokenLogProb(token: "a\"b", logprob: -0.125), TokenLogProb(token: " ", logprob: -3)],
                              usage: Usage(promptTokens: 12, completionTokens: 3), finishReason: "stop", model: "m")
        let bare = Completion(text: "x")
        for completion in [full, bare] {
            let decoded = try JSONDecoder().decode(Completion.self, from: Data(JSONWriter.completion(completion).utf8))
            #expect(decoded == completion)
        }
    }

    @Test func nonFiniteNumbersBecomeNull() throws {
        var w = JSONWriter()
        w.literal("[")
        w.number(Double.nan)
        w.literal(",")
        w.number(2.5)
        w.literal(",")
        w.number(3.0)
        w.literal("]")
        #expect(w.text == "[null,2.5,3]")
    }
}
