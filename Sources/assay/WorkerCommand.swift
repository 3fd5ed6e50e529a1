import AssayCore
import AssayEngine
import AssayProviders
import AssayStore
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `assay worker`: evaluates the queued units of distributed runs from a shared store.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Evaluate queued units of distributed runs (`assay run --distributed`) from a shared store.",
        discussion: """
            Leases --concurrency units at a time, renews the leases while they are in flight, and stores each sample \
            with its scores and the unit's completion in one transaction; a worker that dies gives its units back when \
            its leases (--lease seconds) run out. SIGTERM or SIGINT: stop leasing, finish the units in flight, exit. A \
            store that stops answering is retried with backoff for --store-patience seconds.
            """)

    @Option(name: .long, help: "Units evaluated at once.")
    var concurrency = 4

    @Option(name: .long, help: "Seconds a lease lasts (renewed every third of it while working).")
    var lease = 30.0

    @Flag(name: .customLong("exit-when-idle"), help: "Exit when the queue is empty (batch jobs) instead of waiting for work.")
    var exitWhenIdle = false

    @Option(name: .customLong("store-patience"), help: "Seconds to keep retrying a store that fails (a restarted database).")
    var storePatience = 120.0

    @Flag(name: .customLong("no-cache"), help: "Neither read nor fill the response cache.")
    var noCache = false

    @OptionGroup var requests: RequestOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if lease < 1 { throw ValidationError("--lease must be at least 1 second") }
    }

    func run() async throws {
        let opened = try StoreFactory.open(store.db)
        let owner = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(String(UInt32.random(in: 0..<UInt32.max), radix: 16))"
        var logger = Logger(label: "assay.worker")
        logger.logLevel = .warning
        let options = DistributedWorker.Options(concurrency: concurrency, leaseSeconds: lease, exitWhenIdle: exitWhenIdle,
                                                storePatience: storePatience, retry: requests.retry, useCache: !noCache)
        Terminal.note("worker \(owner) on \(opened.location), \(concurrency) at a time")
        let statistics = try await ProviderRegistry.with(logger: logger, requestTimeout: requests.timeout) { registry in
            let worker = DistributedWorker(store: opened, registry: registry, owner: owner, options: options) { event in
                switch event {
                case .stored: break
                case .retrying(let message): Terminal.note("store: \(message)")
                case .runCompleted(let run): Terminal.note("run \(run) completed")
                }
            }
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            return worker.statistics
        }
        print("worker \(owner): \(statistics.completed) samples (\(statistics.errors) failed requests)")
    }
}
