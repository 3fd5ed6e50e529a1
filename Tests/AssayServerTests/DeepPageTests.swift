import AssayCore
import AssayStore
import Foundation
import Testing
@testable import AssayServer

/// Deep offset pages of a finished run start from a mark (every `markSpacing`-th match) instead of walking every
/// match before them; they must be exactly the pages the store gives for the same offset.
@Suite struct DeepPageTests {
    @Test func offsetPagesFromMarksEqualTheStoresOffsetPages() async throws {
        let store = try SQLiteStore(path: NSTemporaryDirectory() + "assay-deep-\(UUID().uuidString)/assay.db")
        let spacing = DashboardData.markSpacing
        let items = (0..<(spacing + 300)).map { Item(prompt: "q\($0)", target: .text(["a"])) }
        let suite = Suite(config: SuiteConfig(name: "deep"), items: items)
        try await store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["a"])
        var run = RunRecord(id: "deep", suiteName: "deep", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config)
        try await store.createRun(run)
        // Two epochs, epoch 0 failing: 2,600 samples, 1,300 failures; both filters reach past the first mark.
        try await store.record(items.flatMap { item in
            (0..<2).map { epoch in
                SampleResult(sample: Sample(runID: "deep", itemID: item.id, epoch: epoch, messages: item.input, completion: Completion(text: "r")),
                             scores: [epoch == 0 ? .fail("a") : .pass("a")])
            }
        })
        try await store.updateRun(id: "deep", status: .completed, finishedAt: Date())
        run.status = .completed
        let data = DashboardData(store: store)
        for filter in [SampleFilter(), SampleFilter(verdict: "fail")] {
            let total = try await store.sampleCount(runID: "deep", filter: filter)
            #expect(total > spacing)
            for offset in [0, spacing - 1, spacing, spacing + 1, 2 * spacing - 7, 2 * spacing, total - 3, total, total + 5] {
                let expected = try await store.samples(runID: "deep", filter: filter, offset: offset, limit: 10)
                let page = try await data.samplePage(of: run, filter: filter, offset: offset, limit: 10)
                #expect(page.total == total)
                #expect(page.rows.map(\.sample.itemID) == expected.map(\.sample.itemID), "\(filter) offset \(offset)")
                #expect(page.rows.map(\.sample.epoch) == expected.map(\.sample.epoch), "\(filter) offset \(offset)")
                #expect(expected.count == min(10, max(0, total - offset)))
            }
        }
    }
}
