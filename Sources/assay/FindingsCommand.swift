import AssayAnalysis
import AssayCore
import AssayEvolve
import AssayProviders
import AssayStore
import ArgumentParser
import Foundation
import Logging

/// `assay findings`: failures mined into clusters and tracked like bugs.
struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Mine failures into findings and track them across runs.",
        subcommands: [Mine.self, List.self, Show.self, SetStatus.self, Promote.self], defaultSubcommand: List.self)

    struct Mine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cluster the failing samples of runs (and validated failures of evolutions) into findings.",
            discussion: """
                Failures already in a finding are skipped, so mining the same runs again changes nothing. The rest are \
                clustered (TF-IDF over prompt and response, cosine similarity, average linkage; or embeddings from \
                --embeddings); a cluster close to a stored finding joins it, other clusters of at least --min-size become \
                new findings named by their top terms (or by --titler).
                """)

        @Option(name: .long, parsing: .upToNextOption, help: "Run ids and evolution ids (or unique prefixes).")
        var runs: [String]

        @Option(name: .long, help: "Least average cosine similarity within a cluster and to join a finding.")
        var threshold = 0.2

        @Option(name: .customLong("min-size"), help: "Smallest cluster that becomes a new finding.")
        var minSize = 2

        @Option(name: .long, help: "An OpenAI-compatible embeddings model (openai:MODEL@URL) to cluster with instead of TF-IDF.")
        var embeddings: String?

        @Option(name: .long, help: "A model that writes each new finding a short title.")
        var titler: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions
        @OptionGroup var requests: RequestOptions

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("--runs needs at least one run or evolution id") }
            guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1") }
            guard minSize >= 1 else { throw ValidationError("--min-size must be at least 1") }
        }

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let (failures, sources) = try await FailureSources.gather(runs, store: opened)
            let existing = try await opened.findings()
            let links = try await opened.findingLinks(finding: nil)
            let miner = FailureMiner(options: FailureMiner.Options(threshold: threshold, minimumSize: minSize))
            let embeddingSpec = try embeddings.map { try ModelSpec(parsing: $0) }
            let titlerSpec = try titler.map { try ModelSpec(parsing: $0) }
            let retry = requests.retry
            var result = try await ProviderRegistry.with(logger: Logger(label: "assay"), requestTimeout: requests.timeout) { registry in
                var vectors: FailureMiner.Embeddings?
                if let embeddingSpec {
                    guard let provider = try await registry.provider(for: embeddingSpec) as? OpenAICompatibleProvider else {
                        throw AssayError(.badInput, "--embeddings: \(embeddingSpec) is not an OpenAI-compatible model (openai:MODEL@URL)")
                    }
                    let texts = failures.map { $0.prompt + "\n" + String($0.response.prefix(2_000)) }
                    vectors = FailureMiner.Embeddings(model: embeddingSpec.description, vectors: try await provider.embed(texts))
                }
                var result = miner.mine(failures, existing: existing, links: links, embeddings: vectors)
                if let titlerSpec {
                    let provider = RetryingProvider(try await registry.provider(for: titlerSpec), policy: retry)
                    let byKey = Dictionary(failures.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                    for index in result.findings.indices where result.created.contains(result.findings[index].id) {
                        let examples = result.findings[index].representatives.compactMap { byKey[$0] }
                        if let title = try? await FindingTitler.title(terms: result.findings[index].terms, examples: examples, provider: provider) {
                            result.findings[index].title = title
                        }
                    }
                }
                return result
            }
            try await opened.saveFindings(result.findings, links: result.links, sources: sources)
            result.findings.sort { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
            if json {
                let object: [String: Any] = [
                    "sources": sources.map(\.source), "failures": failures.count, "already_linked": result.alreadyLinked,
                    "unlinked": result.unlinked, "created": result.created,
                    "attached": result.attached,
                    "findings": result.findings.map { ["id": $0.id, "title": $0.title, "terms": $0.terms] as [String: Any] },
                ]
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
                return
            }
            print("mined \(sources.count) source\(sources.count == 1 ? "" : "s"): \(failures.count) failures, \(result.alreadyLinked) already in findings")
            let counts = Dictionary(grouping: result.links, by: \.finding).mapValues(\.count)
            let rows = result.findings.map { finding in
                [result.created.contains(finding.id) ? "new" : "joined", finding.id, "\(counts[finding.id] ?? 0)", TextSanitizer.printable(finding.title)]
            }
            if !rows.isEmpty { print(TextTable.render(header: ["", "finding", "samples", "title"], rows: rows, rightAligned: [2]), terminator: "") }
            if result.unlinked > 0 {
                print("\(result.unlinked) failures in no finding (clusters under \(minSize), far from every finding)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List findings with their counts and when they were seen.")

        @Option(name: .long, help: "Only findings with this status (open, triaged, fixed, wont_fix).")
        var status: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let status, Finding.Status(rawValue: status) == nil { throw ValidationError("--status must be one of open, triaged, fixed, wont_fix") }
        }

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let summaries = try await FindingSummary.all(store: opened).filter { status == nil || $0.finding.status.rawValue == status }
            if json {
                print(FindingsOutput.json(summaries.map(FindingsOutput.object)))
            } else if summaries.isEmpty {
                print("no findings in \(opened.location)" + (status.map { " with status \($0)" } ?? "") + "; mine some with `assay findings mine --runs ID`")
            } else {
                let rows = summaries.map { s in
                    [s.finding.id, s.finding.status.rawValue, "\(s.samples)", "\(s.items)", "\(s.sources)", FindingSummary.day(s.firstSeen),
                     FindingSummary.day(s.lastSeen), TextSanitizer.printable(s.finding.title)]
                }
                print(TextTable.render(header: ["finding", "status", "samples", "items", "runs", "first seen", "last seen", "title"], rows: rows,
                                       rightAligned: [2, 3, 4]), terminator: "")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a finding: counts per run and model, trend, and examples.")

        @Argument(help: "The finding (F-N or N).")
        var id: String

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard let summary = try await FindingSummary.load(id: id, store: opened) else {
                throw AssayError(.notFound, "no finding '\(id)' in \(opened.location) (see `assay findings list`)")
            }
            let examples = try await FailureSources.examples(summary.finding, store: opened)
            if json {
                var object = FindingsOutput.object(summary)
                object["examples"] = examples.map { ["kind": $0.kind, "source": $0.key.source, "item": $0.key.itemID, "epoch": $0.key.epoch,
                                                     "prompt": $0.prompt, "response": $0.response] as [String: Any] }
                print(FindingsOutput.json(object))
            } else {
                print(FindingsOutput.text(summary, examples: examples), terminator: "")
            }
        }
    }

    struct SetStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-status", abstract: "Set a finding's status (and a note).")

        @Argument(help: "The finding (F-N or N).")
        var id: String

        @Argument(help: "open, triaged, fixed or wont_fix.")
        var status: String

        @Option(name: .long, help: "A note to keep with it.")
        var note: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard Finding.Status(rawValue: status) != nil else { throw ValidationError("status must be one of open, triaged, fixed, wont_fix") }
        }

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard var finding = try await opened.finding(id: id) else {
                throw AssayError(.notFound, "no finding '\(id)' in \(opened.location) (see `assay findings list`)")
            }
            let old = finding.status
            finding.status = Finding.Status(rawValue: status) ?? .open
            if let note { finding.note = note }
            finding.updatedAt = Date()
            try await opened.saveFindings([finding], links: [], sources: [])
            print("\(finding.id): \(old.rawValue) -> \(finding.status.rawValue)")
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a finding's examples into a new version of a regression suite.",
            discussion: """
                The representative and minimal examples (every linked item with --all) are added to the newest stored \
                version of SUITE-regressions (SUITE: the suite they failed in), or to --suite; the new version's parent \
                is that version and its origin names the finding. Run it with `assay run --suite NAME@VERSION`.
                """)

        @Argument(help: "The finding (F-N or N).")
        var id: String

        @Option(name: .long, help: "The regression suite's name (default: SUITE-regressions).")
        var suite: String?

        @Flag(name: .long, help: "Promote every linked item, not only the examples.")
        var all = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard var finding = try await opened.finding(id: id) else {
                throw AssayError(.notFound, "no finding '\(id)' in \(opened.location) (see `assay findings list`)")
            }
            let keys = all ? try await opened.findingLinks(finding: finding.id).map(\.key) : finding.representatives + finding.minimal
            let promoted = try await FailureSources.promote(finding, keys: keys, into: suite, store: opened)
            for (suite, added) in promoted {
                guard added > 0 else {
                    print("\(finding.id): \(suite.name) version \(suite.version.prefix(12)) already holds these items; nothing added")
                    continue
                }
                finding.promotedVersions.append(suite.version)
                print("\(finding.id): \(added) item\(added == 1 ? "" : "s") added to \(suite.name) version \(suite.version.prefix(12))"
                      + (suite.parent.map { " (parent \($0.prefix(12)))" } ?? " (first version)")
                      + "; run it with `assay run --suite \(suite.name)@\(suite.version.prefix(12))`")
            }
            finding.updatedAt = Date()
            try await opened.saveFindings([finding], links: [], sources: [])
        }
    }
}
