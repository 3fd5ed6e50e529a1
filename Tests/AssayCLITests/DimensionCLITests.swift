import AssayTestKit
import Foundation
import Testing

/// The dimension suites through the command line: `assay run` attaches the dimension report, `runs show` and `compare`
/// read it, and `assay omission validate` reports the scorer's agreement with the team's labels. The stub model here
/// only exercises the plumbing; docs/DIMENSIONS.md shows the suites on the bundled local model.
@Suite(.serialized) struct DimensionCLITests {
    /// A stub that tries short persistence tasks (wrongly) and gives up on long ones.
    static let quitter: @Sendable (String) -> String = { prompt in
        let steps = prompt.split(separator: "\n").filter { $0.first?.isNumber == true }.count
        return steps >= 6 ? "That is too many steps; you can continue the pattern yourself." : "Answer: zzz"
    }

    @Test func runAttachesTheDimensionReportAndCompareComparesIt() async throws {
        let directory = try CLI.temporaryDirectory()
        var ids: [String] = []
        for _ in 0..<2 {
            try await StubModelServer.with(.init(answer: Self.quitter)) { server in
                let result = try await CLI.run(["run", "--suite", "persistence", "--model", "openai:quitter@\(server.openAIBaseURL)", "--json",
                                                "--db", "d.db", "--fresh"], in: directory)
                #expect(result.status == 0, "\(result.stderr)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                ids.append(try #require(object["run"] as? String))
                let dimension = try #require(object["dimension"] as? [String: Any])
                #expect(dimension["kind"] as? String == "persistence")
                let estimates = try #require(dimension["estimates"] as? [[String: Any]])
                func value(_ name: String, _ group: String) -> Double? {
                    estimates.first { $0["name"] as? String == name && $0["group"] as? String == group }?["value"] as? Double
                }
                #expect(value("attempt_rate", "instructions n=1") == 1)
                #expect(value("attempt_rate", "instructions n=8") == 0)
                #expect(value("accuracy", "n=1") == 0)
            }
        }
        let shown = try await CLI.run(["runs", "show", ids[0], "--db", "d.db"], in: directory)
        #expect(shown.stdout.contains("persistence: attempt rate"), "\(shown.stdout)")
        #expect(shown.stdout.contains("gave_up"))
        let compared = try await CLI.run(["compare", ids[0], ids[1], "--db", "d.db"], in: directory)
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("Dimension (persistence)"), "\(compared.stdout)")
    }

    @Test func omissionValidateReportsAgreementWithTheTeamsLabels() async throws {
        let directory = try CLI.temporaryDirectory()
        let result = try await CLI.run(["omission", "validate", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["responses"] as? Int == 72)
        let facts = try #require((report["fact_agreement"] as? [String: Any])?["value"] as? Double)
        #expect(facts >= 0.9)
        // The blind sets were written without sight of the key phrases; their agreement is lower and is what the docs quote.
        let blind = try await CLI.run(["omission", "validate", "--labels", CLI.repositoryRoot.appendingPathComponent("suites/omission/labels-blind-2.jsonl").path],
                                      in: directory)
        #expect(blind.stdout.contains("disclosure_agreement"), "\(blind.stdout)")
        try "{\"scenario\": \"finance-01\", \"response\": \"x\", \"facts\": [\"shown\"], \"false_claim\": false}\n"
            .write(to: directory.appendingPathComponent("bad.jsonl"), atomically: true, encoding: .utf8)
        let bad = try await CLI.run(["omission", "validate", "--labels", "bad.jsonl"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.jsonl:1: facts: unknown fact label 'shown'"), "\(bad.stderr)")
    }

    @Test func paraphrasesThatKeepTheNumbersBecomeVariants() async throws {
        let directory = try CLI.temporaryDirectory()
        // Rewords by moving the question's text after a preface; for templates mentioning "dollars" it changes a number.
        let rewording: @Sendable (String) -> String = { prompt in
            let question = prompt.components(separatedBy: "\n\n").last ?? ""
            return question.contains("dollars") ? "Say, " + question.replacingOccurrences(of: "1", with: "7") : "Tell me: " + question
        }
        try await StubModelServer.with(.init(answer: rewording)) { server in
            let result = try await CLI.run(["goodhart", "paraphrase", "--model", "openai:p@\(server.openAIBaseURL)", "--out", "p.jsonl"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("48 originals: "), "\(result.stdout)")
        }
        let lines = try String(contentsOf: directory.appendingPathComponent("p.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 24 && lines.count < 48, "\(lines.count)")
        #expect(lines.allSatisfy { $0.contains("\"model\":\"openai:p@") })
        let suite = CLI.repositoryRoot.appendingPathComponent("suites/goodhart").path
        try """
            name: gp
            kind: goodhart
            generate:
              - goodhart: {choice: \(suite)/choice.jsonl, templates: \(suite)/templates.jsonl, paraphrases: p.jsonl, operators: [paraphrase], probes: []}
            """.write(to: directory.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let shown = try await CLI.run(["suites", "show", "suite.yaml"], in: directory)
        #expect(shown.stdout.contains("op=paraphrase (\(lines.count))"), "\(shown.stdout)")
    }
}
