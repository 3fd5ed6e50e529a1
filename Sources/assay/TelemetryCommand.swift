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
        subcommands: [Ingest.self, Drift.self])

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

        @Option(name: .long, help: "uniform, failures (only conversations the user flagged), or topics (evenly across topic clusters).")
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
            if !result.topics.isEmpty {
                let taken = Dictionary(grouping: suite.items, by: { $0.metadata["topic"] ?? "" }).mapValues(\.count)
                print("\(result.topics.count) topic clusters (items taken / conversations):")
                print(TextTable.render(header: ["topic", "taken", "of"], rows: result.topics.map { [TextSanitizer.printable($0.name), "\(taken[$0.name] ?? 0)", "\($0.size)"] },
                                       rightAligned: [1, 2]), terminator: "")
            }
        }
    }

    struct Drift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare production behaviour between two time windows: refusal rate, answer length, topic mix.",
            discussion: """
                The windows are the conversations before --split and those from it on (ISO 8601 date or time), or two \
                files. Refusal rates are compared with a two-proportion z test (Newcombe interval), lengths with \
                Welch's test, the topic mix (each conversation's most widely shared user word) with a permutation \
                chi-square test.
                """)

        @Argument(help: "The telemetry file (the first window, or both with --split).")
        var file: String

        @Argument(help: "A second telemetry file: the second window.")
        var second: String?

        @Option(name: .long, help: "Split one file at this time: before it is window a, from it on window b.")
        var split: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws {
            if (second == nil) == (split == nil) { throw ValidationError("give a second file or --split DATE, not both") }
        }

        func run() async throws {
            let (records, diagnostics) = try TelemetryReader.read(path: file)
            for d in diagnostics { Terminal.note("warning: \(d)") }
            let a: [TelemetryRecord], b: [TelemetryRecord]
            if let split {
                guard let date = TelemetryReader.date(.string(split.count == 10 ? split + "T00:00:00Z" : split)) else {
                    throw AssayError(.badInput, "--split '\(split)': expected an ISO 8601 date such as 2026-11-22 or 2026-11-22T12:00:00Z")
                }
                let dated = records.filter { $0.timestamp != nil }
                if dated.count < records.count { Terminal.note("\(records.count - dated.count) conversations without a timestamp left out") }
                a = dated.filter { $0.timestamp! < date }
                b = dated.filter { $0.timestamp! >= date }
            } else {
                a = records
                b = try TelemetryReader.read(path: second!).records
            }
            guard !a.isEmpty, !b.isEmpty else { throw AssayError(.badInput, "a window is empty (a: \(a.count), b: \(b.count) conversations)") }
            let drift = TelemetryDrift.compare(a, b)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: (try? encoder.encode(drift)) ?? Data(), as: UTF8.self))
                return
            }
            print("window a: \(a.count) conversations, window b: \(b.count)")
            func f(_ x: Double) -> String { x.isFinite ? NumberFormat.fixed(x, 3) : "—" }
            let rows = drift.rows.map { r in
                [r.name, f(r.a), f(r.b), r.ciLow.isFinite ? "\(f(r.difference)) [\(f(r.ciLow)), \(f(r.ciHigh))]" : f(r.difference),
                 r.test, r.pValue < 0.001 ? "<0.001" : f(r.pValue)]
            }
            print(TextTable.render(header: ["statistic", "a", "b", "a − b [95% CI]", "test", "p"], rows: rows, rightAligned: [1, 2]))
            print("topics (share of conversations):")
            print(TextTable.render(header: ["topic", "a", "b"], rows: drift.topics.map { [$0.term, f($0.a), f($0.b)] }, rightAligned: [1, 2]))
        }
    }
}
