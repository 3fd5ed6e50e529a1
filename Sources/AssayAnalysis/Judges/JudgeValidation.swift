public import AssayCore
import Foundation

/// A response a person has labelled pass or fail: one line of a labels file.
public struct LabelledResponse: Hashable, Sendable {
    public var id: String
    /// The file line, for messages.
    public var line: Int
    public var item: Item
    public var response: String
    /// The human verdict: true for pass.
    public var label: Bool
}

/// Scores a judge against human labels (`assay judges validate`).
///
/// A labels file is JSON Lines, one labelled response per line:
/// `{"input": "...", "response": "...", "label": "pass" | "fail"}`, with optional `"id"`, `"target"` (a reference answer,
/// text or number, for judges that compare with one) and `"expected": "refuse" | "comply"` (for the refusal judge).
public enum JudgeValidation {
    /// Reads a labels file; throws a bad-input ``AssayError`` with every problem as `file:line: field: message`.
    public static func labels(path: String) throws -> [LabelledResponse] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AssayError(.badInput, "cannot read labels file \(path): \(error.localizedDescription)")
        }
        var diagnostics: [Diagnostic] = []
        var out: [LabelledResponse] = []
        let problems = JSONLReader.forEachRecord(text) { record in
            func problem(_ field: String?, _ message: String) {
                diagnostics.append(Diagnostic(file: path, line: record.line, field: field, message: message))
            }
            guard let object = record.value.objectValue else { return problem(nil, "expected an object, found \(record.value.kindDescription)") }
            let known: Set<String> = ["id", "input", "response", "label", "target", "expected"]
            for key in object.keys.sorted() where !known.contains(key) {
                problem(key, "unknown field (known: \(known.sorted().joined(separator: ", ")))")
            }
            guard let input = object["input"]?.stringValue, !input.isEmpty else { return problem("input", "missing or empty input text") }
            guard let response = object["response"]?.stringValue else { return problem("response", "missing response text") }
            let label: Bool
            switch object["label"] {
            case .string("pass")?, .bool(true)?: label = true
            case .string("fail")?, .bool(false)?: label = false
            case nil: return problem("label", "missing label (pass or fail)")
            case let other?: return problem("label", "expected pass or fail, found \(other.kindDescription)")
            }
            var target = Target.none
            switch (object["expected"], object["target"]) {
            case (.string(let e)?, _):
                guard let behavior = Target.Behavior(rawValue: e) else { return problem("expected", "expected refuse or comply, found '\(e)'") }
                target = .behavior(behavior)
            case (let e?, _): return problem("expected", "expected refuse or comply, found \(e.kindDescription)")
            case (nil, .string(let t)?): target = .text([t])
            case (nil, .number(let x)?): target = .number(x)
            case (nil, let t?) where !t.isNull: return problem("target", "expected text or a number, found \(t.kindDescription)")
            default: break
            }
            let id = object["id"]?.stringValue ?? "line-\(record.line)"
            out.append(LabelledResponse(id: id, line: record.line, item: Item(prompt: input, target: target), response: response, label: label))
        }
        diagnostics += problems.map { Diagnostic(file: path, line: $0.line, field: nil, message: $0.message) }
        if !diagnostics.isEmpty { throw AssayError.invalid(diagnostics.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        if out.isEmpty { throw AssayError(.badInput, "\(path): no labelled responses") }
        return out
    }

    /// One judged label.
    public struct Judged: Hashable, Sendable {
        public var labelled: LabelledResponse
        public var score: Score
    }

    /// Runs `judge` on every labelled response, at most `concurrency` at a time, in file order.
    public static func judge(_ labels: [LabelledResponse], with judge: any Scorer, concurrency: Int = 4) async -> [Judged] {
        await withTaskGroup(of: (Int, Score).self) { group in
            var results = [Score?](repeating: nil, count: labels.count)
            var next = 0
            func add() {
                let index = next
                let labelled = labels[index]
                next += 1
                group.addTask {
                    let sample = Sample(runID: "judge-validation", itemID: labelled.id, epoch: 0, messages: labelled.item.input,
                                        completion: Completion(text: labelled.response))
                    return (index, await judge.score(item: labelled.item, sample: sample))
                }
            }
            while next < min(max(1, concurrency), labels.count) { add() }
            while let (index, score) = await group.next() {
                results[index] = score
                if next < labels.count { add() }
            }
            return zip(labels, results).map { Judged(labelled: $0, score: $1!) }
        }
    }
}

/// What `assay judges validate` reports, and what later corrections read back (`--json`).
public struct JudgeValidationReport: Sendable, Encodable {
    public var judge: String
    public var labels: String
    public var n: Int
    public var agreement: JudgeAgreement
    public var disagreements: [Disagreement]

    /// A label the judge got wrong.
    public struct Disagreement: Hashable, Sendable, Encodable {
        public var id: String
        public var line: Int
        public var label: Verdict
        public var verdict: Verdict
        public var explanation: String?
    }

    public init(judge: String, labels: String, judged: [JudgeValidation.Judged]) {
        self.judge = judge
        self.labels = labels
        n = judged.count
        agreement = JudgeAgreement(pairs: judged.map { ($0.labelled.label, $0.score.verdict) })
        disagreements = judged.compactMap { j in
            let label: Verdict = j.labelled.label ? .pass : .fail
            guard j.score.verdict != label else { return nil }
            return Disagreement(id: j.labelled.id, line: j.labelled.line, label: label, verdict: j.score.verdict, explanation: j.score.explanation)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case judge, labels, n, decided, abstained, accuracy, kappa, sensitivity, specificity, abstainRate, confusion, disagreements
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(judge, forKey: .judge)
        try c.encode(labels, forKey: .labels)
        try c.encode(n, forKey: .n)
        try c.encode(agreement.decided, forKey: .decided)
        try c.encode(agreement.abstained, forKey: .abstained)
        try c.encode(agreement.accuracy, forKey: .accuracy)
        try c.encode(agreement.kappa, forKey: .kappa)
        try c.encode(agreement.sensitivity, forKey: .sensitivity)
        try c.encode(agreement.specificity, forKey: .specificity)
        try c.encode(agreement.abstainRate, forKey: .abstainRate)
        try c.encode(["true_pass": agreement.truePass, "false_fail": agreement.falseFail, "false_pass": agreement.falsePass,
                      "true_fail": agreement.trueFail, "abstained_on_pass": agreement.abstainedOnPass,
                      "abstained_on_fail": agreement.abstainedOnFail], forKey: .confusion)
        try c.encode(disagreements, forKey: .disagreements)
    }

    public func json() -> String { ReportJSON.encode(self) }

    /// The agreement table.
    public func table() -> String {
        func row(_ name: String, _ e: Estimate) -> [String] {
            [name, RunComparison.fmt(e.value), RunComparison.fmt(e.stderr), "[\(RunComparison.fmt(e.ciLow)), \(RunComparison.fmt(e.ciHigh))]"]
        }
        let a = agreement
        var out = "judge \(judge) on \(n) labels from \(labels): \(a.decided) decided, \(a.abstained) abstained\n"
        out += TextTable.render(header: ["statistic", "value", "stderr", "95% CI"], rows: [
            row("accuracy", a.accuracy), row("cohen's kappa", a.kappa), row("sensitivity (pass)", a.sensitivity),
            row("specificity (fail)", a.specificity), row("abstain rate", a.abstainRate),
        ], rightAligned: [1, 2])
        out += "confusion (label → judge): pass→pass \(a.truePass), pass→fail \(a.falseFail), fail→pass \(a.falsePass), fail→fail \(a.trueFail); "
        out += "abstained on pass \(a.abstainedOnPass), on fail \(a.abstainedOnFail)\n"
        if !disagreements.isEmpty {
            out += "disagreements: " + disagreements.prefix(10).map { "\($0.id) (line \($0.line)): \($0.label.rawValue) → \($0.verdict.rawValue)" }
                .joined(separator: "; ")
            if disagreements.count > 10 { out += "; … \(disagreements.count - 10) more (--json)" }
            out += "\n"
        }
        return out
    }
}
