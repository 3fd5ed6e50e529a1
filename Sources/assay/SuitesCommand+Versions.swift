import AssayCore
import AssayEngine
import AssayEvolve
import AssayStore
import ArgumentParser
import Foundation

extension SuitesCommand {
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a suite's stored versions, newest first: version, parent, date, active and retired counts.")

        @Argument(help: "Suite name.")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let versions = try await opened.suiteVersions(name: name)
            guard !versions.isEmpty else { throw AssayError(.badInput, "no stored versions of suite '\(name)' (a run or an evolve stores one)") }
            let formatter = ISO8601DateFormatter()
            for info in versions {
                print([String(info.version.prefix(12)), info.parent.map { String($0.prefix(12)) } ?? "-", formatter.string(from: info.createdAt),
                       "\(info.itemCount) active", "\(info.retiredCount) retired"].joined(separator: "\t"))
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the items added and retired between two versions of a suite.")

        @Argument(help: "Suite name.")
        var name: String
        @Argument(help: "The older version (hash or unique prefix).")
        var from: String
        @Argument(help: "The newer version.")
        var to: String

        @Flag(name: .long, help: "As JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            let old = try await Self.version(from, of: name, in: opened)
            let new = try await Self.version(to, of: name, in: opened)
            let diff = SuiteDiff(old: old, new: new)
            if json {
                struct Entry: Encodable { var item: String; var prompt: String; var `operator`: String?; var parent: String?; var state: String?; var reason: String? }
                struct Output: Encodable { var suite: String; var from: String; var to: String; var added: [Entry]; var removed: [Entry]; var unchanged: Int; var config_changed: Bool }
                let output = Output(
                    suite: name, from: old.version, to: new.version,
                    added: diff.added.map { Entry(item: $0.id, prompt: $0.prompt, operator: $0.provenance.operator, parent: $0.provenance.parent) },
                    removed: diff.removed.map { Entry(item: $0.item.id, prompt: $0.item.prompt, state: $0.state?.rawValue ?? "removed", reason: $0.reason) },
                    unchanged: diff.unchanged, config_changed: diff.configChanged)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
                return
            }
            print("\(name): \(old.version.prefix(12)) -> \(new.version.prefix(12))  +\(diff.added.count) added  -\(diff.removed.count) retired  \(diff.unchanged) unchanged" +
                  (diff.configChanged ? "  (configuration changed)" : ""))
            for item in diff.added {
                let how = item.provenance.evidence.map { "\($0.operatorChain.joined(separator: " > ")) on \($0.targetModel)" } ?? (item.provenance.operator ?? item.provenance.origin.rawValue)
                print("+ [\(item.id.prefix(12))] \(TextSanitizer.printable(how))  " + Self.excerpt(item.prompt))
            }
            for entry in diff.removed {
                print("- [\(entry.item.id.prefix(12))] \(entry.state?.rawValue ?? "removed")\(entry.reason.map { " (\($0))" } ?? "")  " + Self.excerpt(entry.item.prompt))
            }
        }

        static func version(_ version: String, of name: String, in store: any Store) async throws -> Suite {
            guard let suite = try await store.suite(version: version) else {
                throw AssayError(.badInput, "no stored version '\(version)' (or the prefix is ambiguous); see `assay suites versions \(name)`")
            }
            guard suite.name == name else { throw AssayError(.badInput, "version \(version) belongs to suite '\(suite.name)', not '\(name)'") }
            return suite
        }

        static func excerpt(_ text: String) -> String {
            TextSanitizer.printable(String(text.prefix(100))).replacingOccurrences(of: "\n", with: " ")
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new suite version with the validated failures of a search (`assay evolve --promote` does this at the end).")

        @Argument(help: "Suite name.")
        var name: String

        @Option(name: .long, help: "The evolution whose validated failures to add.")
        var from: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try StoreFactory.open(store.db)
            guard var record = try await opened.evolution(id: from) else { throw AssayError(.badInput, "no evolution '\(from)'") }
            guard record.suiteName == name else { throw AssayError(.badInput, "evolution \(record.id) searched suite '\(record.suiteName)', not '\(name)'") }
            let state = try await EvolutionState.load(record, from: opened)
            let settings = try JSONDecoder().decode(EvolutionSettings.self, from: Data(record.config.utf8))
            // Promote onto the newest version descending from the one searched, so promotions accumulate.
            let head = try await SuiteCatalog.newestDescendant(of: record.suiteVersion, name: name, store: opened) ?? record.suiteVersion
            guard let base = try await opened.suite(version: head) else { throw AssayError(.runtime, "suite version \(head) is missing from the store") }
            let result = Promotion.promote(base: base, state: state, evolution: record.id, target: record.target, attacker: settings.attacker)
            guard !result.added.isEmpty else {
                print("nothing to promote: evolution \(record.id) has no validated failure new to \(name) \(base.version.prefix(12))")
                return
            }
            try await opened.saveSuite(result.suite)
            try await opened.saveItems(result.ancestors)
            record.promotedVersion = result.suite.version
            record.updatedAt = Date()
            try await opened.saveEvolution(record)
            print("promoted \(result.added.count) item(s): \(name) version \(result.suite.version.prefix(12)) (parent \(base.version.prefix(12)))")
        }
    }
}
