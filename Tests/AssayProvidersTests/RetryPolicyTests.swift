import AssayCore
import AssayTestKit
import Foundation
import Synchronization
import Testing
@testable import AssayProviders

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsAndIsCappedAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 4)
        let server = ProviderError(kind: .server, message: "x")
        #expect(policy.delay(after: 1, error: server, random: 1) == 0.5)
        #expect(policy.delay(after: 3, error: server, random: 1) == 2)
        #expect(policy.delay(after: 9, error: server, random: 1) == 4)
        #expect(policy.delay(after: 3, error: server, random: 0.5) == 1)
        #expect(policy.delay(after: 1, error: ProviderError(kind: .rateLimited, message: "x", retryAfter: 3), random: 0) == 3)
        #expect(policy.delay(after: 1, error: ProviderError(kind: .rateLimited, message: "x", retryAfter: 60), random: 0) == 60)
        #expect(policy.delay(after: 1, error: ProviderError(kind: .rateLimited, message: "x", retryAfter: 600), random: 0) == 120)
    }

    @Test func doesNotRetryClientErrors() async {
        let calls = Mutex(0)
        let outcome = await RetryPolicy(maxAttempts: 5, baseDelay: 0.001).run {
            calls.withLock { $0 += 1 }
            throw ProviderError(kind: .client, message: "bad request", status: 400)
        } as RetryPolicy.Outcome<Int>
        #expect(outcome.attempts == 1)
        #expect(calls.withLock { $0 } == 1)
        #expect(throws: ProviderError.self) { try outcome.result.get() }
    }

    @Test func retriesTransientFailuresAgainstARealServerUntilSuccess() async throws {
        try await StubModelServer.with(.init(faultRate: 0.6, faults: [.serverError, .malformedJSON], seed: 7)) { server in
            try await withTransport { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub"), baseURL: server.openAIBaseURL,
                                                        apiKey: nil, transport: transport)
                let policy = RetryPolicy(maxAttempts: 30, baseDelay: 0.001, maxDelay: 0.01)
                var attempts = 0
                for i in 0..<20 {
                    let outcome = await policy.run { try await provider.generate(GenerationRequest(messages: [.user("\(i) + 1")], parameters: GenerationParameters())) }
                    let completion = try outcome.result.get()
                    #expect(completion.text == "\(i + 1)")
                    attempts += outcome.attempts
                }
                #expect(attempts > 20)
                #expect(server.statistics.requests == attempts)
                #expect(server.statistics.faultsInjected == attempts - 20)
            }
        }
    }

    @Test func givesUpAfterMaxAttempts() async {
        let outcome = await RetryPolicy(maxAttempts: 3, baseDelay: 0.001).run {
            throw ProviderError(kind: .server, message: "down", status: 503)
        } as RetryPolicy.Outcome<Int>
        #expect(outcome.attempts == 3)
        #expect((try? outcome.result.get()) == nil)
    }
}

@Suite struct RetryAfterTests {
    @Test func aRateLimitedRequestWaitsForRetryAfterBeforeTheNextAttempt() async throws {
        // Every other request is a 429 with Retry-After: 1; the policy's own backoff is a millisecond.
        try await StubModelServer.with(.init(faultRate: 0.5, faults: [.rateLimited(retryAfter: 1)], seed: 3)) { server in
            try await withTransport { transport in
                let provider = OpenAICompatibleProvider(spec: ModelSpec(provider: .openai, model: "stub"), baseURL: server.openAIBaseURL,
                                                        apiKey: nil, transport: transport)
                let policy = RetryPolicy(maxAttempts: 20, baseDelay: 0.001, maxDelay: 0.001)
                var limited = 0
                for i in 0..<6 {
                    let start = ContinuousClock.now
                    let outcome = await policy.run { try await provider.generate(GenerationRequest(messages: [.user("\(i) + 2")], parameters: GenerationParameters())) }
                    let elapsed = ContinuousClock.now - start
                    let completion = try outcome.result.get()
                    #expect(completion.text == "\(i + 2)")
                    if outcome.attempts > 1 {
                        limited += 1
                        #expect(elapsed >= .seconds(Double(outcome.attempts - 1)))
                    }
                }
                #expect(limited > 0)
            }
        }
    }
}
