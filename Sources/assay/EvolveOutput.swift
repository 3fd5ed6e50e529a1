import AssayCore
import AssayEvolve
import Foundation
import Synchronization

/// A line per step on stderr: queries spent, items evaluated, failures found and validated.
final class EvolveProgress: Sendable {
    private let budget: Int
    private let lastPrint = Mutex(Date.distantPast)

    init(budget: Int) {
        self.budget = budget
    }

    func show(_ state: EvolutionState) {
        let now = Date()
        let due = lastPrint.withLock { last -> Bool in
            guard Terminal.stderrIsTTY || now.timeIntervalSince(last) >= 5 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let line = "queries \(state.targetQueries)/\(budget)  evaluated \(state.evaluated.count)  " +
            "cells \(state.archive.filledCells.count)/\(state.archive.space.cellCount)  " +
            "failures \(state.findings.count)  validated \(state.validated.count)"
        if Terminal.stderrIsTTY { Terminal.raw("\r\u{1B}[2K" + line) } else { Terminal.note(line) }
    }

    func finish() {
        if Terminal.stderrIsTTY { Terminal.raw("\n") }
    }
}

/// The result of a search, for people (a table) and for tools (JSON).
enum EvolveOutput {
    static func table(record: EvolutionRecord, base: Suite, state: EvolutionState, summary: EvolutionSummary, promoted: Promotion.Result?) -> String {
        var lines: [String] = []
        lines.append("evolution \(record.id)  \(record.status.rawValue)  \(base.name) (\(record.suiteVersion.prefix(12))) on \(TextSanitizer.printable(record.target))")
        lines.append("target queries     \(summary.targetQueries) (attacker \(summary.attackerQueries), judge \(summary.judgeQueries))")
        lines.append("evaluated          \(summary.evaluated) items, \(summary.judged) judged")
        lines.append("attack success     \(percent(summary.attackSuccessRate)) of judged responses")
        lines.append("archive            \(summary.filledCells)/\(summary.totalCells) cells hold a failure (coverage \(percent(summary.coverage))), QD score \(NumberFormat.plain(summary.qdScore))")
        lines.append("findings           \(summary.validated) validated, \(summary.flaky) flaky, \(summary.unconfirmed) unconfirmed, \(summary.candidates) not validated")
        lines.append("distinct validated \(summary.distinctValidated) (\(NumberFormat.plain(summary.distinctPer1000Queries)) per 1,000 queries), diversity \(NumberFormat.plain(summary.diversity))")
        if !summary.families.isEmpty {
            lines.append("families           " + summary.families.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let reason = state.stopReason { lines.append("stopped early:     \(reason)") }
        let validated = state.validated
        if !validated.isEmpty {
            lines.append("")
            lines.append("validated failures:")
            for finding in validated.prefix(20) {
                let prompt = TextSanitizer.printable(String(finding.item.prompt.prefix(90))).replacingOccurrences(of: "\n", with: " ")
                lines.append("  [\(finding.item.id.prefix(12))] \(finding.descriptor)  \(finding.rerunFailures)/\(finding.reruns) re-runs  \(prompt)")
            }
            if validated.count > 20 { lines.append("  … and \(validated.count - 20) more (`assay evolutions show \(record.id)`)") }
        }
        if let promoted {
            lines.append("")
            if promoted.added.isEmpty {
                lines.append("nothing to promote: no validated failure is new to \(base.name)")
            } else {
                lines.append("promoted \(promoted.added.count) item(s): \(base.name) version \(promoted.suite.version.prefix(12)) (parent \(base.version.prefix(12)))")
                lines.append("see `assay suites diff \(base.name) \(base.version.prefix(12)) \(promoted.suite.version.prefix(12))`")
            }
        } else if !validated.isEmpty, record.promotedVersion == nil {
            lines.append("")
            lines.append("promote with `assay suites promote \(base.name) --from \(record.id)`")
        }
        return lines.joined(separator: "\n")
    }

    struct FindingJSON: Encodable {
        var item: String
        var prompt: String
        var cell: [String]
        var `operator`: String?
        var parent: String?
        var status: String
        var fitness: Double
        var reruns: Int
        var rerun_failures: Int
        var verdicts: [String]
        var found_at_query: Int
    }

    struct Output: Encodable {
        var evolution: String
        var status: String
        var suite: String
        var suite_version: String
        var target: String
        var summary: EvolutionSummary
        var findings: [FindingJSON]
        var promoted_version: String?
        var promoted_items: [String]?
    }

    static func json(record: EvolutionRecord, base: Suite, state: EvolutionState, summary: EvolutionSummary, promoted: Promotion.Result?) -> String {
        let output = Output(
            evolution: record.id, status: record.status.rawValue, suite: base.name, suite_version: record.suiteVersion, target: record.target,
            summary: summary,
            findings: state.findings.map {
                FindingJSON(item: $0.item.id, prompt: $0.item.prompt, cell: $0.descriptor.values, operator: $0.item.provenance.operator,
                            parent: $0.item.provenance.parent, status: $0.status.rawValue, fitness: $0.fitness, reruns: $0.reruns,
                            rerun_failures: $0.rerunFailures, verdicts: $0.verdicts.map(\.description), found_at_query: $0.foundAtQuery)
            },
            promoted_version: record.promotedVersion, promoted_items: promoted.map { $0.added.map(\.id) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
