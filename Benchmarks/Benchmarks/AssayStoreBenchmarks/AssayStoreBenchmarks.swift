import AssayCore
import AssayStore
import Benchmark
import Foundation

// SQLite store writes and reads (AssayStore), on a database file in a fresh temporary folder.

let runID = "bench-run"
let sampleCount = 5000
let batchSize = 512

/// Samples recorded per second of wall clock, measured inside the benchmark around the writes alone.
var samplesPerSecond: BenchmarkMetric { .custom("Samples per second", polarity: .prefersLarger, useScalingFactor: false) }

var tolerances: [BenchmarkMetric: BenchmarkThresholds] {
    [
        .wallClock: .init(relative: [.p90: 35]),
        .cpuTotal: .init(relative: [.p90: 30]),
        .mallocCountTotal: .init(relative: [.p90: 5]),
        .peakMemoryResident: .init(relative: [.p90: 20]),
        samplesPerSecond: .init(relative: [.p90: 35]),
    ]
}

/// 5,000 samples of one epoch, each with its rendered prompt, a completion with usage, and one exact-match score,
/// cut into the batches the engine records (512 samples at most).
let batches: [[SampleResult]] = {
    let created = Date(timeIntervalSince1970: 1_767_225_600)
    let results = (0..<sampleCount).map { i in
        let sample = Sample(
            runID: runID, itemID: String(format: "%064x", i), epoch: 0,
            messages: [.system("You are taking a multiple-choice test on geography. Answer with the letter of the correct option only."),
                       .user("Question: Which of these cities is the capital in passage \(i)?\nA. Paris\nB. Lyon\nC. Marseille\nD. Toulouse\nAnswer:")],
            completion: Completion(text: i % 4 == 0 ? "B" : "The answer is A.", usage: Usage(promptTokens: 62, completionTokens: 6),
                                   finishReason: "stop", model: "qwen2.5-7b-instruct-q4_k_m"),
            attempts: 1, latency: 0.25 + Double(i % 100) / 1000, createdAt: created.addingTimeInterval(Double(i) / 10))
        let score: Score = i % 4 == 0 ? .fail("exact_match", "picked B, correct A") : .pass("exact_match", "picked A")
        return SampleResult(sample: sample, scores: [score])
    }
    return stride(from: 0, to: results.count, by: batchSize).map { Array(results[$0..<min($0 + batchSize, results.count)]) }
}()

/// A store in a new temporary folder, with the run the samples belong to.
func freshStore() async throws -> (store: SQLiteStore, folder: URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-bench-\(UUID().uuidString)")
    let store = try SQLiteStore(path: folder.appendingPathComponent("assay.sqlite").path)
    try await store.createRun(RunRecord(
        id: runID, suiteName: "bench", suiteVersion: "bench-v1", model: "stub", configHash: "bench",
        config: RunConfig(generation: GenerationParameters(), scorers: ["exact_match"])))
    return (store, folder)
}

/// The store the read benchmark queries, filled once by its setup hook.
final class FilledStore: @unchecked Sendable {
    var store: SQLiteStore?
    var folder: URL?
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("Record 5000 samples, batches of 512, fresh SQLite",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, samplesPerSecond],
                                   timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 30,
                                   thresholds: tolerances)) { benchmark in
        let (store, folder) = try await freshStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ContinuousClock()
        benchmark.startMeasurement()
        let start = clock.now
        for batch in batches {
            try await store.record(batch)
        }
        let elapsed = clock.now - start
        benchmark.stopMeasurement()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(samplesPerSecond, Int((Double(sampleCount) / seconds).rounded()))
    }

    let filled = FilledStore()
    Benchmark("Item aggregates of 5000 samples",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .milliseconds,
                                   warmupIterations: 1, maxDuration: .seconds(2), maxIterations: 200, thresholds: tolerances),
              closure: { benchmark in
                  blackHole(try await filled.store!.itemAggregates(runID: runID))
              },
              setup: {
                  let (store, folder) = try await freshStore()
                  for batch in batches { try await store.record(batch) }
                  filled.store = store
                  filled.folder = folder
              },
              teardown: {
                  filled.store = nil
                  if let folder = filled.folder { try? FileManager.default.removeItem(at: folder) }
              })
}
