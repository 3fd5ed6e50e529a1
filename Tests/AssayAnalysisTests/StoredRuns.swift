import AssayCore
import AssayStore
import Foundation

@testable import AssayAnalysis

/// Runs written to a real SQLite store in a temporary folder, as `assay run` writes them.
struct StoredRuns {
    let store: SQLiteStore
    let suite: Suite

    /// A suite of `count` items: even ones tagged `math`, odd ones `safety`.
    init(count: Int) throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("assay-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("assay.db").path)
        let items = (0..<count).map { i in
            Item(prompt: "Question \(i)?", target: .text(["\(i)"]), tags: [i % 2 == 0 ? "math" : "safety"])
        }
        suite = Suite(config: SuiteConfig(name: "fixture"), items: items)
    }

    func save() async throws { try await store.saveSuite(suite) }

    /// Stores a completed run: for item `i` and epoch `e`, `respond(i, e)` gives the text and whether `exact_match` passed;
    /// `edit` scores a continuous companion `token_edit_distance` as `1 - pass`.
    @discardableResult
    func run(id: String, model: String, epochs: Int = 1, createdAt: Date = Date(),
             respond: (Int, Int) -> (text: String, pass: Bool?)) async throws -> RunRecord {
        let config = RunConfig(epochs: epochs, generation: GenerationParameters(), scorers: ["exact_match", "token_edit_distance"],
                               continuousScorers: ["token_edit_distance"])
        let record = RunRecord(id: id, suiteName: suite.name, suiteVersion: suite.version, model: model, configHash: config.hash,
                               config: config, status: .completed, createdAt: createdAt, finishedAt: createdAt)
        try await store.createRun(record)
        var results: [SampleResult] = []
        for (i, item) in suite.items.enumerated() {
            for epoch in 0..<epochs {
                let (text, pass) = respond(i, epoch)
                let sample = Sample(runID: id, itemID: item.id, epoch: epoch, messages: item.input, completion: Completion(text: text))
                var scores: [Score] = []
                switch pass {
                case true?: scores = [.pass("exact_match"), .value("token_edit_distance", 0)]
                case false?: scores = [.fail("exact_match"), .value("token_edit_distance", 1)]
                case nil: scores = [.abstain("exact_match")]
                }
                results.append(SampleResult(sample: sample, scores: scores))
            }
        }
        try await store.record(results)
        return record
    }

    func items() -> [String: Item] { Dictionary(uniqueKeysWithValues: suite.items.map { ($0.id, $0) }) }
}
