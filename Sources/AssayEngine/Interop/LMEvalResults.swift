public import AssayCore
public import Foundation

/// Reads lm-evaluation-harness output: its results JSON (`results_*.json`) and, for the per-sample data, the samples
/// JSON Lines it writes with `--log_samples` (`samples_TASK_*.jsonl`).
///
/// A generation task's sample becomes an item (the prompt from `arguments`, a chat message list when lm-eval applied
/// a chat template, else the text; the `target`) and a sample (the filtered response). A multiple-choice task's sample
/// becomes a choice item with the log-likelihood of each option, the chosen option as its output. Every numeric metric
/// field of a sample (`exact_match`, `acc`, …) becomes a scorer, pass/fail when all its values are 0 or 1.
public enum LMEvalResults {
    public static func read(results path: String, samples samplesPath: String?) throws -> ImportedRun {
        let name = (path as NSString).lastPathComponent
        guard let root = (try? JSONSerialization.jsonObject(with: try Self.data(path))) as? [String: Any],
              let results = root["results"] as? [String: Any] else {
            throw AssayError(.badInput, "\(name): field 'results' is missing; is this an lm-eval results file?")
        }
        let tasks = results.keys.sorted()
        guard let samplesPath else {
            throw AssayError(.badInput, "\(name): per-sample results are needed; pass the samples_TASK_*.jsonl file lm-eval writes with --log_samples")
        }
        let samplesName = (samplesPath as NSString).lastPathComponent
        let task = tasks.first { samplesName.hasPrefix("samples_\($0)_") } ?? (tasks.count == 1 ? tasks[0] : nil)
        guard let task else {
            throw AssayError(.badInput, "\(samplesName): cannot tell which of the tasks \(tasks.joined(separator: ", ")) it belongs to (name it samples_TASK_….jsonl)")
        }
        let metricNames = Set((((root["configs"] as? [String: Any])?[task] as? [String: Any])?["metric_list"] as? [[String: Any]] ?? [])
            .compactMap { $0["metric"] as? String })
        var samples: [ImportedRun.ParsedSample] = []
        let text = String(decoding: try Self.data(samplesPath), as: UTF8.self)
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let at = "\(samplesName):\(offset + 1)"
            guard let raw = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw AssayError(.badInput, "\(at): not a JSON object")
            }
            samples.append(try Self.sample(raw, at: at, metrics: metricNames, source: samplesName))
        }
        var reported: [(name: String, value: Double)] = []
        for (key, value) in ((results[task] as? [String: Any]) ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let number = value as? NSNumber, key.contains(",") { reported.append((key, number.doubleValue)) }
        }
        let config = root["config"] as? [String: Any]
        let modelType = config?["model"] as? String ?? "lm-eval"
        let modelName = (root["model_name"] as? String) ?? ((config?["model_args"] as? [String: Any])?["model"] as? String) ?? ""
        var labels = ["imported_from": "lm-eval", "source_file": name, "task": task]
        if let version = root["lm_eval_version"] as? String { labels["lm_eval_version"] = version }
        let date = (root["date"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) } ?? Date()
        return try ImportedRun.make(task: task, model: modelName.isEmpty ? modelType : "\(modelType):\(modelName)", createdAt: date,
                                    labels: labels, source: name, samples: samples, reported: reported)
    }

    static func data(_ path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw AssayError(.badInput, "\(path): cannot read (\(error.localizedDescription))")
        }
    }

    static func sample(_ raw: [String: Any], at: String, metrics: Set<String>, source: String) throws -> ImportedRun.ParsedSample {
        guard let arguments = raw["arguments"] as? [String: Any], !arguments.isEmpty else {
            throw AssayError(.badInput, "\(at): field 'arguments' is missing")
        }
        // gen_args_0, gen_args_1, … in numeric order.
        let calls = arguments.keys.sorted { (Int($0.split(separator: "_").last ?? "") ?? 0) < (Int($1.split(separator: "_").last ?? "") ?? 0) }
            .compactMap { arguments[$0] as? [String: Any] }
        guard let first = calls.first, let context = Self.string(first["arg_0"]) else {
            throw AssayError(.badInput, "\(at): field 'arguments.gen_args_0.arg_0' (the prompt) is missing")
        }
        let input = ImportedRun.messages(try? JSONSerialization.jsonObject(with: Data(context.utf8))) ?? [.user(context)]
        let docID = (raw["doc_id"] as? NSNumber)?.stringValue ?? "?"
        let provenance = Provenance(origin: .imported, source: "lm-eval:\(source)#\(docID)")
        // The line names its metrics (`metrics`); older files leave that out, and the task's metric list or every
        // numeric field that is not a known one stands in.
        let named = Set(raw["metrics"] as? [String] ?? [])
        var scores: [(String, Double)] = []
        for (key, value) in raw.sorted(by: { $0.key < $1.key })
        where !named.isEmpty ? named.contains(key) : (metrics.isEmpty ? !reserved.contains(key) : metrics.contains(key)) {
            if let number = value as? NSNumber { scores.append((key, number.doubleValue)) }
        }
        let continuations = calls.compactMap { Self.string($0["arg_1"]) }
        let resps = raw["resps"] as? [[Any]] ?? []
        if calls.count > 1, continuations.count == calls.count {
            // Multiple choice: one log-likelihood request per option; resps[i] = [[loglik, is_greedy]].
            let logliks = resps.map { (($0.first as? [Any])?.first as? NSNumber)?.doubleValue ?? -.infinity }
            guard logliks.count == continuations.count else { throw AssayError(.badInput, "\(at): field 'resps' has \(logliks.count) entries for \(continuations.count) options") }
            guard let gold = (raw["target"] as? NSNumber)?.intValue, continuations.indices.contains(gold) else {
                throw AssayError(.badInput, "\(at): field 'target' is not the index of an option")
            }
            let options = continuations.map { $0.trimmingCharacters(in: .whitespaces) }
            let chosen = logliks.indices.max { logliks[$0] < logliks[$1] } ?? 0
            let item = Item(input: input, target: .choice(index: gold, choices: options), metadata: ["doc_id": docID], provenance: provenance)
            return ImportedRun.ParsedSample(item: item, epoch: 0, output: options[chosen], scores: scores, error: nil, choiceLogLikelihoods: logliks)
        }
        let filtered = raw["filtered_resps"] as? [Any]
        let output = (filtered?.first as? String) ?? ((filtered?.first as? [Any])?.first as? String) ?? ((resps.first)?.first as? String) ?? ""
        let item = Item(input: input, target: ImportedRun.target(raw["target"]), metadata: ["doc_id": docID], provenance: provenance)
        return ImportedRun.ParsedSample(item: item, epoch: 0, output: output, scores: scores, error: nil)
    }

    /// Fields of a sample line that are not metrics.
    static let reserved: Set<String> = ["doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "filter", "metrics", "doc_hash",
                                        "prompt_hash", "target_hash"]

    static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let list = value as? [Any], let text = list.first as? String { return text }
        return nil
    }
}
