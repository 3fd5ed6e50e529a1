public import AssayCore
import GRDB

/// Series points (ladders).
extension SQLiteStore {
    public func saveSeries(_ points: [SeriesPoint]) async throws {
        guard !points.isEmpty else { return }
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO series_points (series, axis, metric, value, n, stderr, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for p in points {
                try insert.execute(arguments: [p.series, p.axis, p.metric, p.value, p.n, p.stderr, p.run])
            }
        }
    }

    public func series(name: String) async throws -> [SeriesPoint] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT series, axis, metric, value, n, stderr, run_id FROM series_points WHERE series = ? ORDER BY metric, axis",
                             arguments: [name]).map { row in
                SeriesPoint(series: row[0], axis: row[1], metric: row[2], value: row[3], n: row[4], stderr: row[5], run: row[6])
            }
        }
    }

    public func seriesList() async throws -> [SeriesInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT series, COUNT(*), GROUP_CONCAT(DISTINCT metric), MIN(axis), MAX(axis) FROM series_points GROUP BY series ORDER BY series
                """).map { row in
                let metrics = (row[2] as String? ?? "").split(separator: ",").map(String.init).sorted()
                let low: Double = row[3], high: Double = row[4]
                return SeriesInfo(name: row[0], points: row[1], metrics: metrics, axisRange: low...high)
            }
        }
    }
}
