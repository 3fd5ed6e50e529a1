import AssayCore
import AsyncHTTPClient
import AssayTestKit
import Foundation
import Testing
@testable import AssayProviders

@Suite("OpenAI-compatible provider against the stub server over real HTTP")
struct OpenAICompatibleProviderTests {
    @Test func generatesAndParsesLogprobsAndUsage() async throws {
        try await StubModelServer.with { server in
            try await withTransport { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub", baseURL: server.openAIBaseURL),
                                                        baseURL: server.openAIBaseURL, apiKey: nil, transport: transport)
                let completion = try await provider.generate(GenerationRequest(messages: [.user("What is 12 + 30?")], parameters: GenerationParameters()))
                #expect(completion.text == "42")
                #expect(completion.logprobs?.map(\.token) == ["42"])
                #expect(completion.logprobs?.first?.logprob == -0.25)
                #expect(completion.usage?.completionTokens == 1)
                #expect(completion.finishReason == "stop")
            }
        }
    }

    @Test func sendsTheKeyAndReportsAClientErrorWithoutIt() async throws {
        try await StubModelServer.with(.init(requiredKey: "sk-test-123")) { server in
            try await withTransport { transport in
                let spec = ModelSpec(provider: .openai, model: "stub", baseURL: server.openAIBaseURL)
                let keyed = OpenAICompatibleProvider(spec: spec, baseURL: server.openAIBaseURL, apiKey: "sk-test-123", transport: transport)
                let answer = try await keyed.generate(GenerationRequest(messages: [.user("2 + 2")], parameters: GenerationParameters()))
                #expect(answer.text == "4")
                let anonymous = OpenAICompatibleProvider(spec: spec, baseURL: server.openAIBaseURL, apiKey: nil, transport: transport)
                let error = await #expect(throws: ProviderError.self) {
                    _ = try await anonymous.generate(GenerationRequest(messages: [.user("2 + 2")], parameters: GenerationParameters()))
                }
                #expect(error?.kind == .client)
                #expect(error?.status == 401)
                #expect(error?.isTransient == false)
                #expect(!(error?.description.contains("sk-test") ?? true))
            }
        }
    }

    @Test func classifiesFaults() async throws {
        for (fault, kind) in [(StubModelServer.Fault.serverError, ProviderError.Kind.server), (.rateLimited(retryAfter: 3), .rateLimited),
                              (.malformedJSON, .malformed)] {
            try await StubModelServer.with(.init(faultRate: 1, faults: [fault])) { server in
                try await withTransport { transport in
                    let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub"), baseURL: server.openAIBaseURL,
                                                            apiKey: nil, transport: transport)
                    let error = await #expect(throws: ProviderError.self) {
                        _ = try await provider.generate(GenerationRequest(messages: [.user("1 + 1")], parameters: GenerationParameters()))
                    }
                    #expect(error?.kind == kind)
                    #expect(error?.isTransient == true)
                    if case .rateLimited = fault { #expect(error?.retryAfter == 3) }
                }
            }
        }
    }

    @Test func aStallBeyondTheTimeoutIsATimeout() async throws {
        // A 60-second stall against a 0.3-second timeout: the bound below is loose because a loaded machine (the whole
        // suite in parallel on two cores) has delayed the wake-up by 6 s, and still an order below the stall.
        try await StubModelServer.with(.init(faultRate: 1, faults: [.stall(seconds: 60)])) { server in
            try await withTransport(timeout: 0.3) { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub"), baseURL: server.openAIBaseURL,
                                                        apiKey: nil, transport: transport)
                let start = ContinuousClock.now
                let error = await #expect(throws: ProviderError.self) {
                    _ = try await provider.generate(GenerationRequest(messages: [.user("1 + 1")], parameters: GenerationParameters()))
                }
                #expect(error?.kind == .timeout)
                #expect(ContinuousClock.now - start < .seconds(20))
            }
        }
    }

    @Test func logLikelihoodSumsTheEchoedContinuationTokens() async throws {
        try await StubModelServer.with { server in
            try await withTransport { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub", baseURL: server.openAIBaseURL),
                                                        baseURL: server.openAIBaseURL, apiKey: nil, transport: transport)
                // The stub echoes each space-separated word as a token with log-probability -1.
                let value = try await provider.logLikelihood(context: [.user("The capital of France is")], continuation: " Paris of course")
                #expect(value == -3)
            }
        }
    }

    @Test func anthropicMessagesWithKeyAndSystemPrompt() async throws {
        try await StubModelServer.with(.init(requiredKey: "ak-1")) { server in
            try await withTransport { transport in
                let provider = AnthropicProvider(spec: ModelSpec(provider: .anthropic, model: "claude-test"), baseURL: server.baseURL,
                                                 apiKey: "ak-1", transport: transport)
                let completion = try await provider.generate(GenerationRequest(
                    messages: [.system("Be brief."), .user("What is 7 * 6?")], parameters: GenerationParameters()))
                #expect(completion.text == "42")
                #expect(completion.finishReason == "end_turn")
                #expect(provider.supportsLogLikelihood == false)
            }
        }
    }
}

func withTransport<T: Sendable>(timeout: Double = 10, _ body: (HTTPTransport) async throws -> T) async throws -> T {
    let client = HTTPTransport.makeClient(readTimeout: timeout)
    do {
        let result = try await body(HTTPTransport(client: client, timeout: timeout))
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

@Suite struct EchoOffsetTests {
    @Test func offsetsCountCodePointsNotGraphemes() async throws {
        try await StubModelServer.with { server in
            try await withTransport { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub"), baseURL: server.openAIBaseURL,
                                                        apiKey: nil, transport: transport)
                // "\r\n" is one Character but two code points; "é" written with a combining accent likewise.
                let value = try await provider.logLikelihood(context: [.user("line1\r\nline2 Cafe\u{301}")], continuation: " x y")
                #expect(value == -2)
            }
        }
    }
}

@Suite struct ChatBodyTests {
    @Test func theHandWrittenBodyIsTheDocumentedRequest() throws {
        let request = GenerationRequest(messages: [.system("s"), .user("say \"hi\"\n")],
                                        parameters: GenerationParameters(maxTokens: 7, temperature: 0.5, topP: 0.9, stop: ["\n\n", "END"], seed: 42))
        let body = OpenAICompatibleProvider.chatBody(model: "m-1", request)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "m-1")
        #expect(object["max_tokens"] as? Int == 7)
        #expect(object["temperature"] as? Double == 0.5)
        #expect(object["top_p"] as? Double == 0.9)
        #expect(object["stop"] as? [String] == ["\n\n", "END"])
        #expect(object["seed"] as? Int == 42)
        #expect(object["logprobs"] as? Bool == true)
        #expect(object["top_logprobs"] as? Int == 1)
        let messages = try #require(object["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "s"], ["role": "user", "content": "say \"hi\"\n"]])
        let plain = OpenAICompatibleProvider.chatBody(model: "m", GenerationRequest(messages: [.user("x")], parameters: GenerationParameters(), logprobs: false))
        let minimal = try #require(try JSONSerialization.jsonObject(with: Data(plain.utf8)) as? [String: Any])
        #expect(Set(minimal.keys) == ["model", "messages", "max_tokens", "temperature"])
    }
}
