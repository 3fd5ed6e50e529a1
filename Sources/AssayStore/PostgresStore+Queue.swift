public import AssayCore
public import Foundation
import PostgresNIO

/// The work queue of distributed runs on PostgreSQL: leases take rows with `FOR UPDATE SKIP LOCKED`, so workers
/// leasing at the same moment take different units without waiting on each other.
extension PostgresStore {
    public func enqueue(runID: String, units: [UnitKey]) async throws {
        let logger = self.logger
        // In chunks of 1,000 rows per statement (unnest of two arrays), so a large run is queued in a few round trips.
        for start in Swift.stride(from: 0, to: units.count, by: 1_000) {
            let chunk = units[start..<min(units.count, start + 1_000)]
            let items = chunk.map(\.itemID), epochs = chunk.map(\.epoch)
            try await transaction { db in
                try await db.query("""
                    INSERT INTO work_units (run_id, item_id, epoch) SELECT \(runID), i, e FROM unnest(\(items)::text[], \(epochs)::bigint[]) AS u(i, e)
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func lease(owner: String, limit: Int, seconds: Double, now: Date) async throws -> [QueuedUnit] {
        let until = now.timeIntervalSince1970 + seconds, at = now.timeIntervalSince1970
        return try await execute("""
            UPDATE work_units SET state = 'leased', owner = \(owner), lease_until = \(until), leases = leases + 1
            WHERE (run_id, item_id, epoch) IN (
                SELECT run_id, item_id, epoch FROM work_units
                WHERE state = 'pending' OR (state = 'leased' AND lease_until < \(at))
                ORDER BY run_id, item_id, epoch LIMIT \(max(0, limit)) FOR UPDATE SKIP LOCKED)
            RETURNING run_id, item_id, epoch
            """).map { QueuedUnit(runID: try $0[0].decode(String.self), unit: UnitKey(itemID: try $0[1].decode(String.self), epoch: try $0[2].decode(Int.self))) }
    }

    @discardableResult
    public func renew(owner: String, units: [QueuedUnit], seconds: Double, now: Date) async throws -> [QueuedUnit] {
        guard !units.isEmpty else { return [] }
        let until = now.timeIntervalSince1970 + seconds
        let (runs, items, epochs) = (units.map(\.runID), units.map(\.unit.itemID), units.map(\.unit.epoch))
        return try await execute("""
            UPDATE work_units w SET lease_until = \(until)
            FROM unnest(\(runs)::text[], \(items)::text[], \(epochs)::bigint[]) AS u(r, i, e)
            WHERE w.run_id = u.r AND w.item_id = u.i AND w.epoch = u.e AND w.state = 'leased' AND w.owner = \(owner)
            RETURNING w.run_id, w.item_id, w.epoch
            """).map { QueuedUnit(runID: try $0[0].decode(String.self), unit: UnitKey(itemID: try $0[1].decode(String.self), epoch: try $0[2].decode(Int.self))) }
    }

    public func release(owner: String, units: [QueuedUnit]) async throws {
        guard !units.isEmpty else { return }
        let (runs, items, epochs) = (units.map(\.runID), units.map(\.unit.itemID), units.map(\.unit.epoch))
        try await execute("""
            UPDATE work_units w SET state = 'pending', owner = NULL, lease_until = NULL
            FROM unnest(\(runs)::text[], \(items)::text[], \(epochs)::bigint[]) AS u(r, i, e)
            WHERE w.run_id = u.r AND w.item_id = u.i AND w.epoch = u.e AND w.state = 'leased' AND w.owner = \(owner)
            """)
    }

    public func complete(_ results: [SampleResult]) async throws {
        guard !results.isEmpty else { return }
        let logger = self.logger
        let (runs, items, epochs) = (results.map(\.sample.runID), results.map(\.sample.itemID), results.map(\.sample.epoch))
        try await transaction { db in
            try await Self.write(results, db: db, logger: logger)
            try await db.query("""
                UPDATE work_units w SET state = 'done', owner = NULL, lease_until = NULL
                FROM unnest(\(runs)::text[], \(items)::text[], \(epochs)::bigint[]) AS u(r, i, e)
                WHERE w.run_id = u.r AND w.item_id = u.i AND w.epoch = u.e
                """, logger: logger)
        }
    }

    public func queueCounts(runID: String) async throws -> QueueCounts {
        var counts = QueueCounts(pending: 0, leased: 0, done: 0)
        for row in try await execute("SELECT state, COUNT(*), COUNT(*) FILTER (WHERE leases > 1) FROM work_units WHERE run_id = \(runID) GROUP BY state") {
            let n = try row[1].decode(Int.self)
            counts.reclaimed += try row[2].decode(Int.self)
            switch try row[0].decode(String.self) {
            case "pending": counts.pending = n
            case "leased": counts.leased = n
            default: counts.done = n
            }
        }
        return counts
    }
}
