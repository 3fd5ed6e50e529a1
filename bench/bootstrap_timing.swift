// Times `Statistics.bootstrapMean` as `assay` runs it: bench/peers.py compiles this file with `swiftc -O` against the
// release build's AssayCore objects (the same machine code the `assay` binary carries) and reads the JSON it prints.
//
//     bootstrap_timing [ITERATIONS]
//
// One iteration: a percentile bootstrap of the mean of 100,000 values with 10,000 resamples, for 100,000 distinct
// continuous values (the index-resampling path) and for 100,000 pass/fail values (the multinomial path). Prints
// {"continuous": {"wall": [s...], "cpu": [s...]}, "pass_fail": {...}, "interval": [low, high]}.
import AssayCore
import Foundation

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5 : 5
var g = SeededGenerator(seed: 4)
let continuous = (0..<100_000).map { _ in Double.random(in: 0..<1, using: &g) }
let passFail = (0..<100_000).map { _ in Double.random(in: 0..<1, using: &g) < 0.7 ? 1.0 : 0.0 }
var out: [String: Any] = [:]
var interval: [Double] = []
for (name, values) in [("continuous", continuous), ("pass_fail", passFail)] {
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<iterations {
        let clock = ContinuousClock()
        let cpu = cpuSeconds()
        let start = clock.now
        let result = Statistics.bootstrapMean(values: values, resamples: 10_000, seed: 42)
        let wall = start.duration(to: clock.now)
        walls.append(Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
        cpus.append(cpuSeconds() - cpu)
        if name == "continuous" { interval = [result.low, result.high] }
    }
    out[name] = ["wall": walls, "cpu": cpus]
}
out["interval"] = interval
print(String(decoding: try JSONSerialization.data(withJSONObject: out), as: UTF8.self))
