public import AssayCore
public import Foundation

/// Reads an Inspect evaluation log in its JSON format (`inspect eval … --log-format json`).
///
/// Each sample becomes an item (its `input`, a string or chat messages, and its `target`) and a sample of the run
/// (epochs from 1 become epochs from 0; the output is `output.completion`). Scores map as Inspect's own
/// `value_to_float` does: `C` 1, `I` 0, `P` 0.5, `N` 0, numbers and booleans as they are; a dictionary of values
/// becomes one scorer per key (`scorer/key`). A scorer whose every value is 0 or 1 is pass/fail, otherwise continuous.
public enum InspectLog {
    public static func read(path: String) throws -> ImportedRun {
        let name = (path as NSString).lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw AssayError(.badInput, "\(path): cannot read (\(error.localizedDescription))")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw AssayError(.badInput, "\(name): not a JSON object (an Inspect log written with --log-format json)")
        }
        guard let eval = root["eval"] as? [String: Any], let task = eval["task"] as? String, let model = eval["model"] as? String else {
            throw AssayError(.badInput, "\(name): field 'eval' with 'task' and 'model' is missing; is this an Inspect JSON log?")
        }
        if let status = root["status"] as? String, status != "success" {
            let message = ((root["error"] as? [String: Any])?["message"] as? String).map { ": \($0)" } ?? ""
            throw AssayError(.badInput, "\(name): the evaluation's status is '\(status)'\(message); only finished logs import")
        }
        guard let rawSamples = root["samples"] as? [[String: Any]], !rawSamples.isEmpty else {
            throw AssayError(.badInput, "\(name): field 'samples' is missing or empty (logs written without samples cannot be imported)")
        }
        let dataset = (eval["dataset"] as? [String: Any])?["name"] as? String
        var samples: [ImportedRun.ParsedSample] = []
        for (index, raw) in rawSamples.enumerated() {
            let at = "\(name): samples[\(index)]"
            let input: [Message]
            if let text = raw["input"] as? String { input = [.user(text)] } else if let messages = ImportedRun.messages(raw["input"]) {
                input = messages
            } else {
                throw AssayError(.badInput, "\(at): field 'input' is neither a string nor chat messages")
            }
            let id = (raw["id"] as? String) ?? (raw["id"] as? NSNumber)?.stringValue ?? "\(index + 1)"
            let item = Item(input: input, target: ImportedRun.target(raw["target"]), tags: dataset.map { [$0] } ?? [],
                            metadata: ["inspect_id": id],
                            provenance: Provenance(origin: .imported, source: "inspect:\(name)#\(id)"))
            let epoch = max(0, ((raw["epoch"] as? Int) ?? 1) - 1)
            let output = raw["output"] as? [String: Any]
            let text = (output?["completion"] as? String)
                ?? (((output?["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String) ?? ""
            var scores: [(String, Double)] = []
            for (scorer, value) in ((raw["scores"] as? [String: Any]) ?? [:]).sorted(by: { $0.key < $1.key }) {
                let score = (value as? [String: Any])?["value"]
                if let parts = score as? [String: Any] {
                    for (key, part) in parts.sorted(by: { $0.key < $1.key }) {
                        guard let v = Self.float(part) else { throw AssayError(.badInput, "\(at): field 'scores.\(scorer).value.\(key)' is not a score") }
                        scores.append(("\(scorer)/\(key)", v))
                    }
                } else if let v = Self.float(score) {
                    scores.append((scorer, v))
                } else {
                    throw AssayError(.badInput, "\(at): field 'scores.\(scorer).value' is not a score (C, I, P, N, a number or a boolean)")
                }
            }
            let error = (raw["error"] as? [String: Any])?["message"] as? String ?? (raw["error"] as? String)
            samples.append(ImportedRun.ParsedSample(item: item, epoch: epoch, output: text, scores: scores, error: error))
        }
        var reported: [(name: String, value: Double)] = []
        for score in ((root["results"] as? [String: Any])?["scores"] as? [[String: Any]]) ?? [] {
            let scorer = score["name"] as? String ?? "?"
            for (metric, body) in ((score["metrics"] as? [String: Any]) ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let value = ((body as? [String: Any])?["value"] as? NSNumber)?.doubleValue { reported.append(("\(scorer)/\(metric)", value)) }
            }
        }
        var labels = ["imported_from": "inspect", "source_file": name, "task": task]
        if let id = eval["eval_id"] as? String { labels["eval_id"] = id }
        if let version = (eval["packages"] as? [String: Any])?["inspect_ai"] as? String { labels["inspect_ai"] = version }
        return try ImportedRun.make(task: task, model: model, createdAt: Self.date(eval["created"] as? String) ?? Date(), labels: labels,
                                    source: name, samples: samples, reported: reported)
    }

    /// Inspect's value_to_float.
    static func float(_ value: Any?) -> Double? {
        switch value {
        case let text as String:
            switch text.uppercased() {
            case "C", "CORRECT", "YES", "TRUE": return 1
            case "I", "INCORRECT", "NO", "FALSE", "N": return 0
            case "P": return 0.5
            default: return Double(text)
            }
        case let number as NSNumber: return number.doubleValue
        default: return nil
        }
    }

    /// `2026-11-28T10:36:46+00:00`, with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
