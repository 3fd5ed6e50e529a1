// swift-tools-version: 6.1
import PackageDescription

// Micro-benchmarks of Assay's hot paths (ordo-one/benchmark). A package of its own so that the main package
// and its CI never build the benchmark tooling. Run from this folder: `swift package benchmark` (see README.md).
let package = Package(
    name: "AssayBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The MallocInterposer trait alone: it gives the malloc metrics on Swift 6.3 without jemalloc, and leaves out
        // the default RuntimeInterposer trait, whose package is not mirrored on the build machines.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "assay", path: ".."),
    ],
    targets: [
        // Prompt rendering, scoring, statistics, chat-completion parsing: AssayCore only.
        .executableTarget(
            name: "AssayCoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AssayCore", package: "assay"),
            ],
            path: "Benchmarks/AssayCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // SQLite store writes and reads.
        .executableTarget(
            name: "AssayStoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AssayCore", package: "assay"),
                .product(name: "AssayStore", package: "assay"),
            ],
            path: "Benchmarks/AssayStoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
