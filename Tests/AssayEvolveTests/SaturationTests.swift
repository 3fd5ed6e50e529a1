import AssayCore
import AssayEvolve
import AssayStore
import Foundation
import Testing

@Suite struct SaturationTests {
    let easy = Item(prompt: "What is 2 + 2?", target: .number(4))
    let hard = Item(prompt: "What is 987 × 654?", target: .number(645_498))

    func record(_ store: SQLiteStore, version: String, model: String, passes: [Item: Bool], run: String) async throws {
        let config = RunConfig(generation: GenerationParameters(), scorers: ["exact_match", "token_edit_distance"],
                               continuousScorers: ["token_edit_distance"], modelIdentity: model)
        try await store.createRun(RunRecord(id: run, suiteName: "arith", suiteVersion: version, model: model, configHash: config.hash, config: config))
        try await store.record(passes.map { item, passed in
            SampleResult(sample: Sample(runID: run, itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: "x")),
                         scores: [passed ? .pass("exact_match") : .fail("exact_match"),
                                  Score(scorer: "token_edit_distance", value: 0.2, verdict: .value)])
        })
        try await store.updateRun(id: run, status: .completed, finishedAt: Date())
    }

    @Test func itemsPassedByEveryTrackedModelInTheLastVersionsAreSaturated() async throws {
        let store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-saturation-\(UUID().uuidString).db")
        let config = SuiteConfig(name: "arith")
        let v1 = Suite(config: config, items: [easy, hard])
        let extra = Item(prompt: "What is 3 + 3?", target: .number(6))
        let v2 = Suite(config: config, items: [easy, hard, extra], parent: v1.version)
        try await store.saveSuite(v1)
        try await store.saveSuite(v2)
        for (version, suffix) in [(v1.version, "1"), (v2.version, "2")] {
            try await record(store, version: version, model: "m1", passes: [easy: true, hard: false, extra: true], run: "a" + suffix)
            try await record(store, version: version, model: "m2", passes: [easy: true, hard: true, extra: true], run: "b" + suffix)
        }
        // A model with a run on one version only is not tracked, whatever it did.
        try await record(store, version: v2.version, model: "m3", passes: [easy: false, hard: false, extra: false], run: "c2")

        let found = try await Saturation.saturated(in: v2, versions: 2, store: store)
        // `extra` was not in v1, so only `easy` was passed in both versions by both tracked models.
        #expect(found.map(\.item.id) == [easy.id])
        #expect(found.first?.reason.contains("2 models (m1, m2)") == true)
        #expect(try await Saturation.saturated(in: v2, versions: 3, store: store).isEmpty)

        let next = Saturation.retiring(found, from: v2, state: .saturated)
        #expect(next.items.map(\.id) == [hard.id, extra.id])
        #expect(next.retired.map(\.state) == [.saturated])
        #expect(next.parent == v2.version)
        try await store.saveSuite(next)
        let loaded = try #require(try await store.suite(version: next.version))
        #expect(loaded.retired.first?.item.id == easy.id)
        #expect(SuiteDiff(old: v2, new: loaded).removed.first?.state == .saturated)
    }
}
