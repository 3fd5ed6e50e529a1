import AssayCore
import Benchmark

// Prompt rendering, scoring, statistics and chat-completion parsing (AssayCore). Batch benchmarks measure one
// batch per iteration (1,000 items, responses or bodies), so their figures are per 1,000.

/// Tolerances for `swift package benchmark thresholds check` against the p90 values in Thresholds/: the shared
/// 2-core machine varies by about ±25% in time, while allocation counts are nearly deterministic.
var tolerances: [BenchmarkMetric: BenchmarkThresholds] {
    [
        .wallClock: .init(relative: [.p90: 35]),
        .cpuTotal: .init(relative: [.p90: 30]),
        .mallocCountTotal: .init(relative: [.p90: 5]),
        .peakMemoryResident: .init(relative: [.p90: 20]),
    ]
}

/// A fast benchmark: a few seconds at most, warmed up once.
func quick(_ metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal]) -> Benchmark.Configuration {
    .init(metrics: metrics, timeUnits: .microseconds, warmupIterations: 1, maxDuration: .seconds(2), maxIterations: 200,
          thresholds: tolerances)
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
    Benchmark("Bootstrap mean 100k×10k, pass/fail",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(3),
                                   maxIterations: 50, thresholds: tolerances)) { benchmark in
        blackHole(Statistics.bootstrapMean(values: passFail100k, resamples: 10_000, seed: 42))
    }

    // The target: under 1 second for 100,000 samples and 10,000 resamples.
    Benchmark("Bootstrap mean 100k×10k, continuous",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10),
                                   maxIterations: 5, thresholds: tolerances)) { benchmark in
        blackHole(Statistics.bootstrapMean(values: continuous100k, resamples: 10_000, seed: 42))
    }

    Benchmark("Wilson interval ×1000", configuration: quick([.wallClock, .mallocCountTotal])) { benchmark in
        for k in 0..<1000 {
            blackHole(Statistics.wilsonInterval(successes: Double(k), n: 1000))
        }
    }

    Benchmark("Clustered SE 100k, 1000 clusters",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(2),
                                   maxIterations: 100, thresholds: tolerances)) { benchmark in
        blackHole(Statistics.clusteredStandardError(values: passFail100k, clusters: clusters100k))
    }

    Benchmark("Metric from 100k units, 1000 clusters",
              configuration: .init(metrics: stats, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(2),
                                   maxIterations: 100, thresholds: tolerances)) { benchmark in
        blackHole(MetricCalculator.metric(scorer: "exact_match", continuous: false, units: units100k))
    }

    // MARK: Chat completions

    Benchmark("Parse chat completion ×1000", configuration: quick()) { benchmark in
        for _ in 0..<1000 {
            blackHole(readCompletion(chatBody))
        }
    }

    Benchmark("Parse chat completion, 256 logprobs ×1000", configuration: quick()) { benchmark in
        for _ in 0..<1000 {
            blackHole(readCompletion(chatBodyWithLogprobs))
        }
    }
}
