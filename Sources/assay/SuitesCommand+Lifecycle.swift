import AssayCore
import AssayEngine
import AssayEvolve
import AssayStore
import ArgumentParser
import Foundation

extension SuitesCommand {
    struct Saturate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire, as saturated, the items every tracked model passed in the suite's last N versions.",
            discussion: """
                A model is tracked when it has a completed run on each of the last N versions of the suite (the current \
                version and its parents). Saturated items stay in the new version's record, queryable, but are no longer run.
                """)

        @Argument(help: "Suite name or path.")
        var name: String

        @Option(name: .long, help: "Versions an item must have been passed in.")
        var versions: Int = 3

        @Flag(name: .customLong("dry-run"), help: "List the items without writing a new version.")
        var dryRun = false

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if versions < 1 { throw ValidationError("--versions must be at least 1") }
        }

        func run() async throws {
            let file = SuiteCatalog.isStoredVersion(name) ? nil : try SuiteCatalog().load(name)
            let opened = try StoreFactory.open(store.db)
            let (head, _) = try await SuiteCatalog().resolve(name, loaded: file, store: opened)
            let found = try await Saturation.saturated(in: head, versions: versions, store: opened)
            guard !found.isEmpty else {
                print("no saturated items in \(head.name) \(head.version.prefix(12)) (needs \(versions) version(s) with completed runs of the same models)")
                return
            }
            for finding in found {
                print("saturated [\(finding.item.id.prefix(12))] " + TextSanitizer.printable(String(finding.item.prompt.prefix(90))).replacingOccurrences(of: "\n", with: " "))
            }
            guard !dryRun else { return }
            let next = Saturation.retiring(found, from: head, state: .saturated)
            try await opened.saveSuite(next)
            print("\(head.name) version \(next.version.prefix(12)) (parent \(head.version.prefix(12))): \(found.count) item(s) saturated, \(next.items.count) active")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retire items by id (or unique prefix) into a new suite version; they stay queryable.")

        @Argument(help: "Suite name or path.")
        var name: String

        @Argument(help: "Item ids or unique prefixes.")
        var items: [String]

        @Option(name: .long, help: "Why, recorded with each item.")
        var reason: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let file = SuiteCatalog.isStoredVersion(name) ? nil : try SuiteCatalog().load(name)
            let opened = try StoreFactory.open(store.db)
            let (head, _) = try await SuiteCatalog().resolve(name, loaded: file, store: opened)
            var chosen: [Saturation.Finding] = []
            for prefix in items {
                let matches = head.items.filter { $0.id.hasPrefix(prefix) }
                guard matches.count == 1 else {
                    throw AssayError(.badInput, matches.isEmpty ? "no active item '\(prefix)' in \(head.name) \(head.version.prefix(12))"
                                                                : "item prefix '\(prefix)' is ambiguous")
                }
                chosen.append(Saturation.Finding(item: matches[0], reason: reason))
            }
            try await opened.saveSuite(head)
            let next = Saturation.retiring(chosen, from: head, state: .retired)
            try await opened.saveSuite(next)
            print("\(head.name) version \(next.version.prefix(12)) (parent \(head.version.prefix(12))): \(chosen.count) item(s) retired, \(next.items.count) active")
        }
    }
}
