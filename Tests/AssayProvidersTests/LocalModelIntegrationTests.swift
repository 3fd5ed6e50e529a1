import AssayCore
import Foundation
import Logging
import Testing
@testable import AssayProviders

/// The real bundled model: SmolLM2-135M-Instruct served by llama.cpp (xllamacpp from PyPI, provisioned on first use).
/// Slow (a first run installs the runtime); CI runs it. Set ASSAY_SKIP_LOCAL_MODEL=1 to skip it on a machine without PyPI.
@Suite("Local model (real llama.cpp)", .serialized, .enabled(if: ProcessInfo.processInfo.environment["ASSAY_SKIP_LOCAL_MODEL"] == nil))
struct LocalModelIntegrationTests {
    @Test func answersWithLogprobsAndScoresContinuationsByLikelihood() async throws {
        let logger = Logger(label: "test")
        try await withTransport(timeout: 120) { transport in
            try await LocalModel.with(ModelSpec(provider: .local, model: ""), transport: transport, logger: logger) { provider in
                #expect(provider.supportsLogLikelihood)
                let completion = try await provider.generate(GenerationRequest(
                    messages: [.user("What is the capital of France? Answer in one word.")], parameters: GenerationParameters(maxTokens: 12)))
                #expect(!completion.text.isEmpty)
                #expect(completion.text.lowercased().contains("paris"))
                let logprobs = try #require(completion.logprobs)
                #expect(!logprobs.isEmpty)
                #expect(logprobs.allSatisfy { $0.logprob <= 0 && $0.logprob.isFinite })
                #expect((completion.usage?.promptTokens ?? 0) > 0)

                let question: [Message] = [.user("What is the capital of France? Answer in one word.")]
                let paris = try await provider.logLikelihood(context: question, continuation: "Paris")
                let berlin = try await provider.logLikelihood(context: question, continuation: "Berlin")
                let nonsense = try await provider.logLikelihood(context: question, continuation: "Toaster submarine")
                #expect(paris < 0 && paris.isFinite)
                #expect(paris > berlin)
                #expect(berlin > nonsense)
                // Deterministic: the same question gives the same number.
                #expect(try await provider.logLikelihood(context: question, continuation: "Paris") == paris)
            }
        }
    }

    @Test func aMissingModelFileIsABadInputError() async throws {
        try await withTransport { transport in
            let error = await #expect(throws: AssayError.self) {
                _ = try await LocalModel.start(ModelSpec(provider: .local, model: "/nonexistent/model.gguf"), transport: transport, logger: Logger(label: "t"))
            }
            #expect(error?.code == .badInput)
        }
    }
}
