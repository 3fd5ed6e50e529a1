import AssayCore
import AssayProviders
import ArgumentParser
import Foundation
import Logging

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Check that a model answers.", subcommands: [Check.self], defaultSubcommand: Check.self)

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send one short request (and a log-likelihood probe) to a model.")

        @Argument(help: "Model spec: local, local:PATH.gguf, openai:MODEL[@URL], anthropic:MODEL, llamacpp:NAME@URL.")
        var spec: String = "local"

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func run() async throws {
            let spec = try ModelSpec(parsing: spec)
            let json = self.json
            try await Interrupts.cancellingOnSignal {
                try await ProviderRegistry.with(logger: Logger(label: "assay")) { registry in
                    let provider = try await registry.provider(for: spec)
                    let start = ContinuousClock.now
                    let completion: Completion
                    do {
                        completion = try await provider.generate(GenerationRequest(
                            messages: [.user("What is the capital of France? Answer in one word.")], parameters: GenerationParameters(maxTokens: 16)))
                    } catch let error as ProviderError {
                        throw AssayError(.runtime, "\(spec) did not answer: \(error)")
                    }
                    let elapsed = ContinuousClock.now - start
                    var likelihood: Double?
                    var likelihoodNote = "not supported"
                    if provider.supportsLogLikelihood {
                        do {
                            likelihood = try await provider.logLikelihood(context: [.user("What is the capital of France? Answer in one word.")], continuation: "Paris")
                            likelihoodNote = String(format: "%.3f", likelihood ?? 0)
                        } catch {
                            likelihoodNote = "failed: \(error)"
                        }
                    }
                    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
                    if json {
                        let object: [String: Any] = ["model": spec.description, "ok": true, "latency_ms": ms, "response": completion.text,
                                                     "logprobs": completion.logprobs != nil, "loglikelihood_paris": likelihood as Any]
                        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                        print(String(decoding: data, as: UTF8.self))
                    } else {
                        print("ok \(spec) in \(Int(ms)) ms")
                        print("response: \(completion.text.debugDescription)")
                        print("token logprobs: \(completion.logprobs == nil ? "no" : "yes")")
                        print("log P(\"Paris\" | question): \(likelihoodNote)")
                    }
                }
            }
        }
    }
}
