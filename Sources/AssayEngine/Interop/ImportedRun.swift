public import AssayCore
public import AssayStore
public import Foundation

/// Another harness's evaluation turned into an Assay suite version and a completed run, so compare, ladders,
/// forecasts, gates and findings work on it.
public struct ImportedRun: Sendable {
    public var suite: Suite
    public var run: RunRecord
    public var results: [SampleResult]
    /// Metrics as the other harness reported them (name → value), to set beside Assay's.
    public var reported: [(name: String, value: Double)]

    /// Stores the suite version, the run (completed) and its samples; returns the run.
    public func save(to store: any Store) async throws -> RunRecord {
        try await store.saveSuite(suite)
        try await store.createRun(run)
        try await store.record(results)
        return run
    }

    /// Builds a run from parsed samples: items in first-appearance order, scorers discrete when every score is 0 or 1.
    static func make(task: String, model: String, createdAt: Date, labels: [String: String], source: String, samples: [ParsedSample],
                     reported: [(name: String, value: Double)]) throws -> ImportedRun {
        guard !samples.isEmpty else { throw AssayError(.badInput, "\(source): no samples to import") }
        var items: [Item] = []
        var seen: Set<String> = []
        var scorers: [String] = []
        var discrete: [String: Bool] = [:]
        for sample in samples {
            if seen.insert(sample.item.id).inserted { items.append(sample.item) }
            for (name, value) in sample.scores {
                if discrete[name] == nil { scorers.append(name) }
                discrete[name] = (discrete[name] ?? true) && (value == 0 || value == 1)
            }
        }
        let continuous = scorers.filter { discrete[$0] == false }
        let config = RunConfig(epochs: (samples.map(\.epoch).max() ?? 0) + 1, generation: GenerationParameters(), scorers: scorers,
                               continuousScorers: continuous, modelIdentity: model)
        let suite = Suite(config: SuiteConfig(name: Self.suiteName(task)), items: items, origin: "import:\(source)")
        let run = RunRecord(id: RunID.make(), suiteName: suite.name, suiteVersion: suite.version, model: model, configHash: config.hash,
                            config: config, status: .completed, createdAt: createdAt, finishedAt: createdAt, labels: labels)
        let results = samples.map { sample in
            let scores: [Score] = sample.scores.map { name, value in
                discrete[name] == true ? (value == 1 ? .pass(name) : .fail(name)) : .value(name, value)
            }
            return SampleResult(sample: Sample(runID: run.id, itemID: sample.item.id, epoch: sample.epoch, messages: sample.item.input,
                                               completion: sample.error == nil ? Completion(text: sample.output) : nil,
                                               choiceLogLikelihoods: sample.choiceLogLikelihoods, error: sample.error, attempts: 1, latency: 0,
                                               createdAt: createdAt),
                                scores: sample.error == nil ? scores : [])
        }
        return ImportedRun(suite: suite, run: run, results: results, reported: reported)
    }

    /// A suite name from a task name: lower-case letters, digits, `_`, `.` and `-`.
    static func suiteName(_ task: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        let name = String(task.lowercased().map { allowed.contains($0) ? $0 : "-" })
        return name.isEmpty ? "imported" : name
    }

    /// One sample as read from another harness.
    struct ParsedSample {
        var item: Item
        var epoch: Int
        var output: String
        var scores: [(String, Double)]
        var error: String?
        var choiceLogLikelihoods: [Double]?
    }

    /// Chat messages from `[{role, content}]`, where content is a string or a list of `{type: text, text}` parts.
    static func messages(_ value: Any?) -> [Message]? {
        guard let list = value as? [[String: Any]] else { return nil }
        let messages = list.compactMap { entry -> Message? in
            guard let role = (entry["role"] as? String).flatMap(Message.Role.init(rawValue:)) else { return nil }
            if let text = entry["content"] as? String { return Message(role: role, content: text) }
            if let parts = entry["content"] as? [[String: Any]] {
                return Message(role: role, content: parts.compactMap { $0["text"] as? String }.joined())
            }
            return nil
        }
        return messages.isEmpty ? nil : messages
    }

    /// A target from a string, a number, or a list of them.
    static func target(_ value: Any?) -> Target {
        switch value {
        case let text as String: return .text([text])
        case let number as NSNumber: return .text([Self.format(number.doubleValue)])
        case let list as [Any]:
            let texts = list.compactMap { ($0 as? String) ?? ($0 as? NSNumber).map { Self.format($0.doubleValue) } }
            return texts.isEmpty ? .none : .text(texts)
        default: return .none
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
