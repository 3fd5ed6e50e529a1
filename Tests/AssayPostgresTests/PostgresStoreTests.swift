import AssayCore
import AssayStore
import AssayStoreContract
import Foundation
import Logging
import PostgresNIO
import Testing

/// A PostgreSQL server for the tests: `ASSAY_TEST_POSTGRES_URL` (`.ci/postgres start` starts one and prints it). Each
/// test gets a database of its own, made from the server's `postgres` database.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"]
    static var available: Bool { url != nil }

    /// A new, empty database on the test server; returns its URL.
    static func fresh() async throws -> String {
        let base = try #require(url)
        var parts = try #require(URLComponents(string: base))
        let name = "assay_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let configuration = PostgresClient.Configuration(host: parts.host ?? "127.0.0.1", port: parts.port ?? 5432, username: parts.user ?? "postgres",
                                                         password: parts.password, database: String(parts.path.dropFirst()), tls: .disable)
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        parts.path = "/" + name
        return try #require(parts.string)
    }
}

@Suite("PostgreSQL store", .enabled(if: TestDatabase.available))
struct PostgresStoreTests {
    /// The checks every backend passes (`AssayStoreContract`), each on a fresh database.
    @Test(arguments: StoreContract.names)
    func contract(_ check: String) async throws {
        try await StoreContract.run(check) { try PostgresStore(url: try await TestDatabase.fresh()) }
    }

    @Test func processesStartingTogetherApplyTheMigrationsOnce() async throws {
        let url = try await TestDatabase.fresh()
        // Eight stores open the same new database at once; the advisory lock serialises their migrations.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await PostgresStore(url: url).suiteVersions(name: nil).count }
            }
            for try await count in group { #expect(count == 0) }
        }
        let store = try PostgresStore(url: url)
        try await store.saveSuite(Suite(config: SuiteConfig(name: "x"), items: [Item(prompt: "p", target: .none)]))
        #expect(try await PostgresStore(url: url).suiteVersions(name: "x").count == 1)
    }

    @Test func aWrongServerIsAClearError() async throws {
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:1/none", connectTimeout: 2)
        let error = await #expect(throws: AssayError.self) { _ = try await store.runs(limit: 1) }
        #expect(error?.message.contains("cannot open the store at postgres://postgres@127.0.0.1:1/none") == true)
    }
}
