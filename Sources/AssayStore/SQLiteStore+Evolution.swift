public import AssayCore
public import Foundation
import GRDB

/// Evolution records, standalone items and direct cache writes.
extension SQLiteStore {
    public func cacheResponse(key: String, response: CachedResponse) async throws {
        let text = try Codec.string(response)
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO response_cache (key, response, created_at) VALUES (?, ?, ?)",
                           arguments: [key, text, Date().timeIntervalSince1970])
        }
    }

    public func saveItems(_ items: [Item]) async throws {
        guard !items.isEmpty else { return }
        let rows: [StatementArguments] = try items.map { item in
            [item.id, try Codec.string(item.input), try Codec.string(item.target), try Codec.string(item.tags), item.cluster,
             try Codec.string(item.metadata), try Codec.string(item.provenance), item.provenance.origin.rawValue, item.provenance.parent]
        }
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO items (id, input, target, tags, cluster, metadata, provenance, origin, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows { try insert.execute(arguments: row) }
        }
    }

    public func item(id: String) async throws -> Item? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM items WHERE id = ?", arguments: [id]).map(Self.item)
        }
    }

    public func saveEvolution(_ record: EvolutionRecord, entries: [EvolutionEntry]) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO evolutions (id, suite_name, suite_version, target, config_hash, config, state, status, promoted_version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, status = excluded.status,
                    promoted_version = excluded.promoted_version, updated_at = excluded.updated_at
                """, arguments: [record.id, record.suiteName, record.suiteVersion, record.target, record.configHash, record.config,
                                 record.state, record.status.rawValue, record.promotedVersion, record.createdAt.timeIntervalSince1970,
                                 record.updatedAt.timeIntervalSince1970])
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO evolution_entries (evolution_id, seq, entry) VALUES (?, ?, ?)")
            for entry in entries { try insert.execute(arguments: [record.id, entry.seq, entry.json]) }
        }
    }

    public func evolutionEntries(id: String, count: Int) async throws -> [EvolutionEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, entry FROM evolution_entries WHERE evolution_id = ? AND seq < ? ORDER BY seq",
                             arguments: [id, count]).map { EvolutionEntry(seq: $0["seq"], json: $0["entry"]) }
        }
    }

    public func evolution(id: String) async throws -> EvolutionRecord? {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM evolutions WHERE id LIKE ? LIMIT 2", arguments: [id + "%"])
            guard rows.count == 1 else { return try Row.fetchOne(db, sql: "SELECT * FROM evolutions WHERE id = ?", arguments: [id]).map(Self.evolution) }
            return try Self.evolution(rows[0])
        }
    }

    public func evolutions(limit: Int) async throws -> [EvolutionRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM evolutions ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.evolution)
        }
    }

    public func resumableEvolution(suiteVersion: String, target: String, configHash: String) async throws -> EvolutionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM evolutions WHERE suite_version = ? AND target = ? AND config_hash = ? AND status IN ('running', 'interrupted', 'failed')
                ORDER BY created_at DESC LIMIT 1
                """, arguments: [suiteVersion, target, configHash]).map(Self.evolution)
        }
    }

    private static func evolution(_ row: Row) throws -> EvolutionRecord {
        EvolutionRecord(
            id: row["id"], suiteName: row["suite_name"], suiteVersion: row["suite_version"], target: row["target"],
            configHash: row["config_hash"], config: row["config"], state: row["state"],
            status: EvolutionRecord.Status(rawValue: row["status"]) ?? .failed, promotedVersion: row["promoted_version"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
