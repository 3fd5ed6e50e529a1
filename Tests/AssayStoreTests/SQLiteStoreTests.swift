import AssayCore
import Foundation
import AssayStoreContract
import Testing
@testable import AssayStore

@Suite struct SQLiteStoreTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "assay-store-\(UUID().uuidString)/assay.db"
    }

    static func suite(_ n: Int = 3) -> Suite {
        let items = (0..<n).map { Item(prompt: "What is \($0) + 1?", target: .number(Double($0 + 1)), tags: ["arithmetic"], cluster: $0 % 2 == 0 ? "even" : nil) }
        return Suite(config: SuiteConfig(name: "tiny", scorers: [ScorerSpec(type: "exact_match", normalize: "number")]), items: items)
    }

    /// The checks every backend passes (`AssayStoreContract`), on a fresh SQLite file each.
    @Test(arguments: StoreContract.names)
    func contract(_ check: String) async throws {
        try await StoreContract.run(check) { try SQLiteStore(path: Self.temporaryPath()) }
    }

    @Test func survivesReopeningAndRunsMigrationsOnce() async throws {
        let path = Self.temporaryPath()
        do {
            let store = try SQLiteStore(path: path)
            try await store.saveSuite(Self.suite())
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.suiteVersions(name: nil).count == 1)
    }

    @Test func postgresURLsOpenAPostgresStoreWithoutShowingThePassword() throws {
        let store = try StoreFactory.open("postgres://assay:secret@db.example:6543/evals")
        #expect(store is PostgresStore)
        #expect(store.location == "postgres://assay@db.example:6543/evals")
        let bad = #expect(throws: AssayError.self) { _ = try StoreFactory.open("postgres://:secret@/x") }
        #expect(bad?.code == .badInput && bad?.message.contains("secret") == false)
    }

    @Test func bothBackendsHaveTheSameNamedMigrations() {
        #expect(Migrations.all.map(\.name) == PostgresMigrations.all.map(\.name))
    }
}
