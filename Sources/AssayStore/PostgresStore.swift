public import AssayCore
public import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL backend (postgres-nio): the same ``Store`` as ``SQLiteStore``, for stores shared by many machines.
///
/// The client's connection pool runs in a task the store owns; migrations run once, under an advisory lock so that
/// processes starting together do not race, before the first query. A dropped connection is re-established by the
/// pool on the next query.
public final class PostgresStore: Store {
    /// `postgres://user@host:port/database`, never the password.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let migrated: Task<Void, any Error>

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`); the password
    /// may also come from `PGPASSWORD`. A server that cannot be reached within `connectTimeout` seconds fails the first
    /// query with a clear error instead of waiting on the pool's reconnect loop.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment, connectTimeout: Double = 60) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""), let host = parts.host, !host.isEmpty else {
            throw AssayError(.badInput, "--db: '\(Self.redacted(url))' is not postgres://user@host[:port]/database")
        }
        let database = String(parts.path.drop { $0 == "/" })
        let user = parts.user ?? environment["PGUSER"] ?? "postgres"
        let password = parts.password ?? environment["PGPASSWORD"]
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? (["127.0.0.1", "localhost", "::1"].contains(host) ? "disable" : "prefer")
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: user, password: password,
                                                         database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.maximumConnections = 8
        location = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database)"
        var logger = Logger(label: "assay.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        let location = self.location
        migrated = Task { [logger] in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.migrate(client, logger: logger, location: location) }
                group.addTask {
                    try await Task.sleep(for: .seconds(connectTimeout))
                    throw AssayError(.runtime, "cannot open the store at \(location): no connection within \(Int(connectTimeout)) s")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    deinit {
        runner.cancel()
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }

    /// Applies the migrations not yet recorded in `assay_migrations`, all in one transaction that first takes a
    /// transaction-level advisory lock: concurrent processes apply each migration once, and the lock is released by
    /// the commit or the rollback, even when the process is cancelled or dies halfway.
    static func migrate(_ client: PostgresClient, logger: Logger, location: String) async throws {
        do {
            try await client.withTransaction(logger: logger) { tx in
                try await tx.query("SELECT pg_advisory_xact_lock(4243)", logger: logger)
                try await tx.query("CREATE TABLE IF NOT EXISTS assay_migrations (name TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
                                   logger: logger)
                var applied: Set<String> = []
                for try await name in try await tx.query("SELECT name FROM assay_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                    for statement in migration.sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                        try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await tx.query("INSERT INTO assay_migrations (name, applied_at) VALUES (\(migration.name), \(Date().timeIntervalSince1970))",
                                       logger: logger)
                }
            }
        } catch {
            throw AssayError(.runtime, "cannot open the store at \(location): \(String(reflecting: error))")
        }
    }

    // MARK: Query helpers

    /// Runs `query` once the schema is in place.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await migrated.value
        return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await migrated.value
        return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
    }

    static func date(_ cell: PostgresCell) throws -> Date { Date(timeIntervalSince1970: try cell.decode(Double.self)) }

    // MARK: Suites

    public func saveSuite(_ suite: Suite) async throws {
        let version = suite.version
        let config = try Codec.string(suite.config)
        let (name, parent, count, items, retired) = (suite.name, suite.parent, suite.items.count, suite.items, suite.retired)
        let logger = self.logger
        try await transaction { db in
            let inserted = try await db.query("""
                INSERT INTO suites (version, name, parent, config, item_count, created_at) VALUES (\(version), \(name), \(parent), \(config), \(count), \(Date().timeIntervalSince1970))
                ON CONFLICT (version) DO NOTHING RETURNING 1
                """, logger: logger).collect()
            guard !inserted.isEmpty else { return }
            func store(_ item: Item) async throws {
                let target = try JSONWriter.target(item.target) ?? Codec.string(item.target)
                let provenance = try JSONWriter.provenance(item.provenance) ?? Codec.string(item.provenance)
                let rows = try await db.query("""
                    INSERT INTO items (id, input, target, tags, cluster, metadata, provenance, origin, parent)
                    VALUES (\(item.id), \(JSONWriter.messages(item.input)), \(target), \(JSONWriter.strings(item.tags)), \(item.cluster),
                            \(JSONWriter.stringMap(item.metadata)), \(provenance), \(item.provenance.origin.rawValue), \(item.provenance.parent))
                    ON CONFLICT (id) DO NOTHING RETURNING 1
                    """, logger: logger).collect()
                // Evidence of a promotion is the newer, fuller record of where a known item came from.
                if item.provenance.evidence != nil, rows.isEmpty {
                    try await db.query("UPDATE items SET provenance = \(try Codec.string(item.provenance)) WHERE id = \(item.id)", logger: logger)
                }
            }
            for (position, item) in items.enumerated() {
                try await store(item)
                try await db.query("""
                    INSERT INTO suite_items (suite_version, item_id, position) VALUES (\(version), \(item.id), \(position)) ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            for (offset, entry) in retired.enumerated() {
                try await store(entry.item)
                let state = entry.state.rawValue + ":" + entry.reason
                try await db.query("""
                    INSERT INTO suite_items (suite_version, item_id, position, state) VALUES (\(version), \(entry.item.id), \(items.count + offset), \(state))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func suiteVersions(name: String?) async throws -> [SuiteVersionInfo] {
        var query: PostgresQuery = """
            SELECT name, version, parent, item_count, created_at,
                   (SELECT COUNT(*) FROM suite_items si WHERE si.suite_version = suites.version AND si.state != 'active') AS retired
            FROM suites
            """
        if let name { query = "\(unescaped: query.sql) WHERE name = \(name)" }
        query = PostgresQuery(unsafeSQL: query.sql + " ORDER BY created_at DESC, seq DESC", binds: query.binds)
        return try await execute(query).map { row in
            SuiteVersionInfo(name: try row["name"].decode(String.self), version: try row["version"].decode(String.self),
                             parent: try row["parent"].decode(String?.self), itemCount: try row["item_count"].decode(Int.self),
                             retiredCount: try row["retired"].decode(Int.self), createdAt: try Self.date(row["created_at"]))
        }
    }

    public func suite(version: String) async throws -> Suite? {
        let matches = try await execute("SELECT version, parent, config FROM suites WHERE version LIKE \(version + "%") LIMIT 2")
        guard matches.count == 1, let row = matches.first else { return nil }
        let full = try row["version"].decode(String.self)
        let config: SuiteConfig = try Codec.decode(try row["config"].decode(String.self))
        var items: [Item] = []
        var retired: [RetiredItem] = []
        for itemRow in try await execute("""
            SELECT i.*, s.state AS lifecycle FROM suite_items s JOIN items i ON i.id = s.item_id WHERE s.suite_version = \(full) ORDER BY s.position
            """) {
            let item = try Self.item(itemRow)
            let lifecycle = try itemRow["lifecycle"].decode(String.self)
            if lifecycle == "active" {
                items.append(item)
            } else {
                let parts = lifecycle.split(separator: ":", maxSplits: 1).map(String.init)
                retired.append(RetiredItem(item: item, state: ItemState(rawValue: parts[0]) ?? .retired, reason: parts.count > 1 ? parts[1] : ""))
            }
        }
        return Suite(config: config, items: items, retired: retired, parent: try row["parent"].decode(String?.self), origin: "store:\(full.prefix(12))")
    }

    static func item(_ row: PostgresRandomAccessRow) throws -> Item {
        try Codec.item(id: try row["id"].decode(String.self), input: try row["input"].decode(String.self), target: try row["target"].decode(String.self),
                       tags: try row["tags"].decode(String.self), cluster: try row["cluster"].decode(String?.self),
                       metadata: try row["metadata"].decode(String.self), provenance: try row["provenance"].decode(String.self))
    }

    // MARK: Runs

    public func createRun(_ run: RunRecord) async throws {
        let config = try Codec.string(run.config)
        let labels = try Codec.string(run.labels)
        try await execute("""
            INSERT INTO runs (id, suite_name, suite_version, model, config_hash, config, status, created_at, finished_at, labels)
            VALUES (\(run.id), \(run.suiteName), \(run.suiteVersion), \(run.model), \(run.configHash), \(config), \(run.status.rawValue),
                    \(run.createdAt.timeIntervalSince1970), \(run.finishedAt?.timeIntervalSince1970), \(labels))
            """)
    }

    public func updateRun(id: String, status: RunRecord.Status, finishedAt: Date?) async throws {
        try await execute("UPDATE runs SET status = \(status.rawValue), finished_at = \(finishedAt?.timeIntervalSince1970) WHERE id = \(id)")
    }

    public func run(id: String) async throws -> RunRecord? {
        let rows = try await execute("SELECT * FROM runs WHERE id LIKE \(id + "%") LIMIT 2")
        return rows.count == 1 ? try Self.run(rows[0]) : nil
    }

    public func runs(limit: Int) async throws -> [RunRecord] {
        try await execute("SELECT * FROM runs ORDER BY created_at DESC LIMIT \(limit)").map(Self.run)
    }

    public func resumableRun(suiteVersion: String, model: String, configHash: String) async throws -> RunRecord? {
        try await execute("""
            SELECT * FROM runs WHERE suite_version = \(suiteVersion) AND model = \(model) AND config_hash = \(configHash)
            AND status IN ('running', 'interrupted', 'failed') ORDER BY created_at DESC LIMIT 1
            """).first.map(Self.run)
    }

    private static func run(_ row: PostgresRandomAccessRow) throws -> RunRecord {
        RunRecord(id: try row["id"].decode(String.self), suiteName: try row["suite_name"].decode(String.self),
                  suiteVersion: try row["suite_version"].decode(String.self), model: try row["model"].decode(String.self),
                  configHash: try row["config_hash"].decode(String.self), config: try Codec.decode(try row["config"].decode(String.self)),
                  status: RunRecord.Status(rawValue: try row["status"].decode(String.self)) ?? .failed,
                  createdAt: try date(row["created_at"]),
                  finishedAt: try row["finished_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                  labels: try Codec.decode(try row["labels"].decode(String.self)))
    }

    // MARK: Samples

    public func completedUnits(runID: String) async throws -> Set<UnitKey> {
        var units = Set<UnitKey>()
        for row in try await execute("SELECT item_id, epoch FROM samples WHERE run_id = \(runID) AND error IS NULL") {
            units.insert(UnitKey(itemID: try row[0].decode(String.self), epoch: try row[1].decode(Int.self)))
        }
        return units
    }

    public func record(_ results: [SampleResult]) async throws {
        guard !results.isEmpty else { return }
        let logger = self.logger
        try await transaction { db in try await Self.write(results, db: db, logger: logger) }
    }

    /// Writes samples inside the caller's transaction.
    static func write(_ results: [SampleResult], db: PostgresConnection, logger: Logger) async throws {
        let encoder = JSONEncoder()
        for result in results {
            let s = result.sample
            let choices = try s.choiceLogLikelihoods.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            // A unit keeps its first successful sample; a stored error is replaced by a later attempt.
            let changed = try await db.query("""
                INSERT INTO samples (run_id, item_id, epoch, messages, response, completion, choice_ll, target_ll, error, attempts, latency, cached, created_at)
                VALUES (\(s.runID), \(s.itemID), \(s.epoch), \(JSONWriter.messages(s.messages)), \(s.completion?.text),
                        \(s.completion.map(JSONWriter.completion)), \(choices), \(s.targetLogLikelihood), \(s.error), \(s.attempts), \(s.latency),
                        \(s.cached ? 1 : 0), \(s.createdAt.timeIntervalSince1970))
                ON CONFLICT (run_id, item_id, epoch) DO UPDATE SET
                    messages = excluded.messages, response = excluded.response, completion = excluded.completion,
                    choice_ll = excluded.choice_ll, target_ll = excluded.target_ll, error = excluded.error,
                    attempts = samples.attempts + excluded.attempts, latency = excluded.latency, cached = excluded.cached,
                    created_at = excluded.created_at
                WHERE samples.error IS NOT NULL
                RETURNING 1
                """, logger: logger).collect()
            guard !changed.isEmpty else { continue }
            for score in result.scores {
                try await db.query("""
                    INSERT INTO scores (run_id, item_id, epoch, scorer, value, verdict, explanation)
                    VALUES (\(s.runID), \(s.itemID), \(s.epoch), \(score.scorer), \(score.value), \(score.verdict.rawValue), \(score.explanation))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            if let key = result.cacheKey, let completion = s.completion, s.error == nil, !s.cached {
                let response = CachedResponse(completion: completion, choiceLogLikelihoods: s.choiceLogLikelihoods, targetLogLikelihood: s.targetLogLikelihood)
                let text = String(decoding: try encoder.encode(response), as: UTF8.self)
                try await db.query("""
                    INSERT INTO response_cache (key, response, created_at) VALUES (\(key), \(text), \(Date().timeIntervalSince1970))
                    ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at
                    """, logger: logger)
            }
        }
    }

    public func results(runID: String) async throws -> [SampleResult] {
        var scores: [UnitKey: [Score]] = [:]
        for row in try await execute("SELECT item_id, epoch, scorer, value, verdict, explanation FROM scores WHERE run_id = \(runID) ORDER BY scorer") {
            scores[UnitKey(itemID: try row[0].decode(String.self), epoch: try row[1].decode(Int.self)), default: []].append(try Self.score(row, from: 2))
        }
        return try await execute("SELECT * FROM samples WHERE run_id = \(runID) ORDER BY item_id, epoch").map { row in
            let sample = try Self.decodeSample(row)
            return SampleResult(sample: sample, scores: scores[UnitKey(itemID: sample.itemID, epoch: sample.epoch)] ?? [])
        }
    }

    static func score(_ row: PostgresRandomAccessRow, from first: Int) throws -> Score {
        Score(scorer: try row[first].decode(String.self), value: try row[first + 1].decode(Double.self),
              verdict: Verdict(rawValue: try row[first + 2].decode(String.self)) ?? .abstain, explanation: try row[first + 3].decode(String?.self))
    }

    public func counts(runID: String) async throws -> (samples: Int, errors: Int) {
        let progress = try await progress(runID: runID)
        return (progress.samples, progress.errors)
    }

    public func progress(runID: String) async throws -> StoredProgress {
        let row = try await execute("""
            SELECT COUNT(*), COALESCE(SUM(cached), 0)::BIGINT, MIN(created_at), MAX(created_at),
                   COUNT(*) FILTER (WHERE error IS NOT NULL) FROM samples WHERE run_id = \(runID)
            """).first
        return StoredProgress(samples: try row?[0].decode(Int.self) ?? 0, errors: try row?[4].decode(Int.self) ?? 0,
                              cached: try row?[1].decode(Int.self) ?? 0,
                              firstWrite: try row?[2].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                              lastWrite: try row?[3].decode(Double?.self).map(Date.init(timeIntervalSince1970:)))
    }

    public func scoreRows(runID: String) async throws -> [ScoreRow] {
        try await execute("SELECT item_id, epoch, scorer, value, verdict, explanation FROM scores WHERE run_id = \(runID)").map { row in
            ScoreRow(itemID: try row[0].decode(String.self), epoch: try row[1].decode(Int.self), score: try Self.score(row, from: 2))
        }
    }

    public func itemAggregates(runID: String) async throws -> [String: [ItemAggregate]] {
        var out: [String: [ItemAggregate]] = [:]
        for row in try await execute("""
            SELECT scorer, item_id,
                   SUM(CASE verdict WHEN 'pass' THEN 1.0 WHEN 'value' THEN value ELSE 0.0 END)::DOUBLE PRECISION,
                   SUM(CASE verdict WHEN 'abstain' THEN 0 ELSE 1 END)::BIGINT
            FROM scores WHERE run_id = \(runID) GROUP BY scorer, item_id ORDER BY scorer, item_id
            """) {
            out[try row[0].decode(String.self), default: []].append(
                ItemAggregate(itemID: try row[1].decode(String.self), cluster: nil, sum: try row[2].decode(Double.self), count: try row[3].decode(Int.self)))
        }
        return out
    }

    public func sampleCount(runID: String, filter: SampleFilter) async throws -> Int {
        let (sql, binds) = try Self.unitQuery(runID: runID, filter: filter)
        return try await execute(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM (\(sql)) counted", binds: binds)).first?[0].decode(Int.self) ?? 0
    }

    public func unitMarks(runID: String, filter: SampleFilter, every: Int) async throws -> [UnitKey] {
        var (sql, binds) = try Self.unitQuery(runID: runID, filter: filter, wrap: UnitQuery.marks(of:))
        binds.append(max(1, every))
        return try await execute(PostgresQuery(unsafeSQL: sql, binds: binds)).map {
            UnitKey(itemID: try $0[0].decode(String.self), epoch: try $0[1].decode(Int.self))
        }
    }

    public func samples(runID: String, filter: SampleFilter, from start: PageStart, limit: Int) async throws -> [SampleResult] {
        let (sql, binds) = try Self.unitQuery(runID: runID, filter: filter, after: start.after)
        var paged = binds
        paged.append(max(0, limit))
        paged.append(max(0, start.offset ?? 0))
        let units = try await execute(PostgresQuery(unsafeSQL: "\(sql) ORDER BY item_id, epoch LIMIT $\(binds.count + 1) OFFSET $\(binds.count + 2)", binds: paged))
        var results: [SampleResult] = []
        for unit in units {
            if let result = try await sample(runID: runID, itemID: try unit[0].decode(String.self), epoch: try unit[1].decode(Int.self)) {
                results.append(result)
            }
        }
        return results
    }

    /// The (item, epoch) units matching `filter` (``UnitQuery``), passed through `wrap` (which may add `?`s bound
    /// after the filter's), its `?` placeholders numbered `$1`, `$2`, … as PostgreSQL wants them.
    private static func unitQuery(runID: String, filter: SampleFilter, after: UnitKey? = nil,
                                  wrap: (String) -> String = { $0 }) throws -> (String, PostgresBindings) {
        let (sql, arguments) = UnitQuery.sql(runID: runID, filter: filter,
                                             tagMatch: "EXISTS (SELECT 1 FROM items i WHERE i.id = u.item_id AND i.tags::jsonb @> jsonb_build_array(?::text))",
                                             after: after)
        var binds = PostgresBindings()
        for argument in arguments { binds.append(argument) }
        var numbered = ""
        var next = 0
        for character in wrap(sql) {
            if character == "?" {
                next += 1
                numbered += "$\(next)"
            } else {
                numbered.append(character)
            }
        }
        return (numbered, binds)
    }

    public func sample(runID: String, itemID: String, epoch: Int) async throws -> SampleResult? {
        guard let row = try await execute("SELECT * FROM samples WHERE run_id = \(runID) AND item_id = \(itemID) AND epoch = \(epoch)").first else { return nil }
        let scores = try await execute("""
            SELECT scorer, value, verdict, explanation FROM scores WHERE run_id = \(runID) AND item_id = \(itemID) AND epoch = \(epoch) ORDER BY scorer
            """).map { try Self.score($0, from: 0) }
        return SampleResult(sample: try Self.decodeSample(row), scores: scores)
    }

    private static func decodeSample(_ row: PostgresRandomAccessRow) throws -> Sample {
        Sample(runID: try row["run_id"].decode(String.self), itemID: try row["item_id"].decode(String.self), epoch: try row["epoch"].decode(Int.self),
               messages: try Codec.decode(try row["messages"].decode(String.self)),
               completion: try row["completion"].decode(String?.self).map { try Codec.decode($0) },
               choiceLogLikelihoods: try row["choice_ll"].decode(String?.self).map { try Codec.decode($0) },
               targetLogLikelihood: try row["target_ll"].decode(Double?.self), error: try row["error"].decode(String?.self),
               attempts: try row["attempts"].decode(Int.self), latency: try row["latency"].decode(Double.self),
               cached: try row["cached"].decode(Int.self) != 0, createdAt: try date(row["created_at"]))
    }

    public func cachedResponse(key: String) async throws -> CachedResponse? {
        try await execute("SELECT response FROM response_cache WHERE key = \(key)").first.map { try Codec.decode(try $0[0].decode(String.self)) }
    }

    public func cacheResponse(key: String, response: CachedResponse) async throws {
        let text = try Codec.string(response)
        try await execute("""
            INSERT INTO response_cache (key, response, created_at) VALUES (\(key), \(text), \(Date().timeIntervalSince1970))
            ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at
            """)
    }

    // MARK: Items

    public func saveItems(_ items: [Item]) async throws {
        guard !items.isEmpty else { return }
        let logger = self.logger
        try await transaction { db in
            for item in items {
                try await db.query("""
                    INSERT INTO items (id, input, target, tags, cluster, metadata, provenance, origin, parent)
                    VALUES (\(item.id), \(try Codec.string(item.input)), \(try Codec.string(item.target)), \(try Codec.string(item.tags)), \(item.cluster),
                            \(try Codec.string(item.metadata)), \(try Codec.string(item.provenance)), \(item.provenance.origin.rawValue), \(item.provenance.parent))
                    ON CONFLICT (id) DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func item(id: String) async throws -> Item? {
        try await execute("SELECT * FROM items WHERE id = \(id)").first.map(Self.item)
    }
}
