import AssayCore
import AssayEngine
import AssayEvolve
import AssayProviders
import AssayStore
import ArgumentParser
import Foundation
import Logging

struct EvolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evolve",
        abstract: "Search for new failures of a model, validate them, and promote them into a new suite version.",
        discussion: """
            Seeds come from the suite (filtered with --seed-tag) and from failing items of earlier runs (--from-run). \
            Mutation operators rewrite them; a MAP-Elites archive over the suite's axes (default: category x attack) \
            keeps the search diverse. The budget counts requests to the target, retries and validation re-runs \
            included. Rerunning the same command resumes an unfinished search without repeating its queries.
            """)


    @Option(name: .long, help: "Suite name, path, or NAME@VERSION.")
    var suite: String = "redteam"

    @Option(name: .long, help: "The model under test (a model spec).")
    var target: String = "local"

    @Option(name: .long, help: "The model that writes attacks (enables the model-driven operators).")
    var attacker: String?

    @Option(name: .long, help: "A model that judges responses (default: the rule-based refusal judge).")
    var judge: String?

    @Option(name: .long, help: "Requests to the target, retries and re-runs included.")
    var budget: Int = 200

    @Option(name: .long, help: "Seed of every random choice.")
    var seed: Int = 0

    @Option(name: .long, help: "Target requests in flight at once.")
    var concurrency: Int = 4

    @Option(name: .long, help: "Validation re-runs per candidate failure.")
    var reruns: Int = 3

    @Option(name: .long, help: "Fitness at or above which a response is a failure (0-1).")
    var threshold: Double = 0.5

    @Option(name: .long, help: "archive (MAP-Elites) or random (the baseline: random parents, no archive).")
    var strategy: String = "archive"

    @Option(name: .long, help: "Comma-separated operator names (default: all that apply).")
    var operators: String?

    @Option(name: .customLong("seed-tag"), help: "Seed only from items with this tag (repeatable).")
    var seedTags: [String] = []

    @Option(name: .customLong("max-seeds"), help: "At most this many seeds, drawn with --seed.")
    var maxSeeds: Int = 32

    @Option(name: .customLong("from-run"), help: "Add the failing items of this run to the seeds (repeatable).")
    var fromRuns: [String] = []

    @Option(name: .long, help: "Another model version: count a failure only when this model does not fail it too.")
    var contrast: String?

    @Flag(name: .long, help: "Promote validated failures into a new suite version.")
    var promote = false

    @Flag(name: .long, help: "Start a new search even if an unfinished one matches.")
    var fresh = false

    @Flag(name: .long, help: "Print the result as JSON on stdout.")
    var json = false

    @OptionGroup var requests: RequestOptions

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if budget < 1 { throw ValidationError("--budget must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if reruns < 0 { throw ValidationError("--reruns must be 0 or more") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
        if EvolutionSettings.Strategy(rawValue: strategy) == nil { throw ValidationError("--strategy must be archive or random") }
        if maxSeeds < 1 { throw ValidationError("--max-seeds must be at least 1") }
    }

    func run() async throws {
        let targetSpec = try ModelSpec(parsing: target)
        let attackerSpec = try attacker.map(ModelSpec.init(parsing:))
        let judgeSpec = try judge.map(ModelSpec.init(parsing:))
        let contrastSpec = try contrast.map(ModelSpec.init(parsing:))
        let catalog = SuiteCatalog()
        let file = SuiteCatalog.isStoredVersion(suite) ? nil : try catalog.load(suite)
        let operatorNames = try EvolveCommand.operatorNames(operators, attacker: attackerSpec != nil)
        let opened = try StoreFactory.open(store.db)
        let (base, note) = try await catalog.resolve(suite, loaded: file, store: opened)
        if let note { Terminal.note(note) }
        // The searched version is stored, so promotion has a parent to point at and `suites diff` can show it.
        try await opened.saveSuite(base)
        let seeds = try await Self.seeds(from: base, tags: seedTags, runs: fromRuns, store: opened)
        guard !seeds.isEmpty else {
            throw AssayError(.badInput, "no seeds: suite \(base.name) has no items" + (seedTags.isEmpty ? "" : " tagged \(seedTags.joined(separator: ", "))"))
        }
        let settings = EvolutionSettings(
            budget: budget, seed: UInt64(bitPattern: Int64(seed)), batchSize: concurrency, reruns: reruns, threshold: threshold,
            strategy: EvolutionSettings.Strategy(rawValue: strategy) ?? .archive, operators: operatorNames,
            attacker: attackerSpec?.description, judge: judgeSpec?.description, seedTags: seedTags, maxSeeds: maxSeeds,
            seedRuns: fromRuns, contrast: contrastSpec?.description)
        let scorerSpecs = (base.config.scorers.isEmpty ? ScorerFactory.defaults(for: base.items) : base.config.scorers).filter { $0.type != "judge" }
        let scorers = try ScorerFactory.make(scorerSpecs) { _ in throw AssayError(.badInput, "judge scorers are not used by evolve") }
        let mapper = DescriptorMapper(spec: base.config.evolve, seeds: seeds, operators: operatorNames)
        let logger = Logger(label: "assay")
        let (json, promote, fresh) = (self.json, self.promote, self.fresh)
        let retry = requests.retry

        try await Interrupts.cancellingOnSignal {
            try await ProviderRegistry.with(logger: logger, requestTimeout: requests.timeout) { registry in
                let targetProvider = try await registry.provider(for: targetSpec)
                var record: EvolutionRecord
                var state: EvolutionState
                let configJSON = String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self)
                if !fresh, let existing = try await opened.resumableEvolution(suiteVersion: base.version, target: targetProvider.identity,
                                                                              configHash: settings.configHash) {
                    record = existing
                    state = try await EvolutionState.load(existing, from: opened)
                    Terminal.note("resuming evolution \(existing.id) at \(state.targetQueries)/\(settings.budget) target queries")
                } else {
                    state = EvolutionSearch.initialState(seeds: seeds, settings: settings, mapper: mapper)
                    record = EvolutionRecord(
                        id: Self.newID(), suiteName: base.name, suiteVersion: base.version, target: targetProvider.identity,
                        configHash: settings.configHash, config: configJSON, state: try state.json())
                    try await opened.saveEvolution(record)
                    Terminal.note("evolution \(record.id): \(base.name) (\(base.version.prefix(12))) on \(targetSpec), " +
                                  "\(state.seeds.count) seeds, \(mapper.space.cellCount) cells, budget \(settings.budget)")
                }
                let models = EvolutionSearch.Models(
                    target: targetProvider,
                    attacker: try await attackerSpec.asyncMap { try await registry.provider(for: $0) },
                    judge: try await judgeSpec.asyncMap { try await registry.provider(for: $0) },
                    contrast: try await contrastSpec.asyncMap { try await registry.provider(for: $0) })
                let search = try EvolutionSearch(id: record.id, suite: base, settings: settings, models: models, scorers: scorers,
                                                 mapper: mapper, store: opened, retry: retry)
                let reporter = EvolveProgress(budget: settings.budget)
                let final: EvolutionState
                // Only the items a step added are written with its checkpoint; the state itself stays small.
                var logged = state.evaluated.count
                do {
                    final = try await search.run(from: state, checkpoint: { current in
                        record.state = try current.json()
                        record.updatedAt = Date()
                        try await opened.saveEvolution(record, entries: try current.newEntries(after: logged))
                        logged = current.evaluated.count
                    }, progress: { reporter.show($0) })
                } catch {
                    record.status = Task.isCancelled ? .interrupted : .failed
                    try? await opened.saveEvolution(record)
                    throw error
                }
                reporter.finish()
                if Task.isCancelled {
                    record.status = .interrupted
                    try await opened.saveEvolution(record)
                    throw CancellationError()
                }
                record.state = try final.json()
                record.status = .completed
                var promoted: Promotion.Result?
                if promote {
                    let result = Promotion.promote(base: base, state: final, evolution: record.id, target: targetProvider.identity,
                                                   attacker: attackerSpec?.description)
                    if !result.added.isEmpty {
                        try await opened.saveSuite(result.suite)
                        try await opened.saveItems(result.ancestors)
                        record.promotedVersion = result.suite.version
                    }
                    promoted = result
                }
                record.updatedAt = Date()
                try await opened.saveEvolution(record, entries: try final.newEntries(after: logged))
                let summary = EvolutionSummary(state: final, threshold: settings.threshold)
                if json {
                    print(EvolveOutput.json(record: record, base: base, state: final, summary: summary, promoted: promoted))
                } else {
                    print(EvolveOutput.table(record: record, base: base, state: final, summary: summary, promoted: promoted))
                    if let url = ServerMarker(storeLocation: opened.location).runningURL() {
                        Terminal.note("dashboard: \(url)/evolutions/\(record.id)")
                    }
                }
            }
        }
    }

    static func operatorNames(_ list: String?, attacker: Bool) throws -> [String] {
        guard let list else {
            return (attacker ? Operators.all() : Operators.deterministic()).map(\.name)
        }
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for name in names {
            guard let op = Operators.named(name) else {
                throw AssayError(.badInput, "unknown operator '\(name)' (known: \(Operators.all().map(\.name).joined(separator: ", ")))")
            }
            if op.needsAttacker && !attacker { throw AssayError(.badInput, "operator '\(name)' needs --attacker SPEC") }
        }
        return names
    }

    /// The suite's items (by tag) and the failing items of the named runs.
    static func seeds(from suite: Suite, tags: [String], runs: [String], store: any Store) async throws -> [Item] {
        var seeds = tags.isEmpty ? suite.items : suite.items.filter { !Set($0.tags).isDisjoint(with: tags) }
        var seen = Set(seeds.map(\.id))
        for runID in runs {
            guard let run = try await store.run(id: runID) else { throw AssayError(.badInput, "no run '\(runID)'") }
            let failing = try await store.samples(runID: run.id, filter: SampleFilter(verdict: "fail"), offset: 0, limit: 10_000)
            for result in failing where seen.insert(result.sample.itemID).inserted {
                if let item = try await store.item(id: result.sample.itemID) { seeds.append(item) }
            }
        }
        return seeds
    }

    static func newID() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "evo-" + formatter.string(from: Date()) + "-" + String(UUID().uuidString.lowercased().prefix(6))
    }
}

struct EvolutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evolutions", abstract: "List and show evolve searches.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List searches, newest first: id, status, suite, target, queries, validated.")

        @Option(name: .long, help: "How many.")
        var limit: Int = 20

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            for record in try await opened.evolutions(limit: limit) {
                let state = try? JSONDecoder().decode(EvolutionState.self, from: Data(record.state.utf8))
                let fields = [record.id, record.status.rawValue, record.suiteName, TextSanitizer.printable(record.target),
                              "queries \(state?.targetQueries ?? 0)", "validated \(state?.validated.count ?? 0)",
                              record.promotedVersion.map { "promoted \($0.prefix(12))" } ?? "-"]
                print(fields.joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a search: its figures and findings.")

        @Argument(help: "Evolution id or unique prefix.")
        var id: String

        @Flag(name: .long, help: "As JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard let record = try await opened.evolution(id: id) else { throw AssayError(.badInput, "no evolution '\(id)'") }
            let state = try await EvolutionState.load(record, from: opened)
            let settings = try JSONDecoder().decode(EvolutionSettings.self, from: Data(record.config.utf8))
            let base = try await opened.suite(version: record.suiteVersion)
            let summary = EvolutionSummary(state: state, threshold: settings.threshold)
            let suite = base ?? Suite(config: SuiteConfig(name: record.suiteName), items: [])
            print(json ? EvolveOutput.json(record: record, base: suite, state: state, summary: summary, promoted: nil)
                       : EvolveOutput.table(record: record, base: suite, state: state, summary: summary, promoted: nil))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
