import AssayCore
import Benchmark

// Prompt rendering, scoring, statistics and chat-completion parsing (AssayCore). Batch benchmarks measure one
// batch per iteration (1,000 items, responses or bodies; 100 of the large bodies), so their figures are per batch.

/// Tolerances for `swift package benchmark thresholds check` against the p90 values in Thresholds/: the shared
/// 2-core machine varies by about ±25% in time, while allocation counts are nearly deterministic. Where the count is
/// small and moves with thread scheduling (Dispatch workers, the benchmark's own threads), `mallocSlack` allows an
/// absolute difference instead of 5%: a real regression (an allocation per resample or per item) adds thousands.
func tolerances(mallocSlack: Int? = nil) -> [BenchmarkMetric: BenchmarkThresholds] {
    [
        .wallClock: .init(relative: [.p90: 35]),
        .cpuTotal: .init(relative: [.p90: 30]),
        .mallocCountTotal: mallocSlack.map { .init(absolute: [.p90: $0]) } ?? .init(relative: [.p90: 5]),
        .peakMemoryResident: .init(relative: [.p90: 20]),
    ]
}

/// A fast benchmark: a few seconds at most, warmed up once. No CPU time: Linux reports it in 10 ms ticks, as long as
/// a whole iteration here.
func quick(_ metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]) -> Benchmark.Configuration {
    .init(metrics: metrics, timeUnits: .microseconds, warmupIterations: 1, maxDuration: .seconds(2), maxIterations: 200,
          thresholds: tolerances())
}

let benchmarks: @Sendable () -> Void = {
    // MARK: Prompt rendering

    Benchmark("Render prompt ×1000 (system, 3 few-shot, choices)", configuration: quick()) { benchmark in
        for item in renderItems {
            blackHole(PromptRenderer.messages(for: item, template: promptTemplate))
        }
    }

    // MARK: Scoring

    let exactNumber = ExactMatchScorer(normalize: .number)
    Benchmark("Score exact match, number ×1000", configuration: quick()) { benchmark in
        for r in numberResponses {
            blackHole(await exactNumber.score(item: r.item, sample: r.sample))
        }
    }

    let letter = MultipleChoiceScorer(by: .letter)
    Benchmark("Score multiple choice, letter ×1000", configuration: quick()) { benchmark in
        for r in letterResponses {
            blackHole(await letter.score(item: r.item, sample: r.sample))
        }
    }

    let editDistance = TokenEditDistanceScorer()
    Benchmark("Score token edit distance ×1000", configuration: quick()) { benchmark in
        for r in textResponses {
            blackHole(await editDistance.score(item: r.item, sample: r.sample))
        }
    }

    // MARK: Statistics

    let stats: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident]
    Benchmark("Bootstrap mean 100k×10k, pass-fail",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(3),
                                   maxIterations: 50, thresholds: tolerances(mallocSlack: 500))) { benchmark in
        blackHole(Statistics.bootstrapMean(values: passFail100k, resamples: 10_000, seed: 42))
    }

    // The target: under 1 second for 100,000 samples and 10,000 resamples.
    Benchmark("Bootstrap mean 100k×10k, continuous",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10),
                                   maxIterations: 5, thresholds: tolerances(mallocSlack: 2000))) { benchmark in
        blackHole(Statistics.bootstrapMean(values: continuous100k, resamples: 10_000, seed: 42))
    }

    Benchmark("Wilson interval ×1000", configuration: quick([.wallClock, .mallocCountTotal])) { benchmark in
        for k in 0..<1000 {
            blackHole(Statistics.wilsonInterval(successes: Double(k), n: 1000))
        }
    }

    Benchmark("Clustered SE 100k, 1000 clusters",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(2),
                                   maxIterations: 100, thresholds: tolerances())) { benchmark in
        blackHole(Statistics.clusteredStandardError(values: passFail100k, clusters: clusters100k))
    }

    Benchmark("Metric from 100k units, 1000 clusters",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(2),
                                   maxIterations: 100, thresholds: tolerances(mallocSlack: 500))) { benchmark in
        blackHole(MetricCalculator.metric(scorer: "exact_match", continuous: false, units: units100k))
    }

    // MARK: Chat completions

    Benchmark("Parse chat completion ×1000", configuration: quick()) { benchmark in
        for _ in 0..<1000 {
            blackHole(readCompletion(chatBody))
        }
    }

    // About 1 ms a body: 100 per iteration, so that a run has more than a handful of samples.
    Benchmark("Parse chat completion, 256 logprobs ×100", configuration: quick()) { benchmark in
        for _ in 0..<100 {
            blackHole(readCompletion(chatBodyWithLogprobs))
        }
    }
}
