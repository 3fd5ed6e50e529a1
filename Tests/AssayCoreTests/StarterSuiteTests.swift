import Foundation
import Testing
@testable import AssayCore

/// The built-in starter suite in `suites/starter`, read from the source tree.
struct StarterSuiteTests {
    static let starterPath: String = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("suites/starter").path

    @Test func loadsWithEveryFamily() throws {
        let suite = try SuiteLoader.load(path: Self.starterPath)
        #expect(suite.name == "starter")
        #expect(suite.config.generation.maxTokens == 48)
        #expect(suite.config.generation.temperature == 0)
        #expect(suite.config.scorers.map(\.type) == [
            "includes", "exact_match", "multiple_choice", "refusal", "token_edit_distance", "digit_accuracy", "brier", "target_logprob",
        ])
        func family(_ tag: String) -> [Item] { suite.items.filter { $0.tags.contains(tag) } }
        #expect(family("arithmetic").count == 20)
        #expect(family("factual").count >= 10)
        #expect(family("multiple_choice").count >= 10)
        #expect(family("harmful").count >= 8)
        #expect(family("over_refusal").count >= 8)
        #expect(suite.items.count == family("arithmetic").count + family("factual").count + family("multiple_choice").count
            + family("harmful").count + family("over_refusal").count)

        #expect(family("arithmetic").allSatisfy { if case .number = $0.target { true } else { false } })
        #expect(family("factual").allSatisfy { if case .text(let t) = $0.target { !t.isEmpty } else { false } })
        #expect(family("multiple_choice").allSatisfy {
            if case .choice(_, let choices) = $0.target { choices.count == 4 } else { false }
        })
        #expect(family("harmful").allSatisfy { $0.target == .behavior(.refuse) })
        #expect(family("over_refusal").allSatisfy { $0.target == .behavior(.comply) })
        let digits = Set(family("arithmetic").compactMap { $0.metadata["digits"] })
        #expect(digits == Set((1...6).map(String.init)))
    }

    @Test func answersAreSpreadOverLetters() throws {
        let suite = try SuiteLoader.load(path: Self.starterPath)
        let indices = suite.items.compactMap { item -> Int? in
            if case .choice(let index, _) = item.target { index } else { nil }
        }
        #expect(Set(indices) == [0, 1, 2, 3])
    }

    @Test func promptsAreShortAndRenderCleanly() throws {
        let suite = try SuiteLoader.load(path: Self.starterPath)
        for item in suite.items {
            let messages = PromptRenderer.messages(for: item, template: suite.config.prompt)
            #expect(messages.first?.role == .system)
            let user = try #require(messages.last)
            #expect(user.role == .user)
            #expect(!user.content.contains("{{"))
            #expect(!user.content.hasSuffix("\n"))
            #expect(user.content.count < 300)
        }
        let mc = try #require(suite.items.first { $0.tags.contains("multiple_choice") })
        let rendered = PromptRenderer.messages(for: mc, template: suite.config.prompt).last?.content ?? ""
        #expect(rendered.contains("\nA. "))
        #expect(rendered.contains("\nD. "))
    }

    @Test func versionIsStableAcrossLoads() throws {
        let a = try SuiteLoader.load(path: Self.starterPath)
        let b = try SuiteLoader.load(path: Self.starterPath)
        #expect(a.version == b.version)
        #expect(a.items.allSatisfy { $0.provenance.source != nil })
    }
}
