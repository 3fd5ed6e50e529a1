public import AssayCore
public import Foundation

/// Where suites, runs, samples, scores and cached responses live.
///
/// One protocol, one migration list, two backends (SQLite now; PostgreSQL for scale-out). Every write of
/// a sample stores its scores in the same transaction, and writes are idempotent on (run, item, epoch),
/// so a sample finished twice (a resumed run, a slow worker and its replacement) is stored once.
public protocol Store: Sendable {
    /// A human-readable location (`.assay/assay.db`), for messages. Never includes credentials.
    var location: String { get }

    /// Stores a suite version and its items; storing the same version again changes nothing.
    func saveSuite(_ suite: Suite) async throws
    /// Suite versions, newest first, optionally of one name.
    func suiteVersions(name: String?) async throws -> [SuiteVersionInfo]
    /// The suite stored under `version` (a full hash or a unique prefix).
    func suite(version: String) async throws -> Suite?

    func createRun(_ run: RunRecord) async throws
    func updateRun(id: String, status: RunRecord.Status, finishedAt: Date?) async throws
    /// The run with this id or unique id prefix.
    func run(id: String) async throws -> RunRecord?
    /// Runs, newest first.
    func runs(limit: Int) async throws -> [RunRecord]
    /// The newest unfinished run (`running` after its process died, `interrupted`, or `failed`) with this suite version,
    /// model and config.
    func resumableRun(suiteVersion: String, model: String, configHash: String) async throws -> RunRecord?

    /// Units of a run that already have a stored sample without an error (errored units are retried on resume).
    func completedUnits(runID: String) async throws -> Set<UnitKey>
    /// Stores samples with their scores (and their cache entries) in one transaction. A unit with a stored successful
    /// sample is left as it is; a stored error is replaced.
    func record(_ results: [SampleResult]) async throws
    /// All samples of a run with their scores, in item then epoch order.
    func results(runID: String) async throws -> [SampleResult]
    /// Sample and error counts of a run.
    func counts(runID: String) async throws -> (samples: Int, errors: Int)
    /// Counts and write times of a run's samples, for live progress.
    func progress(runID: String) async throws -> StoredProgress
    /// Every score of a run without the samples' text.
    func scoreRows(runID: String) async throws -> [ScoreRow]
    /// Per scorer, each item's scores summed over its epochs (passes or values over the epochs that did not abstain):
    /// what metrics are computed from, in memory proportional to items rather than samples. Clusters are left nil.
    func itemAggregates(runID: String) async throws -> [String: [ItemAggregate]]
    /// How many of a run's samples match `filter`.
    func sampleCount(runID: String, filter: SampleFilter) async throws -> Int
    /// The units matching `filter` at positions `every`, 2 × `every`, … (counting from 1) in item then epoch order:
    /// marks from which a deep offset page starts with ``PageStart/afterSkipping(_:_:)`` instead of walking every
    /// match before it. One pass over the matches.
    func unitMarks(runID: String, filter: SampleFilter, every: Int) async throws -> [UnitKey]
    /// A page of the samples matching `filter`, in item then epoch order, starting at `start`: skipping `offset`
    /// matches, or right after a unit (keyset paging, whose cost does not grow with the depth of the page).
    func samples(runID: String, filter: SampleFilter, from start: PageStart, limit: Int) async throws -> [SampleResult]
    /// One sample with its scores.
    func sample(runID: String, itemID: String, epoch: Int) async throws -> SampleResult?

    /// The cached response (completion and measured log-likelihoods) stored under a request key.
    func cachedResponse(key: String) async throws -> CachedResponse?
    /// Stores a response under a request key (replacing any entry), outside a run: evolution caches each target,
    /// attacker and judge answer as it arrives, so a resumed search does not ask again.
    func cacheResponse(key: String, response: CachedResponse) async throws

    /// Stores items outside any suite (an evolved item's intermediate ancestors, for its lineage); known ids are kept.
    func saveItems(_ items: [Item]) async throws
    /// The item with this id, whether or not a suite holds it.
    func item(id: String) async throws -> Item?

    /// Creates or replaces an evolution record and, in the same transaction, stores `entries` of its log (an entry
    /// with a stored `seq` is replaced, so a replayed step rewrites its own rows).
    func saveEvolution(_ record: EvolutionRecord, entries: [EvolutionEntry]) async throws
    /// The first `count` entries of an evolution's log, in order.
    func evolutionEntries(id: String, count: Int) async throws -> [EvolutionEntry]
    /// The evolution with this id or unique id prefix.
    func evolution(id: String) async throws -> EvolutionRecord?
    /// Evolutions, newest first.
    func evolutions(limit: Int) async throws -> [EvolutionRecord]
    /// The newest unfinished evolution with this suite version, target and settings.
    func resumableEvolution(suiteVersion: String, target: String, configHash: String) async throws -> EvolutionRecord?

    /// Stores series points in one transaction; a point with a stored (series, metric, axis) replaces it.
    func saveSeries(_ points: [SeriesPoint]) async throws
    /// Every point of a series, by metric then axis.
    func series(name: String) async throws -> [SeriesPoint]
    /// The stored series, by name.
    func seriesList() async throws -> [SeriesInfo]

    /// Creates or replaces findings (by id), links samples to them (a sample belongs to one finding; a stored link is
    /// replaced) and records the sources mined, in one transaction.
    func saveFindings(_ findings: [Finding], links: [FindingLink], sources: [MinedSource]) async throws
    /// Every finding, in the order created.
    func findings() async throws -> [Finding]
    /// The finding `F-N` (or `N`).
    func finding(id: String) async throws -> Finding?
    /// The samples linked to one finding, or to any when `finding` is nil.
    func findingLinks(finding: String?) async throws -> [FindingLink]
    /// The runs and evolutions failure mining has read, oldest first.
    func minedSources() async throws -> [MinedSource]

    /// Adds a distributed run's units to the work queue as pending (units already queued are left as they are).
    func enqueue(runID: String, units: [UnitKey]) async throws
    /// Leases up to `limit` units (pending ones, or leased ones whose lease ran out) to `owner` until `now + seconds`.
    /// Two owners never get the same unit from one call each: PostgreSQL skips rows another transaction has locked.
    func lease(owner: String, limit: Int, seconds: Double, now: Date) async throws -> [QueuedUnit]
    /// Extends `owner`'s leases of `units` to `now + seconds`; returns the units it still held.
    @discardableResult
    func renew(owner: String, units: [QueuedUnit], seconds: Double, now: Date) async throws -> [QueuedUnit]
    /// Returns `owner`'s leased `units` to the queue.
    func release(owner: String, units: [QueuedUnit]) async throws
    /// Stores samples (as ``record(_:)``) and marks their units done, in one transaction. A unit finished twice (a slow
    /// worker and its replacement) keeps its first sample.
    func complete(_ results: [SampleResult]) async throws
    /// How many of a run's queued units are pending, leased and done.
    func queueCounts(runID: String) async throws -> QueueCounts
}

/// A unit of a distributed run in the work queue.
public struct QueuedUnit: Hashable, Sendable {
    public var runID: String
    public var unit: UnitKey

    public init(runID: String, unit: UnitKey) {
        self.runID = runID
        self.unit = unit
    }
}

/// The state of a distributed run's queue.
public struct QueueCounts: Hashable, Sendable {
    public var pending: Int
    public var leased: Int
    public var done: Int
    /// Units leased more than once: taken back after a lease ran out (a worker died or stalled) or was released.
    public var reclaimed: Int

    public init(pending: Int, leased: Int, done: Int, reclaimed: Int = 0) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.reclaimed = reclaimed
    }

    public var total: Int { pending + leased + done }
}

/// What the response cache keeps per request: the completion and the log-likelihoods measured with it.
public struct CachedResponse: Codable, Sendable, Hashable {
    public var completion: Completion
    public var choiceLogLikelihoods: [Double]?
    public var targetLogLikelihood: Double?
    /// Requests it took (retries included), where the caller counts them (evolution budgets).
    public var attempts: Int?

    public init(completion: Completion, choiceLogLikelihoods: [Double]? = nil, targetLogLikelihood: Double? = nil, attempts: Int? = nil) {
        self.completion = completion
        self.choiceLogLikelihoods = choiceLogLikelihoods
        self.targetLogLikelihood = targetLogLikelihood
        self.attempts = attempts
    }
}

extension Store {
    /// Creates or replaces an evolution record without log entries.
    public func saveEvolution(_ record: EvolutionRecord) async throws {
        try await saveEvolution(record, entries: [])
    }

    /// A page of the samples matching `filter` that skips the first `offset` of them.
    public func samples(runID: String, filter: SampleFilter, offset: Int, limit: Int) async throws -> [SampleResult] {
        try await samples(runID: runID, filter: filter, from: .offset(offset), limit: limit)
    }

    /// A page of samples with the total matching `filter`.
    public func samplePage(runID: String, filter: SampleFilter, offset: Int, limit: Int) async throws -> SamplePage {
        SamplePage(total: try await sampleCount(runID: runID, filter: filter),
                   rows: try await samples(runID: runID, filter: filter, offset: offset, limit: limit))
    }
}

/// Identifies one unit of work in a run.
public struct UnitKey: Hashable, Sendable {
    public var itemID: String
    public var epoch: Int

    public init(itemID: String, epoch: Int) {
        self.itemID = itemID
        self.epoch = epoch
    }
}

/// A sample, its scores, and the cache key its completion is stored under (nil: don't cache).
public struct SampleResult: Sendable, Hashable {
    public var sample: Sample
    public var scores: [Score]
    public var cacheKey: String?

    public init(sample: Sample, scores: [Score], cacheKey: String? = nil) {
        self.sample = sample
        self.scores = scores
        self.cacheKey = cacheKey
    }
}

/// One stored score, located by its unit.
public struct ScoreRow: Sendable, Hashable {
    public var itemID: String
    public var epoch: Int
    public var score: Score

    public init(itemID: String, epoch: Int, score: Score) {
        self.itemID = itemID
        self.epoch = epoch
        self.score = score
    }
}

/// Where a page of samples starts.
public enum PageStart: Sendable, Hashable {
    /// After skipping this many matching samples (the store still walks them).
    case offset(Int)
    /// Right after this unit in (item, epoch) order: the unit need not match the filter, or exist.
    case after(UnitKey)
    /// Right after this unit, then skipping this many matches: a deep offset page started from a mark of
    /// ``Store/unitMarks(runID:filter:every:)``, so the store walks only the remainder.
    case afterSkipping(UnitKey, Int)

    /// The matches skipped, nil for a plain keyset start.
    public var offset: Int? {
        switch self {
        case .offset(let n), .afterSkipping(_, let n): return n
        case .after: return nil
        }
    }

    /// The unit a keyset page continues after, nil for a plain offset.
    public var after: UnitKey? {
        switch self {
        case .after(let unit), .afterSkipping(let unit, _): return unit
        case .offset: return nil
        }
    }
}

/// Which samples of a run to list.
public struct SampleFilter: Sendable, Hashable, Codable {
    /// `pass`, `fail`, `abstain` (by ``scorer`` when given, else by any scorer), or `error` (failed requests).
    public var verdict: String?
    public var scorer: String?
    /// Items carrying this tag.
    public var tag: String?

    public init(verdict: String? = nil, scorer: String? = nil, tag: String? = nil) {
        self.verdict = verdict
        self.scorer = scorer
        self.tag = tag
    }
}

/// A page of samples: the rows asked for and how many match in all.
public struct SamplePage: Sendable, Hashable {
    public var total: Int
    public var rows: [SampleResult]

    public init(total: Int, rows: [SampleResult]) {
        self.total = total
        self.rows = rows
    }
}

/// Counts and write times of a run's stored samples.
public struct StoredProgress: Sendable, Hashable {
    public var samples: Int
    public var errors: Int
    public var cached: Int
    public var firstWrite: Date?
    public var lastWrite: Date?

    public init(samples: Int, errors: Int, cached: Int, firstWrite: Date?, lastWrite: Date?) {
        self.samples = samples
        self.errors = errors
        self.cached = cached
        self.firstWrite = firstWrite
        self.lastWrite = lastWrite
    }
}

/// The SQL both stores use to list the (item, epoch) units of a run matching a ``SampleFilter``: over the scores
/// indexes, so the wide sample rows are read only for the page shown. `?` placeholders; every argument is a String.
enum UnitQuery {
    /// `tagMatch` is the backend's condition that item `u.item_id` carries the tag bound to its one `?`.
    /// `after`: only units past this one in (item, epoch) order, a range on the same indexes (keyset paging).
    static func sql(runID: String, filter: SampleFilter, tagMatch: String, after: UnitKey? = nil) -> (String, [String]) {
        var units: String
        var arguments: [String] = [runID]
        // The epoch is bound as text like every argument; the cast makes both backends compare it as a number.
        let keyset = after == nil ? "" : " AND (item_id, epoch) > (?, CAST(? AS INTEGER))"
        let keysetArguments = after.map { [$0.itemID, String($0.epoch)] } ?? []
        switch (filter.verdict, filter.scorer) {
        case ("error"?, _):
            units = "SELECT item_id, epoch FROM samples WHERE run_id = ? AND error IS NOT NULL\(keyset)"
        case (let verdict?, let scorer?):
            units = "SELECT item_id, epoch FROM scores WHERE run_id = ? AND scorer = ? AND verdict = ?\(keyset)"
            arguments += [scorer, verdict]
        case (let verdict?, nil):
            // GROUP BY (not DISTINCT) lets SQLite walk scores_by_verdict in (item, epoch) order with no temporary b-tree.
            units = "SELECT item_id, epoch FROM scores WHERE run_id = ? AND verdict = ?\(keyset) GROUP BY item_id, epoch"
            arguments.append(verdict)
        case (nil, let scorer?):
            units = "SELECT item_id, epoch FROM scores WHERE run_id = ? AND scorer = ?\(keyset)"
            arguments.append(scorer)
        case (nil, nil):
            units = "SELECT item_id, epoch FROM samples WHERE run_id = ?\(keyset)"
        }
        arguments += keysetArguments
        if let tag = filter.tag {
            units = "SELECT item_id, epoch FROM (\(units)) u WHERE \(tagMatch)"
            arguments.append(tag)
        }
        return (units, arguments)
    }

    /// `units` (a query of `item_id, epoch`) cut to every `n`-th row in (item, epoch) order, `n` bound to the one
    /// `?` it adds after the placeholders of `units`.
    static func marks(of units: String) -> String {
        "SELECT item_id, epoch FROM (SELECT item_id, epoch, ROW_NUMBER() OVER (ORDER BY item_id, epoch) AS position FROM (\(units)) m) w "
            + "WHERE position % ? = 0 ORDER BY position"
    }
}

/// A stored suite version, without its items.
public struct SuiteVersionInfo: Sendable, Hashable, Codable {
    public var name: String
    public var version: String
    public var parent: String?
    /// Active items (the ones a run evaluates).
    public var itemCount: Int
    /// Saturated and retired items kept on record.
    public var retiredCount: Int
    public var createdAt: Date

    public init(name: String, version: String, parent: String?, itemCount: Int, retiredCount: Int = 0, createdAt: Date) {
        self.name = name
        self.version = version
        self.parent = parent
        self.itemCount = itemCount
        self.retiredCount = retiredCount
        self.createdAt = createdAt
    }
}

/// Opens the store a location names: `postgres://…` for PostgreSQL, else a file path for SQLite (created with its
/// folder if missing).
public enum StoreFactory {
    /// `ASSAY_DB` or `.assay/assay.db` when `location` is nil.
    /// - Parameter longLivedReader: a SQLite store maps its file for reads (the dashboard; see ``SQLiteStore/init(path:memoryMappedReads:)``).
    public static func open(_ location: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            longLivedReader: Bool = false) throws -> any Store {
        let chosen = location ?? environment["ASSAY_DB"] ?? ".assay/assay.db"
        if chosen.hasPrefix("postgres://") || chosen.hasPrefix("postgresql://") {
            return try PostgresStore(url: chosen, environment: environment)
        }
        return try SQLiteStore(path: chosen, memoryMappedReads: longLivedReader)
    }
}
