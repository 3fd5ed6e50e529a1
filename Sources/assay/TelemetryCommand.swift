import AssayCore
import AssayEngine
import AssayStore
import ArgumentParser
import Foundation

/// `assay telemetry ingest`: production conversations become candidate test items.
struct TelemetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Seed tests from production telemetry.",
        subcommands: [Ingest.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read conversations (OpenAI messages JSONL or OTLP/JSON GenAI spans), redact, deduplicate, sample, and write a suite.",
            discussion: """
                E-mail addresses, phone numbers, card numbers and API-key-like strings are replaced by [EMAIL], [PHONE], \
                [CARD] and [KEY] before anything is written or stored. Each conversation up to its last user turn becomes \
                an item with telemetry provenance (file and line or span); the production answer is kept, redacted, in \
                metadata.production_response. The suite is written to --out (default: the user suite folder, so \
                `assay run --suite NAME` finds it) and its version is stored.
                """)

        @Argument(help: "The telemetry file.")
        var file: String

        @Option(name: .long, help: "The suite's name.")
        var name: String

        @Option(name: .long, help: "Where to write the suite (default: .assay/suites/NAME, or ASSAY_SUITES/NAME).")
        var out: String?

        @Option(name: .long, help: "uniform, or failures (only conversations the user flagged).")
        var sample: String = "uniform"

        @Option(name: .long, help: "At most this many items.")
        var limit: Int?

        @Option(name: .long, help: "Seed of the sample.")
        var seed = 0

        @Option(name: .long, help: "openai or otel (default: detected).")
        var format: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard TelemetryIngest.Sampling(rawValue: sample) != nil else {
                throw ValidationError("--sample must be one of \(TelemetryIngest.Sampling.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let format, TelemetryReader.Format(rawValue: format) == nil { throw ValidationError("--format must be openai or otel") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if name.isEmpty || !name.unicodeScalars.allSatisfy({ "abcdefghijklmnopqrstuvwxyz0123456789_.-".unicodeScalars.contains($0) }) {
                throw ValidationError("--name: use lower-case letters, digits, '_', '.' and '-'")
            }
        }

        func run() async throws {
            let (records, diagnostics) = try TelemetryReader.read(path: file, format: format.flatMap(TelemetryReader.Format.init(rawValue:)))
            for d in diagnostics { Terminal.note("warning: \(d)") }
            let result = TelemetryIngest.items(records, sampling: TelemetryIngest.Sampling(rawValue: sample)!, limit: limit, seed: seed)
            guard !result.items.isEmpty else { throw AssayError(.badInput, "\(file): no usable conversation (\(records.count) read)") }
            let suite = Suite(config: SuiteConfig(name: name, description: "Candidate items from telemetry (\((file as NSString).lastPathComponent), \(sample) sample)."),
                              items: Suite.deduplicated(result.items), origin: file)
            let directory = out ?? (SuiteCatalog().userDirectory as NSString).appendingPathComponent(name)
            try SuiteWriter.write(suite, to: directory)
            let opened = try StoreFactory.open(store.db)
            try await opened.saveSuite(suite)
            let r = result.redactions
            print("""
                read \(result.read) conversations: \(result.unusable) without a user turn, \(result.duplicates) duplicates
                redacted: \(r.email) e-mail addresses, \(r.phone) phone numbers, \(r.card) card numbers, \(r.key) keys
                \(suite.items.count) items (\(suite.items.filter { $0.tags.contains("flagged") }.count) flagged) written to \(directory); \
                suite \(name) version \(suite.version.prefix(12)) stored in \(opened.location)
                """)
        }
    }
}
