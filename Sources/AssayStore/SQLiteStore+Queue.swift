public import AssayCore
public import Foundation
import GRDB

/// The work queue of distributed runs on SQLite: one writer at a time, so a lease is one `UPDATE … RETURNING`.
extension SQLiteStore {
    public func enqueue(runID: String, units: [UnitKey]) async throws {
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO work_units (run_id, item_id, epoch) VALUES (?, ?, ?)")
            for unit in units { try insert.execute(arguments: [runID, unit.itemID, unit.epoch]) }
        }
    }

    public func lease(owner: String, limit: Int, seconds: Double, now: Date) async throws -> [QueuedUnit] {
        try await pool.write { db in
            try Row.fetchAll(db, sql: """
                UPDATE work_units SET state = 'leased', owner = ?, lease_until = ?, leases = leases + 1
                WHERE (run_id, item_id, epoch) IN (
                    SELECT run_id, item_id, epoch FROM work_units
                    WHERE state = 'pending' OR (state = 'leased' AND lease_until < ?)
                    ORDER BY run_id, item_id, epoch LIMIT ?)
                RETURNING run_id, item_id, epoch
                """, arguments: [owner, now.timeIntervalSince1970 + seconds, now.timeIntervalSince1970, max(0, limit)])
                .map { QueuedUnit(runID: $0[0], unit: UnitKey(itemID: $0[1], epoch: $0[2])) }
        }
    }

    @discardableResult
    public func renew(owner: String, units: [QueuedUnit], seconds: Double, now: Date) async throws -> [QueuedUnit] {
        try await pool.write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE work_units SET lease_until = ? WHERE run_id = ? AND item_id = ? AND epoch = ? AND state = 'leased' AND owner = ?
                """)
            return try units.filter { unit in
                try update.execute(arguments: [now.timeIntervalSince1970 + seconds, unit.runID, unit.unit.itemID, unit.unit.epoch, owner])
                return db.changesCount > 0
            }
        }
    }

    public func release(owner: String, units: [QueuedUnit]) async throws {
        try await pool.write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE work_units SET state = 'pending', owner = NULL, lease_until = NULL
                WHERE run_id = ? AND item_id = ? AND epoch = ? AND state = 'leased' AND owner = ?
                """)
            for unit in units { try update.execute(arguments: [unit.runID, unit.unit.itemID, unit.unit.epoch, owner]) }
        }
    }

    public func complete(_ results: [SampleResult]) async throws {
        guard !results.isEmpty else { return }
        let rows = try Self.sampleRows(results)
        let keys = results.map { [$0.sample.runID, $0.sample.itemID, $0.sample.epoch] as StatementArguments }
        try await pool.write { db in
            try Self.write(rows, db: db)
            let done = try db.cachedStatement(sql: "UPDATE work_units SET state = 'done', owner = NULL, lease_until = NULL WHERE run_id = ? AND item_id = ? AND epoch = ?")
            for key in keys { try done.execute(arguments: key) }
        }
    }

    public func queueCounts(runID: String) async throws -> QueueCounts {
        try await pool.read { db in
            var counts = QueueCounts(pending: 0, leased: 0, done: 0)
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*), SUM(leases > 1) FROM work_units WHERE run_id = ? GROUP BY state", arguments: [runID]) {
                let state: String = row[0]
                let n: Int = row[1]
                let reclaimed: Int = row[2]
                counts.reclaimed += reclaimed
                switch state {
                case "pending": counts.pending = n
                case "leased": counts.leased = n
                default: counts.done = n
                }
            }
            return counts
        }
    }
}
