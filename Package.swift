// swift-tools-version: 6.1
import PackageDescription

/// One settings array for every target (the hummingbird convention).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "assay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayCore", targets: ["AssayCore"]),
        .library(name: "AssayProviders", targets: ["AssayProviders"]),
        .library(name: "AssayStore", targets: ["AssayStore"]),
        .library(name: "AssayEngine", targets: ["AssayEngine"]),
        .library(name: "AssayTestKit", targets: ["AssayTestKit"]),
        .library(name: "AssayServer", targets: ["AssayServer"]),
        .library(name: "AssayCharts", targets: ["AssayCharts"]),
        .library(name: "AssayEvolve", targets: ["AssayEvolve"]),
        .library(name: "AssayAnalysis", targets: ["AssayAnalysis"]),
        .library(name: "AssayLab", targets: ["AssayLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "AssayCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(
            name: "AssayProviders",
            dependencies: [
                "AssayCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "AssayStore",
            dependencies: [
                "AssayCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        .target(name: "AssayCharts", swiftSettings: settings),
        .target(
            name: "AssayAnalysis",
            dependencies: ["AssayCore", "AssayStore", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        /// glibc malloc settings the `assay` process applies at start (malloc.h is not part of Swift's Glibc module).
        .target(name: "CMallocTuning"),
        .target(name: "AssayLab", dependencies: ["AssayCore"], swiftSettings: settings),
        .target(name: "AssayEvolve", dependencies: ["AssayCore", "AssayProviders", "AssayStore"], swiftSettings: settings),
        .target(
            name: "AssayServer",
            dependencies: [
                "AssayCore", "AssayStore", "AssayEngine", "AssayCharts", "AssayEvolve", "AssayAnalysis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "AssaySuites",
            path: "suites",
            resources: [
                .copy("starter"), .copy("redteam"), .copy("omission"), .copy("honesty"), .copy("goodhart"), .copy("learning"),
                .copy("horizon"), .copy("persistence"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "AssayEngine",
            dependencies: [
                "AssayCore", "AssayProviders", "AssayStore", "AssaySuites",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "AssayTestKit",
            dependencies: [
                "AssayCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayCore", "AssayProviders", "AssayStore", "AssayEngine", "AssayServer", "AssayEvolve", "AssayAnalysis", "AssayLab", "CMallocTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "assay-stub",
            dependencies: ["AssayTestKit"],
            swiftSettings: settings
        ),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore", .product(name: "Yams", package: "Yams")], swiftSettings: settings),
        .testTarget(
            name: "AssayProvidersTests",
            dependencies: [
                "AssayProviders", "AssayTestKit", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        // The store contract: one set of checks every backend passes, run by the SQLite and PostgreSQL test targets.
        .target(name: "AssayStoreContract", dependencies: ["AssayStore", "AssayCore"], path: "Tests/AssayStoreContract", swiftSettings: settings),
        .testTarget(name: "AssayStoreTests", dependencies: ["AssayStore", "AssayStoreContract"], swiftSettings: settings),
        // Needs a PostgreSQL server: ASSAY_TEST_POSTGRES_URL (`.ci/postgres start` prints one); skipped without it.
        .testTarget(
            name: "AssayPostgresTests",
            dependencies: ["AssayStore", "AssayStoreContract", "AssayCore", "AssayTestKit", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings
        ),
        .testTarget(
            name: "AssayEngineTests",
            dependencies: ["AssayEngine", "AssayTestKit", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: settings
        ),
        .testTarget(name: "AssayAnalysisTests", dependencies: ["AssayAnalysis", "AssayCore", "AssayStore"], swiftSettings: settings),
        .testTarget(name: "AssayLabTests", dependencies: ["AssayLab", "AssayCore"], swiftSettings: settings),
        .testTarget(name: "AssayChartsTests", dependencies: ["AssayCharts"], swiftSettings: settings),
        .testTarget(
            name: "AssayEvolveTests",
            dependencies: [
                "AssayEvolve", "AssayCore", "AssayStore", "AssayProviders", "AssayTestKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "AssayServerTests",
            dependencies: [
                "AssayServer", "AssayStore", "AssayCore", "AssayEvolve",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: settings
        ),
        .testTarget(name: "AssayCLITests", dependencies: ["assay", "AssayCore", "AssayStore", "AssayTestKit", "CMallocTuning"], swiftSettings: settings),
    ]
)
