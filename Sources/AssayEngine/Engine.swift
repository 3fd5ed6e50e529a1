public import AssayCore
import AssayProviders
import Synchronization
public import AssayStore
public import Foundation
public import Logging

/// Runs suites on models: schedules items × epochs with bounded concurrency, retries, caches, streams samples
/// into the store, resumes unfinished runs, and reports metrics with their uncertainty.
public struct Engine: Sendable {
    public let store: any Store
    let logger: Logger

    public init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Evaluates `suite` on `provider` and returns the finished run's report.
    ///
    /// - Parameters:
    ///   - judge: resolves a judge model spec named by a `judge` scorer (the caller wraps it in retries).
    ///   - observer: told of progress from one task at a time.
    public func run(
        suite: Suite, provider: any ModelProvider, options: RunOptions,
        judge: (String) throws -> any ModelProvider = { throw AssayError(.badInput, "no judge model available for '\($0)'") },
        observer: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws -> RunReport {
        let specs = suite.config.scorers.isEmpty ? ScorerFactory.defaults(for: suite.items) : suite.config.scorers
        let scorers = try ScorerFactory.make(specs, judge: judge)
        let items = options.limit.map { Array(suite.items.prefix(max(0, $0))) } ?? suite.items
        guard !items.isEmpty else { throw AssayError(.badInput, "suite '\(suite.name)' has no items to run") }
        var generation = suite.config.generation
        if let temperature = options.temperature { generation.temperature = temperature }
        let config = RunConfig(epochs: max(1, options.epochs), limit: options.limit, seed: options.seed, generation: generation,
                               scorers: scorers.map(\.name), continuousScorers: scorers.filter(\.isContinuous).map(\.name),
                               modelIdentity: provider.identity)
        try await store.saveSuite(suite)
        if options.distributed, specs.contains(where: { $0.type == "judge" }) {
            throw AssayError(.badInput, "judge scorers are not available to workers yet; run suite '\(suite.name)' without --distributed")
        }
        let run = try await openRun(suite: suite, model: provider.spec.description, config: config, options: options)

        let pending = PendingUnits(items: items, epochs: config.epochs, done: try await store.completedUnits(runID: run.record.id))
        let total = items.count * config.epochs
        let alreadyDone = pending.doneCount
        observer(.started(runID: run.record.id, total: total, alreadyDone: alreadyDone, resumed: run.resumed))

        var needs = ScorerNeeds()
        for scorer in scorers { needs.formUnion(scorer.needs) }
        if !needs.isDisjoint(with: [.targetLogLikelihood, .choiceLogLikelihoods]), !provider.supportsLogLikelihood {
            observer(.notice("\(provider.spec) gives no log-likelihoods: log-probability and Brier scores will abstain"))
        }
        let worker = UnitWorker(
            provider: provider, store: store, scorers: scorers, template: suite.config.prompt, generation: generation,
            runID: run.record.id, seed: options.seed, useCache: options.useCache, retry: options.retry,
            wantsLogLikelihoods: provider.supportsLogLikelihood ? needs : [], observer: observer)

        if options.distributed {
            try await store.enqueue(runID: run.record.id, units: pending.map { UnitKey(itemID: $0.item.id, epoch: $0.epoch) })
            observer(.notice("run \(run.record.id): \(total - alreadyDone) units queued in \(store.location); start workers with `assay worker --db …`"))
            var record = run.record
            record.config = config
            guard options.wait else { return try await Self.report(for: record, store: store, items: items, includeCases: options.includeCases) }
            try await follow(runID: record.id, total: total, alreadyDone: alreadyDone, observer: observer)
            record.status = .completed
            return try await Self.report(for: record, store: store, items: items, includeCases: options.includeCases)
        }
        let concurrency = max(1, options.concurrency ?? provider.maxConcurrency)
        do {
            try await execute(pending, worker: worker, concurrency: concurrency, total: total, alreadyDone: alreadyDone,
                              abortAfter: options.abortAfterConsecutiveErrors, observer: observer)
        } catch {
            let status: RunRecord.Status = (error is CancellationError || Task.isCancelled) ? .interrupted : .failed
            let (store, id) = (self.store, run.record.id)
            // Recorded outside this (possibly cancelled) task, so an interrupted run is marked as such.
            await Task { try? await store.updateRun(id: id, status: status, finishedAt: nil) }.value
            throw error
        }
        try await store.updateRun(id: run.record.id, status: .completed, finishedAt: Date())
        var record = run.record
        record.status = .completed
        record.config = config
        return try await Self.report(for: record, store: store, items: items, includeCases: options.includeCases)
    }

    private func openRun(suite: Suite, model: String, config: RunConfig, options: RunOptions) async throws -> (record: RunRecord, resumed: Bool) {
        let version = suite.version  // hashes every item id: computed once
        if let id = options.resume {
            guard let found = try await store.run(id: id) else { throw AssayError(.notFound, "no run '\(id)' in \(store.location)") }
            guard found.suiteVersion == version, found.model == model, found.configHash == config.hash else {
                throw AssayError(.badInput, """
                    run \(found.id) was made with a different suite version, model or configuration \
                    (\(found.suiteName)@\(found.suiteVersion.prefix(12)), \(found.model)); run it with the same options, or drop --resume
                    """)
            }
            try await store.updateRun(id: found.id, status: .running, finishedAt: nil)
            return (found, true)
        }
        if !options.fresh, let found = try await store.resumableRun(suiteVersion: version, model: model, configHash: config.hash) {
            try await store.updateRun(id: found.id, status: .running, finishedAt: nil)
            return (found, true)
        }
        let record = RunRecord(id: RunID.make(), suiteName: suite.name, suiteVersion: version, model: model, configHash: config.hash,
                               config: config, labels: options.labels)
        try await store.createRun(record)
        return (record, false)
    }

    /// Polls a distributed run's queue twice a second, reporting progress, until no unit is pending or leased; then
    /// marks the run completed (a worker may have done so already).
    private func follow(runID: String, total: Int, alreadyDone: Int, observer: @escaping @Sendable (RunEvent) -> Void) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        while true {
            let queue = try await store.queueCounts(runID: runID)
            let stored = try await store.progress(runID: runID)
            observer(.progress(RunProgress(total: total, done: min(total, stored.samples), errors: stored.errors, cached: stored.cached,
                                           elapsed: UnitWorker.seconds(clock.now - start), doneHere: max(0, stored.samples - alreadyDone))))
            if queue.pending + queue.leased == 0 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        try await store.updateRun(id: runID, status: .completed, finishedAt: Date())
    }

    /// Fills a task group up to `concurrency` and starts one unit per finished one; a writer task streams results into
    /// the store. A store failure stops the producers at once; so does a streak of `abortAfter` failed requests with no
    /// success in between (a wrong key, a dead server), rather than paying for every remaining request.
    private func execute(_ pending: PendingUnits, worker: UnitWorker, concurrency: Int, total: Int, alreadyDone: Int, abortAfter: Int,
                         observer: @escaping @Sendable (RunEvent) -> Void) async throws {
        let writer = SampleWriter(store: store)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { outer in
            outer.addTask {
                var progress = RunProgress(total: total, done: alreadyDone, errors: 0, cached: 0, elapsed: 0, doneHere: 0)
                try await writer.run { batch in
                    progress.done += batch.count
                    progress.doneHere += batch.count
                    progress.errors += batch.count { $0.sample.error != nil }
                    progress.cached += batch.count { $0.sample.cached }
                    let elapsed = clock.now - start
                    progress.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    observer(.progress(progress))
                }
            }
            defer { writer.finish() }
            // `concurrency` long-lived workers take units from one shared iterator, rather than a child task per unit:
            // a task per sample (created, scheduled, and its result handed back to this loop) cost more CPU than the
            // sample's own bookkeeping at thousands of samples per second.
            let dispatch = Dispatcher(Dispatch(units: pending.makeIterator(), abortAfter: abortAfter))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        while true {
                            try Task.checkCancellation()
                            guard let unit = dispatch.withLock({ $0.units.next() }) else { return }
                            // nil: cancelled mid-flight; the unit is redone on resume.
                            guard let result = await worker.process(unit) else { continue }
                            try await writer.submit(result)
                            if let failure = dispatch.withLock({ $0.record(error: result.sample.error) }) { throw failure }
                        }
                    }
                }
                try await group.waitForAll()
            }
            writer.finish()
            try await outer.waitForAll()
        }
    }

    /// Builds the report of a stored run from its scores: metrics per scorer (and per tag where a scorer spans several
    /// tags), in the run's scorer order. Only units of `items` count, so a report never mixes in another item set.
    /// - Parameter includeCases: also list each item's verdict per discrete scorer (for JUnit output).
    public static func report(for run: RunRecord, store: any Store, items: [Item], includeCases: Bool = false) async throws -> RunReport {
        // Per-item sums aggregated in SQL: memory grows with the items, not the samples. JUnit cases need each item's
        // failing explanation, so only they read the score rows.
        var aggregates = try await store.itemAggregates(runID: run.id)
        let rowsByScorer = includeCases ? Dictionary(grouping: try await store.scoreRows(runID: run.id), by: \.score.scorer) : [:]
        // Positions rather than copies of the items: a copy of every item here was the largest allocation of a big run.
        let byID = Dictionary(items.indices.map { (items[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        let continuous = Set(run.config.continuousScorers)
        var metrics: [Metric] = []
        var cases: [RunReport.Case] = []
        // A scorer's aggregates are taken out of the dictionary at its last mention and filled in place, not copied.
        let lastMention = Dictionary(run.config.scorers.enumerated().map { ($1, $0) }, uniquingKeysWith: max)
        for (offset, name) in run.config.scorers.enumerated() {
            var perItem = (lastMention[name] == offset ? aggregates.removeValue(forKey: name) : aggregates[name]) ?? []
            var tagged: [String: [ItemAggregate]] = [:]
            perItem.removeAll { byID[$0.itemID] == nil }
            for index in perItem.indices {
                let item = items[byID[perItem[index].itemID]!]
                perItem[index].cluster = item.cluster
                for tag in item.tags where !tag.contains("=") { tagged[tag, default: []].append(perItem[index]) }
            }
            let isContinuous = continuous.contains(name)
            guard let metric = MetricCalculator.metric(scorer: name, continuous: isContinuous, items: perItem) else { continue }
            metrics.append(metric)
            if tagged.count > 1 {
                for tag in tagged.keys.sorted() {
                    if var m = MetricCalculator.metric(scorer: name, continuous: isContinuous, items: tagged[tag] ?? []), m.n > 0 {
                        m.name += "[\(tag)]"
                        metrics.append(m)
                    }
                }
            }
            if includeCases && !isContinuous {
                let units = (rowsByScorer[name] ?? []).compactMap { row in
                    byID[row.itemID].map { ScoredUnit(itemID: row.itemID, epoch: row.epoch, cluster: items[$0].cluster, score: row.score) }
                }
                cases += Self.cases(scorer: name, units: units)
            }
        }
        let counts = try await store.counts(runID: run.id)
        return RunReport(run: run, samples: counts.samples, errors: counts.errors, metrics: metrics, storeLocation: store.location, cases: cases)
    }

    private static func cases(scorer: String, units: [ScoredUnit]) -> [RunReport.Case] {
        Dictionary(grouping: units, by: \.itemID).sorted { $0.key < $1.key }.map { itemID, units in
            let counted = units.filter { $0.score.verdict != .abstain }
            guard !counted.isEmpty else {
                return RunReport.Case(itemID: itemID, scorer: scorer, verdict: .abstain, detail: units.first?.score.explanation ?? "abstained")
            }
            let rate = Double(counted.count { $0.score.verdict == .pass }) / Double(counted.count)
            let detail = counted.first { $0.score.verdict == .fail }?.score.explanation ?? ""
            return RunReport.Case(itemID: itemID, scorer: scorer, verdict: rate >= 0.5 ? .pass : .fail, detail: detail)
        }
    }
}

/// One item in one epoch.
struct WorkUnit: Sendable {
    var item: Item
    var epoch: Int
}

/// The units a run still has to do, epoch by epoch and in item order within an epoch, skipping those already stored.
///
/// Made one at a time as workers free up, so a run never holds a list of all its units: that list (a copy of every item
/// per epoch) was the part of a run's memory that grew with the number of samples.
/// The workers' shared ``Dispatch``, behind a lock.
private final class Dispatcher: Sendable {
    private let state: Mutex<Dispatch>

    init(_ dispatch: sending Dispatch) { state = Mutex(dispatch) }

    func withLock<T: Sendable>(_ body: (inout sending Dispatch) -> sending T) -> T { state.withLock(body) }
}

/// The units still to hand out, and the streak of failed requests that stops a run against a dead model.
private struct Dispatch {
    var units: PendingUnits.Iterator
    let abortAfter: Int
    var streak = 0

    /// Counts a finished sample; the error that stops the run once `abortAfter` requests in a row have failed.
    mutating func record(error: String?) -> AssayError? {
        guard let error else {
            streak = 0
            return nil
        }
        streak += 1
        guard abortAfter > 0, streak >= abortAfter else { return nil }
        return AssayError(.runtime, """
            stopped after \(streak) failed requests in a row (last: \(error)); the run is kept and \
            resumes where it stopped once the model answers
            """)
    }
}

struct PendingUnits: Sequence {
    let items: [Item]
    let epochs: Int
    /// Units with a stored successful sample (from an earlier attempt of the run).
    let done: Set<UnitKey>
    /// Positions of `items` in the order their units are handed out within an epoch: by item id (``Item/positionsByID(_:)``).
    ///
    /// In suite order every sample's rows landed on a random page of each index keyed by item id, and each commit wrote
    /// about one page per sample per index to the write-ahead log; in id order 20,000 samples against the stub took 5%
    /// less wall time and 30% less system time. It also makes the samples of an interrupted run a uniform random subset
    /// of the items rather than the suite's head.
    let order: [Int32]

    init(items: [Item], epochs: Int, done: Set<UnitKey>) {
        self.items = items
        self.epochs = epochs
        self.done = done
        order = Item.positionsByID(items)
    }

    /// How many of this run's units are already done (`done` may name units outside `items`, which do not count).
    var doneCount: Int {
        guard !done.isEmpty else { return 0 }
        var count = 0
        for epoch in 0..<epochs {
            count += items.count { done.contains(UnitKey(itemID: $0.id, epoch: epoch)) }
        }
        return count
    }

    struct Iterator: IteratorProtocol {
        let units: PendingUnits
        var epoch = 0
        var position = 0

        mutating func next() -> WorkUnit? {
            while epoch < units.epochs {
                guard position < units.items.count else {
                    epoch += 1
                    position = 0
                    continue
                }
                let item = units.items[Int(units.order[position])]
                position += 1
                if units.done.isEmpty || !units.done.contains(UnitKey(itemID: item.id, epoch: epoch)) {
                    return WorkUnit(item: item, epoch: epoch)
                }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(units: self) }
}

/// Run ids: time-ordered and unique (`20261122-134501-a1b2c3`).
public enum RunID {
    public static func make(now: Date = Date()) -> String {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 16)
        return "\(timestamp(now))-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }

    /// `yyyyMMdd-HHmmss` in UTC (Gregorian calendar), computed by hand: a `DateFormatter` loaded ICU's locale, calendar
    /// and time-zone data, about 3.5 MiB of resident memory in every `assay run`, to print one date.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar), in 400-year eras.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "-" + pad(second / 3_600, 2) + pad(second / 60 % 60, 2) + pad(second % 60, 2)
    }
}
