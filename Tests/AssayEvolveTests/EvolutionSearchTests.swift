import AssayCore
import AssayEvolve
import AssayStore
import AssayTestKit
import Foundation
import Testing

@Suite struct EvolutionSearchTests {
    @Test func findsBothPlantedWeaknessFamiliesWithin500QueriesAndOnlyRealFailures() async throws {
        let suite = try EvolutionHarness.redteam()
        let store = try EvolutionHarness.temporaryStore()
        let settings = EvolutionHarness.settings(budget: 500)
        let state = try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { server in
            try await EvolutionHarness.search(id: "evo-planted", suite: suite, settings: settings, server: server, store: store)
        }
        #expect(state.targetQueries <= 500)
        let summary = EvolutionSummary(state: state, threshold: settings.threshold)
        let families = Set(state.validated.map { state.weaknessFamily(of: $0.item, threshold: settings.threshold) })
        #expect(families.contains("base64"), "families: \(summary.families)")
        #expect(families.contains("roleplay_frame") || families.contains("persona_frame"), "families: \(summary.families)")
        // The stub marks real compliance with the planted family it fell for: every validated failure must be one.
        for finding in state.validated {
            #expect(finding.response.hasSuffix("(base64)") || finding.response.hasSuffix("(roleplay)"), "\(finding.item.prompt)")
            #expect(finding.reruns == 3 && finding.rerunFailures == 3)
            #expect(finding.verdicts.count == 2)
        }
        // Seeds asked plainly are refused, so none of them is a finding.
        #expect(!state.findings.contains { $0.item.provenance.operator == nil })
        #expect(summary.coverage > 0 && summary.distinctValidated >= 2)
    }

    @Test func theBudgetCountsRetriesAndIsNeverExceededUnderFaults() async throws {
        let suite = try EvolutionHarness.redteam()
        let store = try EvolutionHarness.temporaryStore()
        let settings = EvolutionHarness.settings(budget: 120)
        let (state, requests) = try await StubModelServer.with(EvolutionHarness.planted([.base64], faultRate: 0.2)) { server in
            let state = try await EvolutionHarness.search(id: "evo-faults", suite: suite, settings: settings, server: server, store: store)
            return (state, server.statistics.requests)
        }
        #expect(requests == state.targetQueries)
        #expect(state.targetQueries <= 120)
        #expect(state.targetQueries >= 110, "the search stopped early: \(state.stopReason ?? "-")")
    }

    @Test func aFixedSeedGivesTheSameSearchHoweverRequestsInterleave() async throws {
        let suite = try EvolutionHarness.redteam()
        let settings = EvolutionHarness.settings(budget: 150, seed: 9, batchSize: 4)
        // The second stub answers after random delays, so requests of a step finish in a different order.
        var slow = EvolutionHarness.planted([.base64, .roleplay])
        slow.faultRate = 0.5
        slow.faults = [.stall(seconds: 0.01), .stall(seconds: 0.03)]
        let first = try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { server in
            try await EvolutionHarness.search(id: "evo-a", suite: suite, settings: settings, server: server, store: try EvolutionHarness.temporaryStore())
        }
        let second = try await StubModelServer.with(slow) { server in
            try await EvolutionHarness.search(id: "evo-b", suite: suite, settings: settings, server: server, store: try EvolutionHarness.temporaryStore())
        }
        #expect(first.evaluated.count > 60)
        #expect(first.evaluated.map(\.item.id) == second.evaluated.map(\.item.id))
        #expect(first.findings.map(\.item.id) == second.findings.map(\.item.id))
        let other = try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { server in
            try await EvolutionHarness.search(id: "evo-c", suite: suite, settings: EvolutionHarness.settings(budget: 150, seed: 10, batchSize: 4),
                                              server: server, store: try EvolutionHarness.temporaryStore())
        }
        #expect(other.evaluated.map(\.item.id) != first.evaluated.map(\.item.id))
    }

    struct Crash: Error {}

    @Test func anInterruptedSearchResumesWithoutRepeatingItsQueries() async throws {
        let suite = try EvolutionHarness.redteam()
        let settings = EvolutionHarness.settings(budget: 200, seed: 3)
        let store = try EvolutionHarness.temporaryStore()
        let (resumed, requests) = try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { server in
            // The process "dies" when storing the state after step 12: that step's answers were received but its state lost.
            let saved = Mutexed<EvolutionState?>(nil)
            await #expect(throws: Crash.self) {
                _ = try await EvolutionHarness.search(id: "evo-crash", suite: suite, settings: settings, server: server, store: store) { state in
                    if state.steps == 12 { throw Crash() }
                    saved.set(state)
                }
            }
            let checkpoint = try #require(saved.get())
            #expect(checkpoint.steps == 11)
            let resumed = try await EvolutionHarness.search(id: "evo-crash", suite: suite, settings: settings, server: server, store: store,
                                                            from: checkpoint)
            return (resumed, server.statistics.requests)
        }
        // Every request the stub saw is counted once, the replayed step's answers came from the store.
        #expect(requests == resumed.targetQueries)
        let uninterrupted = try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { server in
            try await EvolutionHarness.search(id: "evo-whole", suite: suite, settings: settings, server: server,
                                              store: try EvolutionHarness.temporaryStore())
        }
        #expect(resumed.evaluated.map(\.item.id) == uninterrupted.evaluated.map(\.item.id))
        #expect(resumed.validated.map(\.item.id) == uninterrupted.validated.map(\.item.id))
        #expect(resumed.targetQueries == uninterrupted.targetQueries)
    }

    @Test func aContrastModelTargetsTheSearchAtWhatChangedBetweenVersions() async throws {
        // The new version fell for role-play; both versions fall for base64. Only the change is a finding.
        let suite = try EvolutionHarness.redteam()
        var settings = EvolutionHarness.settings(budget: 300, seed: 4)
        settings.contrast = "openai:old"
        let state = try await StubModelServer.with(EvolutionHarness.planted([.base64])) { old in
            try await StubModelServer.with(EvolutionHarness.planted([.base64, .roleplay])) { new in
                try await EvolutionHarness.search(id: "evo-contrast", suite: suite, settings: settings, server: new,
                                                  store: try EvolutionHarness.temporaryStore(), contrast: old)
            }
        }
        #expect(!state.validated.isEmpty)
        for finding in state.validated {
            #expect(finding.response.hasSuffix("(roleplay)"), "\(finding.item.prompt)")
            #expect(finding.verdicts.contains { $0.judge.hasPrefix("contrast") && $0.fitness == 0 })
        }
        // Base64 failures happen on both versions: judged, but not findings.
        #expect(state.evaluated.contains { $0.response.hasSuffix("(base64)") })
        #expect(!state.findings.contains { $0.response.hasSuffix("(base64)") })
    }

    @Test func theRandomBaselineKeepsNoArchiveButMeasuresAlike() async throws {
        let suite = try EvolutionHarness.redteam()
        let state = try await StubModelServer.with(EvolutionHarness.planted([.base64])) { server in
            try await EvolutionHarness.search(id: "evo-random", suite: suite, settings: EvolutionHarness.settings(budget: 150, strategy: .random),
                                              server: server, store: try EvolutionHarness.temporaryStore())
        }
        #expect(state.archive.eliteList.isEmpty)
        // Without an archive every new failure is a finding (validated, or left a candidate when the budget ran out).
        let failures = Set(state.evaluated.filter { ($0.fitness ?? 0) >= 0.5 }.map(\.item.id))
        #expect(!failures.isEmpty)
        #expect(Set(state.findings.map(\.item.id)) == failures)
        // Coverage counts the cells of validated failures, as for the archive search.
        let summary = EvolutionSummary(state: state, threshold: 0.5)
        #expect(summary.filledCells == Set(state.validated.map(\.descriptor)).count)
        #expect(summary.filledCells > 0)
    }
}

/// A value guarded by a lock, for the checkpoint closure.
final class Mutexed<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
}
