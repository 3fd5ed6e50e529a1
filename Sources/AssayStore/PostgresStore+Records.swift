public import AssayCore
public import Foundation
import PostgresNIO

/// Evolutions, series and findings on PostgreSQL, as ``SQLiteStore`` keeps them.
extension PostgresStore {
    // MARK: Evolutions

    public func saveEvolution(_ record: EvolutionRecord, entries: [EvolutionEntry]) async throws {
        let logger = self.logger
        try await transaction { db in
            try await db.query("""
                INSERT INTO evolutions (id, suite_name, suite_version, target, config_hash, config, state, status, promoted_version, created_at, updated_at)
                VALUES (\(record.id), \(record.suiteName), \(record.suiteVersion), \(record.target), \(record.configHash), \(record.config),
                        \(record.state), \(record.status.rawValue), \(record.promotedVersion), \(record.createdAt.timeIntervalSince1970),
                        \(record.updatedAt.timeIntervalSince1970))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, status = excluded.status,
                    promoted_version = excluded.promoted_version, updated_at = excluded.updated_at
                """, logger: logger)
            for entry in entries {
                try await db.query("""
                    INSERT INTO evolution_entries (evolution_id, seq, entry) VALUES (\(record.id), \(entry.seq), \(entry.json))
                    ON CONFLICT (evolution_id, seq) DO UPDATE SET entry = excluded.entry
                    """, logger: logger)
            }
        }
    }

    public func evolutionEntries(id: String, count: Int) async throws -> [EvolutionEntry] {
        try await execute("SELECT seq, entry FROM evolution_entries WHERE evolution_id = \(id) AND seq < \(count) ORDER BY seq").map {
            EvolutionEntry(seq: try $0[0].decode(Int.self), json: try $0[1].decode(String.self))
        }
    }

    public func evolution(id: String) async throws -> EvolutionRecord? {
        let rows = try await execute("SELECT * FROM evolutions WHERE id LIKE \(id + "%") LIMIT 2")
        guard rows.count == 1 else { return try await execute("SELECT * FROM evolutions WHERE id = \(id)").first.map(Self.evolution) }
        return try Self.evolution(rows[0])
    }

    public func evolutions(limit: Int) async throws -> [EvolutionRecord] {
        try await execute("SELECT * FROM evolutions ORDER BY created_at DESC LIMIT \(limit)").map(Self.evolution)
    }

    public func resumableEvolution(suiteVersion: String, target: String, configHash: String) async throws -> EvolutionRecord? {
        try await execute("""
            SELECT * FROM evolutions WHERE suite_version = \(suiteVersion) AND target = \(target) AND config_hash = \(configHash)
            AND status IN ('running', 'interrupted', 'failed') ORDER BY created_at DESC LIMIT 1
            """).first.map(Self.evolution)
    }

    private static func evolution(_ row: PostgresRandomAccessRow) throws -> EvolutionRecord {
        EvolutionRecord(
            id: try row["id"].decode(String.self), suiteName: try row["suite_name"].decode(String.self),
            suiteVersion: try row["suite_version"].decode(String.self), target: try row["target"].decode(String.self),
            configHash: try row["config_hash"].decode(String.self), config: try row["config"].decode(String.self),
            state: try row["state"].decode(String.self),
            status: EvolutionRecord.Status(rawValue: try row["status"].decode(String.self)) ?? .failed,
            promotedVersion: try row["promoted_version"].decode(String?.self),
            createdAt: try date(row["created_at"]), updatedAt: try date(row["updated_at"]))
    }

    // MARK: Series

    public func saveSeries(_ points: [SeriesPoint]) async throws {
        guard !points.isEmpty else { return }
        let logger = self.logger
        try await transaction { db in
            for p in points {
                try await db.query("""
                    INSERT INTO series_points (series, axis, metric, value, n, stderr, run_id) VALUES (\(p.series), \(p.axis), \(p.metric), \(p.value), \(p.n), \(p.stderr), \(p.run))
                    ON CONFLICT (series, metric, axis) DO UPDATE SET value = excluded.value, n = excluded.n, stderr = excluded.stderr, run_id = excluded.run_id
                    """, logger: logger)
            }
        }
    }

    public func series(name: String) async throws -> [SeriesPoint] {
        try await execute("SELECT series, axis, metric, value, n, stderr, run_id FROM series_points WHERE series = \(name) ORDER BY metric, axis").map { row in
            SeriesPoint(series: try row[0].decode(String.self), axis: try row[1].decode(Double.self), metric: try row[2].decode(String.self),
                        value: try row[3].decode(Double.self), n: try row[4].decode(Int.self), stderr: try row[5].decode(Double?.self),
                        run: try row[6].decode(String?.self))
        }
    }

    public func seriesList() async throws -> [SeriesInfo] {
        try await execute("""
            SELECT series, COUNT(*), STRING_AGG(DISTINCT metric, ','), MIN(axis), MAX(axis) FROM series_points GROUP BY series ORDER BY series
            """).map { row in
            let metrics = (try row[2].decode(String?.self) ?? "").split(separator: ",").map(String.init).sorted()
            return SeriesInfo(name: try row[0].decode(String.self), points: try row[1].decode(Int.self), metrics: metrics,
                              axisRange: try row[3].decode(Double.self)...(try row[4].decode(Double.self)))
        }
    }

    // MARK: Findings

    public func saveFindings(_ findings: [Finding], links: [FindingLink], sources: [MinedSource]) async throws {
        let encoder = JSONEncoder()
        let rows = try findings.map { finding -> (Finding, Int, String) in
            guard finding.id.hasPrefix("F-"), let number = Int(finding.id.dropFirst(2)) else {
                throw AssayError(.badInput, "finding id '\(finding.id)' is not F-N")
            }
            return (finding, number, String(decoding: try encoder.encode(finding), as: UTF8.self))
        }
        let logger = self.logger
        try await transaction { db in
            for (finding, number, json) in rows {
                try await db.query("""
                    INSERT INTO findings (id, number, status, finding, created_at, updated_at)
                    VALUES (\(finding.id), \(number), \(finding.status.rawValue), \(json), \(finding.createdAt.timeIntervalSince1970), \(finding.updatedAt.timeIntervalSince1970))
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, finding = excluded.finding, updated_at = excluded.updated_at
                    """, logger: logger)
            }
            for l in links {
                try await db.query("""
                    INSERT INTO finding_samples (source, item_id, epoch, finding_id, similarity) VALUES (\(l.key.source), \(l.key.itemID), \(l.key.epoch), \(l.finding), \(l.similarity))
                    ON CONFLICT (source, item_id, epoch) DO UPDATE SET finding_id = excluded.finding_id, similarity = excluded.similarity
                    """, logger: logger)
            }
            for s in sources {
                try await db.query("""
                    INSERT INTO mined_sources (source, kind, suite, model, samples, failures, started_at)
                    VALUES (\(s.source), \(s.kind), \(s.suite), \(s.model), \(s.samples), \(s.failures), \(s.startedAt.timeIntervalSince1970))
                    ON CONFLICT (source) DO UPDATE SET kind = excluded.kind, suite = excluded.suite, model = excluded.model, samples = excluded.samples,
                        failures = excluded.failures, started_at = excluded.started_at
                    """, logger: logger)
            }
        }
    }

    public func findings() async throws -> [Finding] {
        let decoder = JSONDecoder()
        return try await execute("SELECT finding FROM findings ORDER BY number").map {
            try decoder.decode(Finding.self, from: Data(try $0[0].decode(String.self).utf8))
        }
    }

    public func finding(id: String) async throws -> Finding? {
        let digits = id.uppercased().hasPrefix("F-") ? String(id.dropFirst(2)) : id
        guard let number = Int(digits) else { return nil }
        return try await execute("SELECT finding FROM findings WHERE number = \(number)").first.map {
            try JSONDecoder().decode(Finding.self, from: Data(try $0[0].decode(String.self).utf8))
        }
    }

    public func findingLinks(finding: String?) async throws -> [FindingLink] {
        let rows: [PostgresRandomAccessRow]
        if let finding {
            rows = try await execute("SELECT finding_id, source, item_id, epoch, similarity FROM finding_samples WHERE finding_id = \(finding) ORDER BY source, item_id, epoch")
        } else {
            rows = try await execute("SELECT finding_id, source, item_id, epoch, similarity FROM finding_samples ORDER BY finding_id, source, item_id, epoch")
        }
        return try rows.map { row in
            FindingLink(finding: try row[0].decode(String.self),
                        key: FindingLink.Key(source: try row[1].decode(String.self), itemID: try row[2].decode(String.self), epoch: try row[3].decode(Int.self)),
                        similarity: try row[4].decode(Double.self))
        }
    }

    public func minedSources() async throws -> [MinedSource] {
        try await execute("SELECT source, kind, suite, model, samples, failures, started_at FROM mined_sources ORDER BY started_at, source").map { row in
            MinedSource(source: try row[0].decode(String.self), kind: try row[1].decode(String.self), suite: try row[2].decode(String.self),
                        model: try row[3].decode(String.self), samples: try row[4].decode(Int.self), failures: try row[5].decode(Int.self),
                        startedAt: try Self.date(row[6]))
        }
    }
}
