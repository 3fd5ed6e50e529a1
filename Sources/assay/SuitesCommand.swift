import AssayCore
import AssayEngine
import AssayStore
import ArgumentParser
import Foundation

struct SuitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suites", abstract: "List, show, validate and import suites.",
        subcommands: [List.self, Show.self, Validate.self, Import.self, Versions.self, Diff.self, Promote.self, Saturate.self, Retire.self, Analyze.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suites, one per line, name first.")

        func run() async throws {
            for entry in SuiteCatalog().entries() {
                print("\(entry.name)\t\(entry.builtin ? "builtin" : "imported")\t\(entry.path)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a suite: version, scorers, tags and sample items.")

        @Argument(help: "Suite name or path.")
        var suite: String

        @Option(name: .long, help: "Items to print.")
        var items: Int = 5

        func run() async throws {
            let loaded = try SuiteCatalog().load(suite)
            print("\(loaded.name)  version \(loaded.version)")
            if !loaded.config.description.isEmpty { print(TextSanitizer.printable(loaded.config.description)) }
            if let kind = loaded.config.kind { print("kind: \(kind.rawValue) (\(kind.summary))") }
            print("items: \(loaded.items.count)")
            var tags: [String: Int] = [:]
            for item in loaded.items { for tag in item.tags { tags[tag, default: 0] += 1 } }
            if !tags.isEmpty { print("tags: " + TextSanitizer.printable(tags.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))) }
            let scorers = loaded.config.scorers.isEmpty ? ScorerFactory.defaults(for: loaded.items) : loaded.config.scorers
            print("scorers: " + scorers.map(\.displayName).joined(separator: ", "))
            let g = loaded.config.generation
            print("generation: max_tokens \(g.maxTokens), temperature \(g.temperature)")
            for item in loaded.items.prefix(items) {
                print("\n[\(item.id.prefix(12))] \(item.target.kind)  \(TextSanitizer.printable(item.tags.joined(separator: ",")))")
                print("  " + TextSanitizer.printable(String(item.prompt.prefix(200))).replacingOccurrences(of: "\n", with: "\n  "))
                if let reference = item.target.referenceText { print("  -> \(TextSanitizer.printable(String(reference.prefix(120))))") }
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check suite files; report problems as file:line: field: message.")

        @Argument(help: "Suite names or paths.")
        var suites: [String]

        func run() async throws {
            var problems: [Diagnostic] = []
            for name in suites {
                do {
                    let suite = try SuiteCatalog().load(name)
                    print("ok \(suite.name) \(suite.version.prefix(12)) \(suite.items.count) items")
                } catch let error as AssayError where !error.diagnostics.isEmpty {
                    problems += error.diagnostics
                }
            }
            if !problems.isEmpty { throw AssayError.invalid(problems) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a public dataset as a suite and print its name.",
            discussion: "Formats: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")

        @Argument(help: "The dataset format.")
        var format: String

        @Argument(help: "The dataset file or folder.")
        var path: String

        @Option(name: .long, help: "Name of the new suite (default: from the dataset).")
        var name: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let format = ImportFormat(rawValue: format) else {
                throw AssayError(.badInput, "unknown format '\(format)' (known: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let suite = try SuiteImporter.load(format, path: path, name: name)
            let catalog = SuiteCatalog()
            let opened = try StoreFactory.open(store.db)
            try SuiteWriter.write(suite, to: "\(catalog.userDirectory)/\(suite.name)")
            try await opened.saveSuite(suite)
            Terminal.note("imported \(suite.items.count) items into \(catalog.userDirectory)/\(suite.name) (version \(suite.version.prefix(12)))")
            print(suite.name)
        }
    }
}
