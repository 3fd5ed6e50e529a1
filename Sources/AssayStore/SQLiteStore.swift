public import AssayCore
public import Foundation
import GRDB

/// The SQLite backend (GRDB, WAL): one `DatabasePool` per file, one transaction per batch of samples.
public final class SQLiteStore: Store {
    public let location: String
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// - Parameter memoryMappedReads: readers map the file (up to 1 GiB) instead of reading pages into a private cache.
    ///   For a long-lived reader of finished runs (the dashboard): a page of samples deep in a 100,000-sample run walks
    ///   megabytes of index, which a 256 KiB cache re-read from the file on every request. Off for runs, whose peak
    ///   resident memory would grow by every page a report touches.
    public init(path: String, memoryMappedReads: Bool = false) throws {
        location = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a committed sample survives a process crash (SIGKILL); only an OS crash may lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Readers keep a small page cache. A reader's cache is dropped whenever the writer has committed since its
            // last read, so during a run (one commit per batch of samples) the default 2 MiB per reader bought nothing
            // but resident memory; the operating system's file cache still serves repeated reads.
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -256")
                if memoryMappedReads { try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
            } else {
                // The writer checkpoints every 4,000 pages instead of 1,000: index pages rewritten by many commits are
                // copied into the database file once per checkpoint, and a checkpoint of a default-sized WAL was a tenth
                // of a run's CPU time at thousands of samples per second. (An 8 MiB writer cache saved a little more CPU
                // but added 8 MiB of resident memory to a 5,000-sample run.) Its page cache is 1 MiB rather than the
                // default 2 MiB: about 1 MiB less resident memory, for CPU within run-to-run noise (3.03 against 2.88 s
                // over 20,000 samples, two runs each; the pages it no longer holds are re-read from the OS file cache).
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
                try db.execute(sql: "PRAGMA cache_size = -1024")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            for migration in Migrations.all {
                migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql) }
            }
            try migrator.migrate(pool)
        } catch {
            throw AssayError(.runtime, "cannot open the store at \(path): \(error)")
        }
    }

    // MARK: Suites

    public func saveSuite(_ suite: Suite) async throws {
        let version = suite.version
        let config = try Codec.string(suite.config)
        let name = suite.name
        let parent = suite.parent
        let count = suite.items.count
        let items = suite.items
        let retired = suite.retired
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM suites WHERE version = ?", arguments: [version]) != true else { return }
            try db.execute(sql: "INSERT INTO suites (version, name, parent, config, item_count, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [version, name, parent, config, count, Date().timeIntervalSince1970])
            let insertItem = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO items (id, input, target, tags, cluster, metadata, provenance, origin, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // An item promoted by evolution brings its evidence even when its id is already stored (as an ancestor of
            // another finding, or from an earlier suite): the evidence is the newer, fuller record of where it came from.
            let recordEvidence = try db.cachedStatement(sql: "UPDATE items SET provenance = ? WHERE id = ?")
            let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO suite_items (suite_version, item_id, position) VALUES (?, ?, ?)")
            // Encoded one item at a time, so a large suite is never held twice in memory; by hand (`JSONWriter`), which
            // took most of a large suite's start-up with `JSONEncoder`.
            let encoder = JSONEncoder()
            func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
            func store(_ item: Item) throws {
                try insertItem.execute(arguments: [item.id, JSONWriter.messages(item.input), try JSONWriter.target(item.target) ?? json(item.target),
                                                   JSONWriter.strings(item.tags), item.cluster, JSONWriter.stringMap(item.metadata),
                                                   try JSONWriter.provenance(item.provenance) ?? json(item.provenance),
                                                   item.provenance.origin.rawValue, item.provenance.parent])
                if item.provenance.evidence != nil, db.changesCount == 0 {
                    try recordEvidence.execute(arguments: [try json(item.provenance), item.id])
                }
            }
            // In id order, so the items and suite-items indexes fill page by page: saving 20,000 items took 0.23 s instead of 0.31.
            for position in Item.positionsByID(items).lazy.map(Int.init) {
                try store(items[position])
                try link.execute(arguments: [version, items[position].id, position])
            }
            let linkRetired = try db.cachedStatement(sql: "INSERT OR IGNORE INTO suite_items (suite_version, item_id, position, state) VALUES (?, ?, ?, ?)")
            for (offset, entry) in retired.enumerated() {
                try store(entry.item)
                try linkRetired.execute(arguments: [version, entry.item.id, items.count + offset, entry.state.rawValue + ":" + entry.reason])
            }
        }
    }

    public func suiteVersions(name: String?) async throws -> [SuiteVersionInfo] {
        try await pool.read { db in
            let sql = """
                SELECT name, version, parent, item_count, created_at,
                       (SELECT COUNT(*) FROM suite_items si WHERE si.suite_version = suites.version AND si.state != 'active') AS retired
                FROM suites
                """ + (name == nil ? "" : " WHERE name = ?") + " ORDER BY created_at DESC, rowid DESC"
            return try Row.fetchAll(db, sql: sql, arguments: name.map { [$0] } ?? []).map {
                SuiteVersionInfo(name: $0["name"], version: $0["version"], parent: $0["parent"], itemCount: $0["item_count"],
                                 retiredCount: $0["retired"], createdAt: Date(timeIntervalSince1970: $0["created_at"]))
            }
        }
    }

    public func suite(version: String) async throws -> Suite? {
        try await pool.read { db in
            let matches = try Row.fetchAll(db, sql: "SELECT version, parent, config FROM suites WHERE version LIKE ? LIMIT 2", arguments: [version + "%"])
            guard matches.count == 1, let row = matches.first else { return nil }
            let full: String = row["version"]
            let config: SuiteConfig = try Codec.decode(row["config"])
            var items: [Item] = []
            var retired: [RetiredItem] = []
            for itemRow in try Row.fetchAll(db, sql: """
                SELECT i.*, s.state AS lifecycle FROM suite_items s JOIN items i ON i.id = s.item_id WHERE s.suite_version = ? ORDER BY s.position
                """, arguments: [full]) {
                let item = try Self.item(itemRow)
                let lifecycle: String = itemRow["lifecycle"]
                if lifecycle == "active" {
                    items.append(item)
                } else {
                    // Stored as `state:reason`.
                    let parts = lifecycle.split(separator: ":", maxSplits: 1).map(String.init)
                    retired.append(RetiredItem(item: item, state: ItemState(rawValue: parts[0]) ?? .retired,
                                               reason: parts.count > 1 ? parts[1] : ""))
                }
            }
            return Suite(config: config, items: items, retired: retired, parent: row["parent"], origin: "store:\(full.prefix(12))")
        }
    }

    static func item(_ row: Row) throws -> Item {
        try Codec.item(id: row["id"], input: row["input"], target: row["target"], tags: row["tags"], cluster: row["cluster"],
                       metadata: row["metadata"], provenance: row["provenance"])
    }

    // MARK: Runs

    public func createRun(_ run: RunRecord) async throws {
        let config = try Codec.string(run.config)
        let labels = try Codec.string(run.labels)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, suite_name, suite_version, model, config_hash, config, status, created_at, finished_at, labels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.id, run.suiteName, run.suiteVersion, run.model, run.configHash, config, run.status.rawValue,
                                 run.createdAt.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, labels])
        }
    }

    public func updateRun(id: String, status: RunRecord.Status, finishedAt: Date?) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                           arguments: [status.rawValue, finishedAt?.timeIntervalSince1970, id])
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE id LIKE ? LIMIT 2", arguments: [id + "%"])
            return rows.count == 1 ? try Self.run(rows[0]) : nil
        }
    }

    public func runs(limit: Int) async throws -> [RunRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.run)
        }
    }

    public func resumableRun(suiteVersion: String, model: String, configHash: String) async throws -> RunRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM runs WHERE suite_version = ? AND model = ? AND config_hash = ? AND status IN ('running', 'interrupted', 'failed')
                ORDER BY created_at DESC LIMIT 1
                """, arguments: [suiteVersion, model, configHash]).map(Self.run)
        }
    }

    private static func run(_ row: Row) throws -> RunRecord {
        RunRecord(id: row["id"], suiteName: row["suite_name"], suiteVersion: row["suite_version"], model: row["model"],
                  configHash: row["config_hash"], config: try Codec.decode(row["config"]),
                  status: RunRecord.Status(rawValue: row["status"]) ?? .failed,
                  createdAt: Date(timeIntervalSince1970: row["created_at"]),
                  finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                  labels: try Codec.decode(row["labels"]))
    }

    // MARK: Samples

    public func completedUnits(runID: String) async throws -> Set<UnitKey> {
        try await pool.read { db in
            var units = Set<UnitKey>()
            let cursor = try Row.fetchCursor(db, sql: "SELECT item_id, epoch FROM samples WHERE run_id = ? AND error IS NULL", arguments: [runID])
            while let row = try cursor.next() { units.insert(UnitKey(itemID: row[0], epoch: row[1])) }
            return units
        }
    }

    public func record(_ results: [SampleResult]) async throws {
        guard !results.isEmpty else { return }
        let rows = try Self.sampleRows(results)
        try await pool.write { db in try Self.write(rows, db: db) }
    }

    typealias SampleRows = [(sample: StatementArguments, scores: [StatementArguments], cache: StatementArguments?)]

    /// Statement arguments of samples, their scores and cache entries.
    static func sampleRows(_ results: [SampleResult]) throws -> SampleRows {
        let encoder = JSONEncoder()
        return try results.map { result in
            let s = result.sample
            let sample: StatementArguments = [
                s.runID, s.itemID, s.epoch, JSONWriter.messages(s.messages), s.completion?.text,
                s.completion.map(JSONWriter.completion),
                try s.choiceLogLikelihoods.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
                s.targetLogLikelihood, s.error, s.attempts, s.latency, s.cached, s.createdAt.timeIntervalSince1970,
            ]
            let scores: [StatementArguments] = result.scores.map { [s.runID, s.itemID, s.epoch, $0.scorer, $0.value, $0.verdict.rawValue, $0.explanation] }
            var cache: StatementArguments?
            if let key = result.cacheKey, let completion = s.completion, s.error == nil, !s.cached {
                let response = CachedResponse(completion: completion, choiceLogLikelihoods: s.choiceLogLikelihoods, targetLogLikelihood: s.targetLogLikelihood)
                cache = [key, String(decoding: try encoder.encode(response), as: UTF8.self), Date().timeIntervalSince1970]
            }
            return (sample, scores, cache)
        }
    }

    /// Writes samples inside the caller's transaction.
    static func write(_ rows: SampleRows, db: Database) throws {
        // A unit already stored keeps its first successful sample: idempotent on (run, item, epoch). A stored error is
        // replaced by a later attempt (a resumed run retries the units that failed).
        let insertSample = try db.cachedStatement(sql: """
            INSERT INTO samples (run_id, item_id, epoch, messages, response, completion, choice_ll, target_ll, error, attempts, latency, cached, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, item_id, epoch) DO UPDATE SET
                messages = excluded.messages, response = excluded.response, completion = excluded.completion,
                choice_ll = excluded.choice_ll, target_ll = excluded.target_ll, error = excluded.error,
                attempts = samples.attempts + excluded.attempts, latency = excluded.latency, cached = excluded.cached,
                created_at = excluded.created_at
            WHERE samples.error IS NOT NULL
            """)
        let insertScore = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO scores (run_id, item_id, epoch, scorer, value, verdict, explanation) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let insertCache = try db.cachedStatement(sql: "INSERT OR REPLACE INTO response_cache (key, response, created_at) VALUES (?, ?, ?)")
        for row in rows {
            try insertSample.execute(arguments: row.sample)
            guard db.changesCount > 0 else { continue }
            for score in row.scores { try insertScore.execute(arguments: score) }
            if let cache = row.cache { try insertCache.execute(arguments: cache) }
        }
    }

    public func results(runID: String) async throws -> [SampleResult] {
        try await pool.read { db in
            var scores: [UnitKey: [Score]] = [:]
            let scoreRows = try Row.fetchCursor(db, sql: "SELECT item_id, epoch, scorer, value, verdict, explanation FROM scores WHERE run_id = ? ORDER BY scorer",
                                                arguments: [runID])
            while let row = try scoreRows.next() {
                scores[UnitKey(itemID: row[0], epoch: row[1]), default: []].append(
                    Score(scorer: row[2], value: row[3], verdict: Verdict(rawValue: row[4]) ?? .abstain, explanation: row[5]))
            }
            var results: [SampleResult] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM samples WHERE run_id = ? ORDER BY item_id, epoch", arguments: [runID])
            while let row = try rows.next() {
                let sample = try Self.decodeSample(row)
                results.append(SampleResult(sample: sample, scores: scores[UnitKey(itemID: sample.itemID, epoch: sample.epoch)] ?? []))
            }
            return results
        }
    }

    public func counts(runID: String) async throws -> (samples: Int, errors: Int) {
        let progress = try await progress(runID: runID)
        return (progress.samples, progress.errors)
    }

    public func progress(runID: String) async throws -> StoredProgress {
        try await pool.read { db in
            // Both queries read only indexes (samples_progress, samples_errors), never the wide sample rows.
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(cached), 0), MIN(created_at), MAX(created_at) FROM samples INDEXED BY samples_progress WHERE run_id = ?
                """, arguments: [runID])
            let errors = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples WHERE run_id = ? AND error IS NOT NULL", arguments: [runID]) ?? 0
            return StoredProgress(samples: row?[0] ?? 0, errors: errors, cached: row?[1] ?? 0,
                                  firstWrite: (row?[2] as Double?).map(Date.init(timeIntervalSince1970:)),
                                  lastWrite: (row?[3] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func scoreRows(runID: String) async throws -> [ScoreRow] {
        try await pool.read { db in
            var rows: [ScoreRow] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT item_id, epoch, scorer, value, verdict, explanation FROM scores WHERE run_id = ?",
                                             arguments: [runID])
            while let row = try cursor.next() {
                rows.append(ScoreRow(itemID: row[0], epoch: row[1],
                                     score: Score(scorer: row[2], value: row[3], verdict: Verdict(rawValue: row[4]) ?? .abstain, explanation: row[5])))
            }
            return rows
        }
    }

    public func sampleCount(runID: String, filter: SampleFilter) async throws -> Int {
        let (query, arguments) = Self.unitQuery(runID: runID, filter: filter)
        return try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(query))", arguments: StatementArguments(arguments)) ?? 0
        }
    }

    public func unitMarks(runID: String, filter: SampleFilter, every: Int) async throws -> [UnitKey] {
        let (query, arguments) = Self.unitQuery(runID: runID, filter: filter)
        return try await pool.read { db in
            var bound = StatementArguments(arguments)
            bound += [max(1, every)]
            return try Row.fetchAll(db, sql: UnitQuery.marks(of: query), arguments: bound).map { UnitKey(itemID: $0[0], epoch: $0[1]) }
        }
    }

    public func itemAggregates(runID: String) async throws -> [String: [ItemAggregate]] {
        try await pool.read { db in
            var out: [String: [ItemAggregate]] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT scorer, item_id,
                       SUM(CASE verdict WHEN 'pass' THEN 1.0 WHEN 'value' THEN value ELSE 0.0 END),
                       SUM(CASE verdict WHEN 'abstain' THEN 0 ELSE 1 END)
                FROM scores WHERE run_id = ? GROUP BY scorer, item_id ORDER BY scorer, item_id
                """, arguments: [runID])
            while let row = try cursor.next() {
                out[row[0], default: []].append(ItemAggregate(itemID: row[1], cluster: nil, sum: row[2], count: row[3]))
            }
            return out
        }
    }

    public func samples(runID: String, filter: SampleFilter, from start: PageStart, limit: Int) async throws -> [SampleResult] {
        let (query, arguments) = Self.unitQuery(runID: runID, filter: filter, after: start.after)
        return try await pool.read { db in
            var paged = StatementArguments(arguments)
            paged += [max(0, limit), max(0, start.offset ?? 0)]
            var results: [SampleResult] = []
            // Prepared once per connection: compiling the two per-sample statements anew for each of a page's samples
            // was a quarter of a page request.
            let sampleRow = try db.cachedStatement(sql: "SELECT * FROM samples WHERE run_id = ? AND item_id = ? AND epoch = ?")
            for unit in try Row.fetchAll(db, sql: "\(query) ORDER BY item_id, epoch LIMIT ? OFFSET ?", arguments: paged) {
                let itemID: String = unit[0]
                let epoch: Int = unit[1]
                if let row = try Row.fetchOne(sampleRow, arguments: [runID, itemID, epoch]) {
                    results.append(try Self.sampleResult(row, db: db))
                }
            }
            return results
        }
    }

    /// The (item, epoch) units matching `filter` (the wide sample rows are read only for the page shown).
    private static func unitQuery(runID: String, filter: SampleFilter, after: UnitKey? = nil) -> (String, [String]) {
        UnitQuery.sql(runID: runID, filter: filter,
                      tagMatch: "EXISTS (SELECT 1 FROM items i, json_each(i.tags) t WHERE i.id = u.item_id AND t.value = ?)", after: after)
    }

    public func sample(runID: String, itemID: String, epoch: Int) async throws -> SampleResult? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM samples WHERE run_id = ? AND item_id = ? AND epoch = ?", arguments: [runID, itemID, epoch])
                .map { try Self.sampleResult($0, db: db) }
        }
    }

    private static func sampleResult(_ row: Row, db: Database) throws -> SampleResult {
        let sample = try decodeSample(row)
        let statement = try db.cachedStatement(sql: "SELECT scorer, value, verdict, explanation FROM scores WHERE run_id = ? AND item_id = ? AND epoch = ?")
        let scores = try Row.fetchAll(statement, arguments: [sample.runID, sample.itemID, sample.epoch]).map {
            Score(scorer: $0[0], value: $0[1], verdict: Verdict(rawValue: $0[2]) ?? .abstain, explanation: $0[3])
        }
        return SampleResult(sample: sample, scores: scores)
    }

    private static func decodeSample(_ row: Row) throws -> Sample {
        let messages: String = row["messages"]
        let completion: String? = row["completion"]
        let choices: String? = row["choice_ll"]
        return Sample(
            runID: row["run_id"], itemID: row["item_id"], epoch: row["epoch"],
            messages: try Codec.decode(messages),
            completion: try completion.map { try Codec.decode($0) },
            choiceLogLikelihoods: try choices.map { try Codec.decode($0) },
            targetLogLikelihood: row["target_ll"], error: row["error"], attempts: row["attempts"], latency: row["latency"],
            cached: row["cached"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    public func cachedResponse(key: String) async throws -> CachedResponse? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT response FROM response_cache WHERE key = ?", arguments: [key]).map { try Codec.decode($0) }
        }
    }
}

/// JSON columns.
enum Codec {
    static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// An item from its stored columns, under its stored id: the columns' usual shapes through ``StoredJSON``, the rest
    /// through `JSONDecoder`.
    static func item(id: String, input: String, target: String, tags: String, cluster: String?, metadata: String,
                     provenance: String) throws -> Item {
        Item(storedID: id, input: try StoredJSON.messages(input) ?? decode(input), target: try StoredJSON.target(target) ?? decode(target),
             tags: try StoredJSON.strings(tags) ?? decode(tags), cluster: cluster, metadata: try StoredJSON.stringMap(metadata) ?? decode(metadata),
             provenance: try StoredJSON.provenance(provenance) ?? decode(provenance))
    }
}
