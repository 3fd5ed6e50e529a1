import AssayAnalysis
import AssayCore
import AssayEvolve
import AssayProviders
import Foundation

/// Asks a model for a short title of a finding.
enum FindingTitler {
    static func title(terms: [String], examples: [FailureSample], provider: any ModelProvider) async throws -> String? {
        let shown = examples.prefix(3).enumerated().map { index, example in
            "Example \(index + 1)\nPrompt: \(example.prompt.prefix(400))\nResponse: \(example.response.prefix(300))"
        }.joined(separator: "\n\n")
        let prompt = """
            These failures of an AI model were grouped together. Their most characteristic words are: \(terms.joined(separator: ", ")).

            \(shown)

            Write a title of at most eight words naming what the failures have in common. Reply with the title only.
            """
        let completion = try await provider.generate(GenerationRequest(messages: [.user(prompt)], parameters: GenerationParameters(maxTokens: 24, temperature: 0),
                                                                       logprobs: false))
        let line = completion.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let title = line.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'*#.")).prefix(80)
        return title.isEmpty ? nil : String(title)
    }
}

/// Text and JSON of findings.
enum FindingsOutput {
    static func object(_ s: FindingSummary) -> [String: Any] {
        var object: [String: Any] = [
            "id": s.finding.id, "title": s.finding.title, "terms": s.finding.terms, "status": s.finding.status.rawValue,
            "samples": s.samples, "items": s.items, "runs": s.sources, "representation": s.finding.representation,
            "models": s.models.map { ["model": $0.model, "samples": $0.count] as [String: Any] },
            "trend": s.trend.map { point in
                ["source": point.source.source, "kind": point.source.kind, "model": point.source.model, "samples": point.source.samples,
                 "count": point.count, "rate": point.rate, "ci_low": point.low, "ci_high": point.high,
                 "started_at": ISO8601DateFormatter().string(from: point.source.startedAt)] as [String: Any]
            },
            "promoted_versions": s.finding.promotedVersions,
        ]
        if let note = s.finding.note { object["note"] = note }
        if let first = s.firstSeen { object["first_seen"] = ISO8601DateFormatter().string(from: first) }
        if let last = s.lastSeen { object["last_seen"] = ISO8601DateFormatter().string(from: last) }
        return object
    }

    static func json(_ value: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data(),
               as: UTF8.self)
    }

    static func text(_ s: FindingSummary, examples: [FailureSources.Example]) -> String {
        let f = s.finding
        var out = "\(f.id)  \(f.status.rawValue)  \(TextSanitizer.printable(f.title))\n"
        out += "terms: \(f.terms.map(TextSanitizer.printable).joined(separator: ", "))\n"
        if let note = f.note { out += "note: \(TextSanitizer.printable(note))\n" }
        out += "\(s.samples) samples of \(s.items) items in \(s.sources) of \(s.trend.count) mined runs; first seen \(FindingSummary.day(s.firstSeen)), last seen \(FindingSummary.day(s.lastSeen))\n"
        if !f.promotedVersions.isEmpty { out += "promoted into: \(f.promotedVersions.map { String($0.prefix(12)) }.joined(separator: ", "))\n" }
        out += "\n" + TextTable.render(header: ["run", "kind", "model", "started", "samples", "in finding", "rate", "95% CI"], rows: s.trend.map { p in
            [p.source.source, p.source.kind, p.source.model, FindingSummary.day(p.source.startedAt), "\(p.source.samples)", "\(p.count)",
             String(format: "%.3f", p.rate), String(format: "[%.3f, %.3f]", p.low, p.high)]
        }, rightAligned: [4, 5, 6])
        for example in examples {
            out += "\n\(example.kind) example (\(example.key.source), item \(example.key.itemID.prefix(12)), epoch \(example.key.epoch)):\n"
            out += "  prompt:   " + TextSanitizer.printable(String(example.prompt.prefix(300))).replacingOccurrences(of: "\n", with: "\n            ") + "\n"
            out += "  response: " + TextSanitizer.printable(String(example.response.prefix(300))).replacingOccurrences(of: "\n", with: "\n            ") + "\n"
        }
        return out
    }
}
