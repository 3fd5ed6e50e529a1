public import AssayCore
import Foundation

/// How well an omission assessor (key phrases or a judge) agrees with human labels of responses.
public struct OmissionValidation: Sendable, Encodable {
    /// One labelled response, as the team rated it.
    public struct Label: Hashable, Sendable {
        public var line: Int
        public var scenario: String
        public var condition: String
        public var response: String
        public var facts: [OmissionAssessment.FactVerdict]
        public var falseClaim: Bool

        public var paltering: Bool { !falseClaim && facts.contains(.omitted) }
    }

    /// A response on which the assessor and the label differ.
    public struct Disagreement: Hashable, Sendable, Codable {
        public var line: Int
        public var scenario: String
        public var labelled: String
        public var assessed: String
        public var response: String
    }

    public var assessor: String
    public var responses: Int
    /// Fact labels matched (unsure counts as a mismatch), over all fact labels.
    public var factAgreement: DimensionEstimate
    /// The same, over the facts the assessor decided (not unsure).
    public var factAgreementDecided: DimensionEstimate
    /// Disclosed against not disclosed (omitted or contradicted), over all fact labels: the distinction the disclosure
    /// rate and the omission index are built on. Unsure counts as a mismatch.
    public var disclosureAgreement: DimensionEstimate
    public var falseClaimAgreement: DimensionEstimate
    public var palteringAgreement: DimensionEstimate
    /// Responses whose every fact label and false-claim label matched.
    public var responseAgreement: DimensionEstimate
    /// Labelled verdict → assessed verdict → count.
    public var confusion: [String: [String: Int]]
    public var disagreements: [Disagreement]

    /// Reads a labels file: one object per line with `scenario`, `condition`, `response`, `facts` (one of disclosed,
    /// omitted, contradicted per material fact) and `false_claim`. Problems name the file, line and field; a label whose
    /// scenario is unknown or whose fact count differs from the scenario's is a problem too.
    public static func readLabels(path: String, scenarios: [String: OmissionScenario]) throws -> [Label] {
        var reader = DataRecords(file: path)
        var out: [Label] = []
        for (line, f) in reader.objects(path: path) {
            let before = reader.diagnostics.count
            let scenario = reader.string(f, "scenario", line: line)
            let response = reader.string(f, "response", line: line)
            let condition = reader.string(f, "condition", line: line, required: false) ?? ""
            let names = reader.strings(f, "facts", line: line) ?? []
            let facts = names.compactMap { name -> OmissionAssessment.FactVerdict? in
                guard let v = OmissionAssessment.FactVerdict(rawValue: name), v != .unsure else {
                    reader.fail(line, "facts", "unknown fact label '\(name)' (known: disclosed, omitted, contradicted)")
                    return nil
                }
                return v
            }
            var falseClaim = false
            if case .bool(let b)? = f["false_claim"] { falseClaim = b } else { reader.fail(line, "false_claim", "missing false_claim (true or false)") }
            if let scenario {
                if let s = scenarios[scenario] {
                    if names.count != s.material.count {
                        reader.fail(line, "facts", "scenario '\(scenario)' has \(s.material.count) material facts, the label gives \(names.count)")
                    }
                } else {
                    reader.fail(line, "scenario", "unknown scenario '\(scenario)'")
                }
            }
            guard reader.diagnostics.count == before, let scenario, let response else { continue }
            out.append(Label(line: line, scenario: scenario, condition: condition, response: response, facts: facts, falseClaim: falseClaim))
        }
        if !reader.diagnostics.isEmpty { throw AssayError.invalid(reader.diagnostics) }
        return out
    }

    /// Compares each label with `assessments` (same order).
    public static func measure(labels: [Label], assessments: [OmissionAssessment], assessor: String) -> OmissionValidation {
        var factMatches = 0, factTotal = 0, decided = 0, decidedMatches = 0, disclosureMatches = 0
        var claimMatches = 0, claimDecided = 0, palterMatches = 0, responseMatches = 0
        var confusion: [String: [String: Int]] = [:]
        var disagreements: [Disagreement] = []
        for (label, assessed) in zip(labels, assessments) {
            var allFacts = true
            for (l, a) in zip(label.facts, assessed.facts) {
                factTotal += 1
                confusion[l.rawValue, default: [:]][a.rawValue, default: 0] += 1
                if a != .unsure { decided += 1 }
                if a != .unsure, (l == .disclosed) == (a == .disclosed) { disclosureMatches += 1 }
                if l == a { factMatches += 1; decidedMatches += 1 } else { allFacts = false }
            }
            let claimMatch = assessed.falseClaim == label.falseClaim
            if assessed.falseClaim != nil { claimDecided += 1 }
            if claimMatch { claimMatches += 1 }
            if assessed.paltering == label.paltering { palterMatches += 1 }
            if allFacts && claimMatch {
                responseMatches += 1
            } else {
                func text(_ facts: [OmissionAssessment.FactVerdict], _ claim: Bool?) -> String {
                    facts.map(\.rawValue).joined(separator: ", ") + "; " + (claim.map { $0 ? "false claim" : "no false claim" } ?? "unsure")
                }
                disagreements.append(Disagreement(line: label.line, scenario: label.scenario, labelled: text(label.facts, label.falseClaim),
                                                  assessed: assessed.summary, response: label.response))
            }
        }
        let n = labels.count
        return OmissionValidation(
            assessor: assessor, responses: n,
            factAgreement: .rate("fact_agreement", successes: Double(factMatches), n: factTotal),
            factAgreementDecided: .rate("fact_agreement_decided", successes: Double(decidedMatches), n: decided),
            disclosureAgreement: .rate("disclosure_agreement", successes: Double(disclosureMatches), n: factTotal),
            falseClaimAgreement: .rate("false_claim_agreement", successes: Double(claimMatches), n: n),
            palteringAgreement: .rate("paltering_agreement", successes: Double(palterMatches), n: n),
            responseAgreement: .rate("response_agreement", successes: Double(responseMatches), n: n),
            confusion: confusion, disagreements: disagreements)
    }

    public func json() -> String { ReportJSON.encode(self) }

    /// The agreement table, the confusion matrix and the first `limit` disagreements.
    public func table(limit: Int = 10) -> String {
        var out = "assessor: \(assessor), \(responses) labelled responses\n"
        let rows = [factAgreement, factAgreementDecided, disclosureAgreement, falseClaimAgreement, palteringAgreement, responseAgreement].map { e in
            [e.name, RunComparison.fmt(e.value), "[\(RunComparison.fmt(e.ciLow)), \(RunComparison.fmt(e.ciHigh))]", "\(e.n)"]
        }
        out += TextTable.render(header: ["agreement", "value", "95% CI", "n"], rows: rows, rightAligned: [1, 3])
        let kinds = OmissionAssessment.FactVerdict.allCases.map(\.rawValue)
        out += "\nlabel ↓ / assessed →\n" + TextTable.render(header: ["label"] + kinds, rows: kinds.dropLast().map { l in
            [l] + kinds.map { "\(confusion[l]?[$0] ?? 0)" }
        }, rightAligned: Set(1...kinds.count))
        if !disagreements.isEmpty {
            out += "\ndisagreements: \(disagreements.count)\n"
            for d in disagreements.prefix(limit) {
                out += "line \(d.line) \(d.scenario): labelled \(d.labelled) | assessed \(d.assessed)\n"
                out += "  \(TextSanitizer.printable(String(d.response.prefix(160))))\n"
            }
            if disagreements.count > limit { out += "… \(disagreements.count - limit) more (--json lists all)\n" }
        }
        return out
    }
}

extension OmissionValidation {
    /// Assesses every labelled response: by key phrases, or by `judge` with at most `concurrency` requests in flight.
    /// A judge error leaves that response unsure.
    public static func assess(_ labels: [Label], scenarios: [String: OmissionScenario], judge: (any ModelProvider)?,
                              concurrency: Int = 4) async -> [OmissionAssessment] {
        guard let judge else {
            return labels.map { OmissionAssessment.keyPhrases(scenario: scenarios[$0.scenario]!, response: $0.response) }
        }
        var out = [OmissionAssessment?](repeating: nil, count: labels.count)
        await withTaskGroup(of: (Int, OmissionAssessment).self) { group in
            var next = 0
            func add() {
                guard next < labels.count else { return }
                let i = next, label = labels[i], scenario = scenarios[label.scenario]!
                next += 1
                group.addTask {
                    do {
                        return (i, try await OmissionAssessment.judge(scenario: scenario, response: label.response) { prompt in
                            try await judge.generate(GenerationRequest(messages: [.user(prompt)],
                                                                       parameters: GenerationParameters(maxTokens: 40, temperature: 0),
                                                                       logprobs: false)).text
                        })
                    } catch {
                        return (i, OmissionAssessment(facts: Array(repeating: .unsure, count: scenario.material.count), falseClaim: nil,
                                                      reasons: ["judge request failed: \(error)"]))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { add() }
            for await (i, assessment) in group {
                out[i] = assessment
                add()
            }
        }
        return out.map { $0! }
    }
}
