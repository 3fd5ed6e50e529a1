import AssayAnalysis
import AssayCore
import AssayEngine
import AssayStore
import ArgumentParser
import Foundation

extension SuitesCommand {
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Item analysis across models: a 2PL fit (ability, difficulty, discrimination) and flags for items that no longer measure.",
            discussion: """
                Uses the newest completed run of each model on the suite (or the runs given). Items every model passed are \
                flagged saturated; items whose discrimination is below --min-discrimination (with at least 3 models) are \
                flagged; items every model failed are flagged unsolved and never retired. --retire writes a new suite version \
                without the saturated and non-discriminating items; they stay on record, queryable.
                """)

        @Argument(help: "Suite name or path.")
        var name: String

        @Option(name: .long, parsing: .upToNextOption, help: "Runs to analyse (default: the newest completed run per model).")
        var runs: [String] = []

        @Option(name: .long, help: "The pass/fail scorer to analyse (default: the runs' first).")
        var scorer: String?

        @Option(name: .customLong("min-discrimination"), help: "Items with a lower discrimination are flagged.")
        var minDiscrimination: Double = 0.3

        @Flag(name: .long, help: "Write a new suite version without the flagged items.")
        var retire = false

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let file = SuiteCatalog.isStoredVersion(name) ? nil : try SuiteCatalog().load(name)
            let opened = try StoreFactory.open(store.db)
            let (head, _) = try await SuiteCatalog().resolve(name, loaded: file, store: opened)
            var chosen: [ComparedRun] = []
            if runs.isEmpty {
                var seen = Set<String>()
                for record in try await opened.runs(limit: 10_000) where record.suiteName == head.name && record.status == .completed {
                    if seen.insert(record.model + "\u{1f}" + record.config.modelIdentity).inserted {
                        chosen.append(ComparedRun(record: record, results: try await opened.results(runID: record.id)))
                    }
                }
            } else {
                for id in runs { chosen.append(try await ComparedRun.load(id, from: opened)) }
            }
            guard chosen.count >= 2 else {
                throw AssayError(.badInput, "item analysis needs runs of at least two models on \(head.name); found \(chosen.count) (run more models, or give --runs)")
            }
            let discrete = chosen[0].record.config.scorers.filter { !chosen[0].record.config.continuousScorers.contains($0) }
            guard let scorer = scorer ?? discrete.first else { throw AssayError(.badInput, "the runs have no pass/fail scorer") }
            guard discrete.contains(scorer) else {
                throw AssayError(.badInput, "'\(scorer)' is not a pass/fail scorer of run \(chosen[0].record.id.prefix(12)) (it has \(discrete.joined(separator: ", ")))")
            }
            let analysis = ItemAnalysis.analyze(runs: chosen, scorer: scorer, itemIDs: head.items.map(\.id), minimumDiscrimination: minDiscrimination)
            if json { print(analysis.json()) } else { print(Self.table(analysis, head: head), terminator: "") }

            let flagged = analysis.items.filter { $0.flags.contains { $0.retires } }
            guard retire, !flagged.isEmpty else { return }
            let byID = Dictionary(uniqueKeysWithValues: head.items.map { ($0.id, $0) })
            let retired = flagged.compactMap { row -> RetiredItem? in
                guard let item = byID[row.itemID] else { return nil }
                let saturated = row.flags.contains(.saturated)
                let reason = saturated ? "IRT: every one of \(row.models) models passed (\(scorer))"
                    : "IRT: \(row.flags.map(\.rawValue).joined(separator: ", ")), discrimination \(NumberFormat.fixed(row.discrimination, 2)) over \(row.models) models (\(scorer))"
                return RetiredItem(item: item, state: saturated ? .saturated : .retired, reason: reason)
            }
            let ids = Set(retired.map(\.item.id))
            try await opened.saveSuite(head)
            let next = Suite(config: head.config, items: head.items.filter { !ids.contains($0.id) }, retired: head.retired + retired,
                             parent: head.version, origin: head.origin)
            try await opened.saveSuite(next)
            Terminal.note("\(head.name) version \(next.version.prefix(12)) (parent \(head.version.prefix(12))): \(retired.count) item(s) retired, \(next.items.count) active")
        }

        static func table(_ analysis: ItemAnalysis, head: Suite) -> String {
            let prompts = Dictionary(uniqueKeysWithValues: head.items.map { ($0.id, $0.prompt) })
            var out = "\(analysis.scorer) on \(head.name) \(head.version.prefix(12)): 2PL over \(analysis.models.count) models × \(analysis.items.count) items"
            out += analysis.converged ? "\n" : " (did not converge; read with care)\n"
            out += TextTable.render(header: ["run", "model", "ability", "stderr", "pass rate", "items"], rows: analysis.models.map { m in
                [m.run, m.model, NumberFormat.fixed(m.ability, 2), NumberFormat.fixed(m.stderr, 2), m.passRate.map { NumberFormat.fixed($0, 3) } ?? "—", "\(m.items)"]
            }, rightAligned: [2, 3, 4, 5])
            let flagged = analysis.items.filter { !$0.flags.isEmpty }
            out += "\nflagged items: \(flagged.count) of \(analysis.items.count)\n"
            if !flagged.isEmpty {
                out += TextTable.render(header: ["item", "flags", "pass rate", "discrimination", "difficulty", "prompt"], rows: flagged.map { r in
                    let prompt = TextSanitizer.printable(String((prompts[r.itemID] ?? "").prefix(60))).replacingOccurrences(of: "\n", with: " ")
                    return [String(r.itemID.prefix(12)), r.flags.map(\.rawValue).joined(separator: ","), r.passRate.map { NumberFormat.fixed($0, 2) } ?? "—",
                            NumberFormat.fixed(r.discrimination, 2), r.difficulty.map { NumberFormat.fixed($0, 2) } ?? "—", prompt]
                }, rightAligned: [2, 3, 4])
            }
            if analysis.models.count < analysis.minimumModels {
                out += "discrimination needs at least \(analysis.minimumModels) models: only saturated and unsolved items are flagged\n"
            }
            return out
        }
    }
}
