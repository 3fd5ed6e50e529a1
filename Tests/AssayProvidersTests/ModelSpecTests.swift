import AssayCore
import Testing
@testable import AssayProviders

@Suite struct ModelSpecTests {
    @Test(arguments: [
        ("local", ModelSpec(provider: .local, model: "")),
        ("local:/models/x.gguf", ModelSpec(provider: .local, model: "/models/x.gguf")),
        ("openai:gpt-4o-mini", ModelSpec(provider: .openai, model: "gpt-4o-mini")),
        ("openai:qwen@http://127.0.0.1:8000/v1", ModelSpec(provider: .openai, model: "qwen", baseURL: "http://127.0.0.1:8000/v1")),
        ("anthropic:claude-x", ModelSpec(provider: .anthropic, model: "claude-x")),
        ("llamacpp:smol@http://127.0.0.1:8080", ModelSpec(provider: .llamacpp, model: "smol", baseURL: "http://127.0.0.1:8080")),
    ])
    func parsesAndPrintsBack(text: String, expected: ModelSpec) throws {
        let spec = try ModelSpec(parsing: text)
        #expect(spec == expected)
        #expect(spec.description == text)
    }

    @Test(arguments: ["gpt4", "foo:bar", "openai:", "local:", "llamacpp:x"])
    func rejectsBadSpecs(text: String) {
        let error = #expect(throws: AssayError.self) { try ModelSpec(parsing: text) }
        #expect(error?.code == .badInput)
        #expect(error?.exitCode == 2)
    }
}

@Suite struct KeyPolicyTests {
    @Test func keysGoOnlyWhereTheUserSentThem() {
        let key = "sk-secret"
        #expect(KeyPolicy.key(key, for: "https://api.openai.com/v1", officialHost: "api.openai.com", fromSuiteFile: true) == key)
        #expect(KeyPolicy.key(key, for: "http://api.openai.com/v1", officialHost: "api.openai.com", fromSuiteFile: false) == nil)
        #expect(KeyPolicy.key(key, for: "http://127.0.0.1:8000/v1", officialHost: "api.openai.com", fromSuiteFile: false) == key)
        #expect(KeyPolicy.key(key, for: "https://gpu.example/v1", officialHost: "api.openai.com", fromSuiteFile: false) == key)
        #expect(KeyPolicy.key(key, for: "http://gpu.example/v1", officialHost: "api.openai.com", fromSuiteFile: false) == nil)
        #expect(KeyPolicy.key(key, for: "https://evil.example/v1", officialHost: "api.openai.com", fromSuiteFile: true) == nil)
        #expect(KeyPolicy.key(key, for: "http://127.0.0.1:8000/v1", officialHost: "api.openai.com", fromSuiteFile: true) == nil)
        #expect(KeyPolicy.key("", for: "https://api.openai.com/v1", officialHost: "api.openai.com", fromSuiteFile: false) == nil)
    }
}
