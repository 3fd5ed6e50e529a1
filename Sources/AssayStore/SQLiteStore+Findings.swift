public import AssayCore
import Foundation
import GRDB

/// Findings, their linked samples, and the sources mining has read.
extension SQLiteStore {
    public func saveFindings(_ findings: [Finding], links: [FindingLink], sources: [MinedSource]) async throws {
        let encoder = JSONEncoder()
        let rows = try findings.map { finding -> (Finding, Int, String) in
            guard finding.id.hasPrefix("F-"), let number = Int(finding.id.dropFirst(2)) else {
                throw AssayError(.badInput, "finding id '\(finding.id)' is not F-N")
            }
            return (finding, number, String(decoding: try encoder.encode(finding), as: UTF8.self))
        }
        try await pool.write { db in
            for (finding, number, json) in rows {
                try db.execute(sql: """
                    INSERT INTO findings (id, number, status, finding, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, finding = excluded.finding, updated_at = excluded.updated_at
                    """, arguments: [finding.id, number, finding.status.rawValue, json,
                                     finding.createdAt.timeIntervalSince1970, finding.updatedAt.timeIntervalSince1970])
            }
            let link = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO finding_samples (source, item_id, epoch, finding_id, similarity) VALUES (?, ?, ?, ?, ?)
                """)
            for l in links {
                try link.execute(arguments: [l.key.source, l.key.itemID, l.key.epoch, l.finding, l.similarity])
            }
            let source = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO mined_sources (source, kind, suite, model, samples, failures, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for s in sources {
                try source.execute(arguments: [s.source, s.kind, s.suite, s.model, s.samples, s.failures, s.startedAt.timeIntervalSince1970])
            }
        }
    }

    public func findings() async throws -> [Finding] {
        let json: [String] = try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT finding FROM findings ORDER BY number")
        }
        let decoder = JSONDecoder()
        return try json.map { try decoder.decode(Finding.self, from: Data($0.utf8)) }
    }

    public func finding(id: String) async throws -> Finding? {
        // `F-3`, `f-3` and `3` all name finding 3.
        let digits = id.uppercased().hasPrefix("F-") ? String(id.dropFirst(2)) : id
        guard let number = Int(digits) else { return nil }
        let json: String? = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT finding FROM findings WHERE number = ?", arguments: [number])
        }
        return try json.map { try JSONDecoder().decode(Finding.self, from: Data($0.utf8)) }
    }

    public func findingLinks(finding: String?) async throws -> [FindingLink] {
        try await pool.read { db in
            let sql = "SELECT finding_id, source, item_id, epoch, similarity FROM finding_samples"
            let rows = try finding.map {
                try Row.fetchAll(db, sql: sql + " WHERE finding_id = ? ORDER BY source, item_id, epoch", arguments: [$0])
            } ?? Row.fetchAll(db, sql: sql + " ORDER BY finding_id, source, item_id, epoch")
            return rows.map { row in
                FindingLink(finding: row[0], key: FindingLink.Key(source: row[1], itemID: row[2], epoch: row[3]), similarity: row[4])
            }
        }
    }

    public func minedSources() async throws -> [MinedSource] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT source, kind, suite, model, samples, failures, started_at FROM mined_sources ORDER BY started_at, source")
                .map { row in
                    MinedSource(source: row[0], kind: row[1], suite: row[2], model: row[3], samples: row[4], failures: row[5],
                                startedAt: Date(timeIntervalSince1970: row[6]))
                }
        }
    }
}
