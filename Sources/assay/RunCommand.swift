import AssayAnalysis
import AssayCore
import AssayEngine
import AssayProviders
import AssayStore
import ArgumentParser
import Foundation
import Logging
import Synchronization

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate suites on models and print metrics with 95% confidence intervals.",
        discussion: """
            Rerunning the same command after a crash resumes the newest unfinished run with the same suite version, \
            model and parameters, without requesting finished samples again. Model specs: local, local:PATH.gguf, \
            openai:MODEL, openai:MODEL@http://HOST:PORT/v1, anthropic:MODEL, llamacpp:NAME@http://HOST:PORT.
            """)

    @Option(name: .long, help: "Suite name or path (repeatable).")
    var suite: [String] = []

    @Option(name: .long, help: "Model spec (repeatable).")
    var model: [String] = []

    @Option(name: .long, help: "Evaluate only the first N items.")
    var limit: Int?

    @Option(name: .long, help: "Samples per item.")
    var epochs: Int = 1

    @Option(name: .long, help: "Requests in flight at once (default: the provider's).")
    var concurrency: Int?

    @Option(name: .long, help: "A label stored with the run, KEY=VALUE (repeatable); `axis=1e8` places it on a ladder.")
    var label: [String] = []

    @Option(name: .long, help: "Sampling temperature instead of the suite's.")
    var temperature: Double?

    @Option(name: .long, help: "Seed for per-sample sampling seeds.")
    var seed: Int = 0

    @Flag(name: .long, help: "Print the results as JSON on stdout.")
    var json = false

    @Option(name: .long, help: "Write JUnit XML here.")
    var junit: String?

    @Option(name: .long, help: "Write a Markdown report here.")
    var markdown: String?

    @Option(name: .long, help: "Resume this run (id or unique prefix).")
    var resume: String?

    @Flag(name: .long, help: "Start a new run even if an unfinished one matches.")
    var fresh = false

    @Flag(name: .long, help: "Queue the units for `assay worker` processes sharing the store instead of evaluating them here.")
    var distributed = false

    @Flag(name: .long, help: "With --distributed: follow the queue with the progress bar and report when every unit is done.")
    var wait = false

    @Flag(name: .customLong("no-cache"), help: "Neither read nor fill the response cache.")
    var noCache = false

    @OptionGroup var requests: RequestOptions

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if resume != nil && fresh { throw ValidationError("--resume and --fresh contradict each other") }
        if let temperature, !(temperature >= 0 && temperature <= 5) { throw ValidationError("--temperature must be between 0 and 5") }
        if wait && !distributed { throw ValidationError("--wait follows a --distributed run") }
        for entry in label where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--label '\(entry)': use KEY=VALUE")
        }
    }

    func run() async throws {
        // Parse and load everything the user gave before touching the store: bad input leaves it unchanged.
        let specs = try (model.isEmpty ? ["local"] : model).map(ModelSpec.init(parsing:))
        let catalog = SuiteCatalog()
        let names = suite.isEmpty ? ["starter"] : suite
        let files = try names.map { SuiteCatalog.isStoredVersion($0) ? nil : try catalog.load($0, runSeed: seed) }
        let opened = try StoreFactory.open(store.db)
        var resolved: [Suite] = []
        for (name, file) in zip(names, files) {
            let (suite, note) = try await catalog.resolve(name, loaded: file, store: opened)
            if let note { Terminal.note(note) }
            resolved.append(suite)
        }
        let suites = resolved
        let judges = try Set(suites.flatMap { $0.config.scorers.compactMap(\.model) }).map(ModelSpec.init(parsing:))
        if resume != nil && suites.count * specs.count > 1 {
            throw AssayError(.badInput, "--resume names one run: give one --suite and one --model")
        }
        let logger = Logger(label: "assay")
        let retry = requests.retry
        let options = RunOptions(epochs: epochs, limit: limit, seed: seed, concurrency: concurrency, resume: resume, fresh: fresh,
                                 useCache: !noCache, retry: retry, includeCases: junit != nil,
                                 labels: Dictionary(label.map { entry in
                                     let parts = entry.split(separator: "=", maxSplits: 1)
                                     return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
                                 }, uniquingKeysWith: { _, last in last }),
                                 temperature: temperature)
        var distributedOptions = options
        distributedOptions.distributed = distributed
        distributedOptions.wait = wait
        let runOptions = distributedOptions
        let engine = Engine(store: opened, logger: logger)
        let (json, junit, markdown) = (self.json, self.junit, self.markdown)

        let results = try await Interrupts.cancellingOnSignal {
            try await ProviderRegistry.with(logger: logger, requestTimeout: requests.timeout) { registry in
                var judgeProviders: [String: any ModelProvider] = [:]
                for spec in judges {
                    judgeProviders[spec.description] = RetryingProvider(try await registry.provider(for: spec, fromSuiteFile: true), policy: retry)
                }
                let lookup = judgeProviders
                var reports: [RunReport] = []
                var dimensions: [DimensionReport?] = []
                for suite in suites {
                    for spec in specs {
                        let provider = try await registry.provider(for: spec)
                        let bar = ProgressBar(label: "\(suite.name) on \(spec)")
                        let report = try await engine.run(suite: suite, provider: provider, options: runOptions, judge: { name in
                            guard let found = lookup[(try? ModelSpec(parsing: name))?.description ?? name] else {
                                throw AssayError(.badInput, "judge model '\(name)' was not resolved")
                            }
                            return found
                        }, observer: { bar.handle($0) })
                        let dimension = suite.config.kind == nil ? nil : try await DimensionReport.load(run: report.run.id, from: opened, suite: suite)
                        reports.append(report)
                        dimensions.append(dimension)
                        if !json {
                            print(report.table())
                            if let dimension { print(dimension.table()) }
                        }
                        if let url = ServerMarker(storeLocation: opened.location).runningURL() {
                            Terminal.note("dashboard: \(url)/runs/\(report.run.id)")
                        }
                    }
                }
                return zip(reports, dimensions).map { ($0, $1) }
            }
        }
        let reports = results.map(\.0)
        if json {
            let texts = results.map { $0.0.json(dimension: $0.1) }
            print(texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ",\n") + "]")
        }
        if let junit { try write(RunReport.junit(reports), to: junit) }
        if let markdown { try write(reports.map { $0.markdown() }.joined(separator: "\n"), to: markdown) }
        if let failed = reports.first(where: { $0.samples > 0 && $0.errors == $0.samples }) {
            throw AssayError(.runtime, "every request of run \(failed.run.id) failed; nothing was measured (see `assay runs show \(failed.run.id)`)")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AssayError(.runtime, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// Turns SIGINT and SIGTERM into task cancellation, so local model servers are stopped and the run is marked interrupted.
enum Interrupts {
    /// The first signal cancels `body` (which stops its local models and marks its run interrupted); a second one exits at once.
    static func cancellingOnSignal<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let received = Mutex(0)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = received.withLock { value -> Int in
                    value += 1
                    return value
                }
                if count > 1 { _exit(130) }
                Terminal.note("\ninterrupting: finishing writes and stopping local models (again to force)")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            sources.forEach { $0.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try await task.value
    }
}
