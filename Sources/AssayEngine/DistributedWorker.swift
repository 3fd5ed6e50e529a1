public import AssayCore
public import AssayProviders
public import AssayStore
public import Foundation
import Logging
public import ServiceLifecycle
import Synchronization

/// An `assay worker` process: leases units of distributed runs from the store's work queue, evaluates them as
/// `assay run` would, and stores each sample with its scores and the unit's completion in one transaction.
///
/// Leases last ``Options/leaseSeconds`` and are renewed every third of that while a unit is in flight, so a worker
/// that dies (SIGKILL, a lost machine) gives its units back when its leases run out. On graceful shutdown (SIGTERM in
/// a `ServiceGroup`) it stops leasing, finishes the units in flight, and returns. A store that stops answering (a
/// restarted database) is retried with exponential backoff for up to ``Options/storePatience`` seconds.
public final class DistributedWorker: Service, Sendable {
    public struct Options: Sendable {
        /// Units in flight at once.
        public var concurrency: Int
        public var leaseSeconds: Double
        /// Return when the queue is empty instead of waiting for more work (for batch jobs and tests).
        public var exitWhenIdle: Bool
        /// How long to keep retrying a store that fails, in seconds.
        public var storePatience: Double
        public var retry: RetryPolicy
        public var useCache: Bool

        public init(concurrency: Int = 4, leaseSeconds: Double = 30, exitWhenIdle: Bool = false, storePatience: Double = 120,
                    retry: RetryPolicy = RetryPolicy(), useCache: Bool = true) {
            self.concurrency = concurrency
            self.leaseSeconds = leaseSeconds
            self.exitWhenIdle = exitWhenIdle
            self.storePatience = storePatience
            self.retry = retry
            self.useCache = useCache
        }
    }

    /// What a worker did.
    public struct Statistics: Sendable, Hashable {
        public var completed = 0
        public var errors = 0
    }

    /// Told after each stored sample, and of store failures being retried.
    public enum Event: Sendable {
        /// A sample was stored (`failed`: its request failed after retries); `total` counts this worker's work so far.
        case stored(failed: Bool, total: Statistics)
        case retrying(String)
        case runCompleted(String)
    }

    let store: any Store
    let registry: ProviderRegistry
    public let owner: String
    let options: Options
    let observer: @Sendable (Event) -> Void
    private let totals = Mutex(Statistics())

    public init(store: any Store, registry: ProviderRegistry, owner: String, options: Options, observer: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.store = store
        self.registry = registry
        self.owner = owner
        self.options = options
        self.observer = observer
    }

    public var statistics: Statistics { totals.withLock { $0 } }

    /// What a worker needs to evaluate the units of one run, built once per run.
    struct RunContext: Sendable {
        let items: [String: Item]
        let worker: UnitWorker
    }

    public func run() async throws {
        var contexts: [String: RunContext] = [:]
        let held = Mutex(Set<QueuedUnit>())
        // Renew the leases of the units in flight every third of a lease.
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(options.leaseSeconds / 3))
                if Task.isCancelled { break }
                let units = held.withLock { Array($0) }
                if !units.isEmpty { _ = try? await store.renew(owner: owner, units: units, seconds: options.leaseSeconds, now: Date()) }
            }
        }
        defer { heartbeat.cancel() }
        // A sliding window: up to `concurrency` units in flight, a new lease as soon as one finishes. On shutdown no new
        // lease is taken and the units in flight are finished, so every lease ends in a completion.
        try await withThrowingTaskGroup(of: (QueuedUnit, SampleResult?).self) { group in
            var inFlight = 0
            var drained = false
            while true {
                let stopping = Task.isShuttingDownGracefully || Task.isCancelled
                if !stopping, inFlight < options.concurrency {
                    let wanted = options.concurrency - inFlight
                    let units = try await patiently("lease units") { [self] in
                        try await store.lease(owner: owner, limit: wanted, seconds: options.leaseSeconds, now: Date())
                    }
                    drained = units.count < wanted
                    for unit in units {
                        if contexts[unit.runID] == nil { contexts[unit.runID] = try await context(for: unit.runID) }
                        guard let context = contexts[unit.runID], let item = context.items[unit.unit.itemID] else {
                            try await patiently("release units") { [self] in try await store.release(owner: owner, units: [unit]) }
                            continue
                        }
                        held.withLock { _ = $0.insert(unit) }
                        group.addTask { (unit, await context.worker.process(WorkUnit(item: item, epoch: unit.unit.epoch))) }
                        inFlight += 1
                    }
                    if units.isEmpty && inFlight == 0 {
                        if options.exitWhenIdle { return }
                        try await Task.sleep(for: .milliseconds(500))
                        continue
                    }
                }
                if inFlight == 0 {
                    if stopping { return }
                    continue
                }
                guard let (unit, result) = try await group.next() else { return }
                inFlight -= 1
                if let result {
                    try await patiently("store a sample") { [self] in try await store.complete([result]) }
                    let failed = result.sample.error != nil
                    let total = totals.withLock { totals in
                        totals.completed += 1
                        if failed { totals.errors += 1 }
                        return totals
                    }
                    observer(.stored(failed: failed, total: total))
                } else {
                    try await patiently("release units") { [self] in try await store.release(owner: owner, units: [unit]) }
                }
                held.withLock { _ = $0.remove(unit) }
                if drained { try await completeIfDone(unit.runID) }
            }
        }
    }

    /// Marks a run completed once its queue is empty.
    private func completeIfDone(_ runID: String) async throws {
        let queue = try await patiently("read the queue") { [self] in try await store.queueCounts(runID: runID) }
        guard queue.pending + queue.leased == 0, let run = try await store.run(id: runID), run.status == .running else { return }
        try await store.updateRun(id: runID, status: .completed, finishedAt: Date())
        observer(.runCompleted(runID))
    }

    private func context(for runID: String) async throws -> RunContext {
        guard let run = try await store.run(id: runID), let suite = try await store.suite(version: run.suiteVersion) else {
            throw AssayError(.notFound, "run \(runID) or its suite is not in \(store.location)")
        }
        let specs = suite.config.scorers.isEmpty ? ScorerFactory.defaults(for: suite.items) : suite.config.scorers
        let scorers = try ScorerFactory.make(specs) { _ in throw AssayError(.badInput, "judge scorers are not available to workers") }
        let provider = try await registry.provider(for: try ModelSpec(parsing: run.model))
        var needs = ScorerNeeds()
        for scorer in scorers { needs.formUnion(scorer.needs) }
        let worker = UnitWorker(
            provider: provider, store: store, scorers: scorers, template: suite.config.prompt, generation: run.config.generation,
            runID: run.id, seed: run.config.seed, useCache: options.useCache, retry: options.retry,
            wantsLogLikelihoods: provider.supportsLogLikelihood ? needs : [], observer: { _ in })
        let items = Dictionary(suite.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return RunContext(items: items, worker: worker)
    }

    /// Runs `body`, retrying store failures with exponential backoff (0.2 s doubling to 5 s) for `storePatience` seconds.
    /// An attempt that has not answered in 15 s counts as failed and is abandoned: a query on a connection the server
    /// dropped mid-transaction (a restart) was seen to wait forever while the heartbeat kept its leases alive.
    private func patiently<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = Date().addingTimeInterval(options.storePatience)
        var delay = 0.2
        while true {
            do {
                return try await Self.attempt(timeout: 15, body)
            } catch {
                guard Date() < deadline, !Task.isCancelled else { throw error }
                observer(.retrying("\(what): \(String(reflecting: error).prefix(200)); retrying in \(String(format: "%.1f", delay)) s"))
                try await Task.sleep(for: .seconds(delay))
                delay = min(5, delay * 2)
            }
        }
    }

    /// `body`'s result, or a timeout error after `timeout` seconds (the attempt is then cancelled and left behind; the
    /// store operations are idempotent, so one finishing late does no harm).
    static func attempt<T: Sendable>(timeout: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Once()
        return try await withCheckedThrowingContinuation { continuation in
            let work = Task {
                do {
                    let value = try await body()
                    if once.claim() { continuation.resume(returning: value) }
                } catch {
                    if once.claim() { continuation.resume(throwing: error) }
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(timeout))
                if once.claim() {
                    work.cancel()
                    continuation.resume(throwing: AssayError(.runtime, "no answer from the store in \(Int(timeout)) s"))
                }
            }
        }
    }
}

/// True for the first caller of ``claim()`` only.
final class Once: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { was in
            defer { was = true }
            return !was
        }
    }
}
