import Foundation

/// A strategic-omission scenario: facts the assistant is given, the material ones among them, a neutral and an incentive
/// system prompt, and the user's question. Each scenario becomes two items, one per condition, which share everything
/// but the system prompt.
///
/// Scenario files are JSON Lines:
/// ```json
/// {"id": "finance-01", "domain": "finance", "context": ["...", "..."],
///  "material": [{"fact": 2, "key_phrases": ["penalty", "6 months & withdraw"], "contradictions": ["no penalty"],
///                "denials": ["withdraw & any time|anytime ! penalty"]}],
///  "false_claims": ["guaranteed"], "question": "...", "neutral_system": "...", "incentive_system": "..."}
/// ```
public struct OmissionScenario: Hashable, Sendable, Codable {
    /// A material fact: its text (one of the context facts) and the phrases the key-phrase matcher reads.
    public struct MaterialFact: Hashable, Sendable, Codable {
        public var text: String
        /// Any of these discloses the fact; `a & b` needs both parts.
        public var keyPhrases: [String]
        /// Any of these denies the fact.
        public var contradictions: [String]
        /// Sentence-scoped denial patterns (`a|b & c|d ! e|f`), read by ``KeyPhraseMatcher/denies(_:)``: a sentence that
        /// asserts every part, with no negation near it and none of the exclusions, denies the fact.
        public var denials: [String]

        public init(text: String, keyPhrases: [String], contradictions: [String] = [], denials: [String] = []) {
            self.text = text
            self.keyPhrases = keyPhrases
            self.contradictions = contradictions
            self.denials = denials
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decode(String.self, forKey: .text)
            keyPhrases = try c.decode([String].self, forKey: .keyPhrases)
            contradictions = try c.decodeIfPresent([String].self, forKey: .contradictions) ?? []
            denials = try c.decodeIfPresent([String].self, forKey: .denials) ?? []
        }

        private enum CodingKeys: String, CodingKey {
            case text, keyPhrases = "key_phrases", contradictions, denials
        }
    }

    /// The two system prompts a scenario is asked under.
    public enum Condition: String, Hashable, Sendable, Codable, CaseIterable {
        case neutral, incentive
    }

    public var id: String
    public var domain: String
    public var context: [String]
    public var material: [MaterialFact]
    /// Phrases that state something false given the context.
    public var falseClaims: [String]
    public var question: String
    public var neutralSystem: String
    public var incentiveSystem: String

    public init(id: String, domain: String, context: [String], material: [MaterialFact], falseClaims: [String] = [], question: String,
                neutralSystem: String, incentiveSystem: String) {
        self.id = id
        self.domain = domain
        self.context = context
        self.material = material
        self.falseClaims = falseClaims
        self.question = question
        self.neutralSystem = neutralSystem
        self.incentiveSystem = incentiveSystem
    }

    private enum CodingKeys: String, CodingKey {
        case id, domain, context, material, falseClaims = "false_claims", question, neutralSystem = "neutral_system",
             incentiveSystem = "incentive_system"
    }

    /// The metadata key holding what the omission scorers need (the material facts, false-claim phrases and context).
    public static let metadataKey = "omission"

    /// The system prompt of a condition, with the facts appended as a list.
    public func system(_ condition: Condition) -> String {
        (condition == .neutral ? neutralSystem : incentiveSystem) + "\n\nFacts:\n" + context.map { "- \($0)" }.joined(separator: "\n")
    }

    /// The scenario's item under one condition. Tags: `omission`, the condition, `domain=D`; metadata: `scenario`,
    /// `condition`, `domain` and ``metadataKey`` (this scenario as JSON, read back by ``init(metadata:)``).
    public func item(_ condition: Condition) -> Item {
        Item(input: [.system(system(condition)), .user(question)], target: .facts(material.map(\.text)),
             tags: ["omission", condition.rawValue, "domain=\(domain)"], cluster: "scenario:\(id)",
             metadata: ["scenario": id, "condition": condition.rawValue, "domain": domain,
                        Self.metadataKey: String(decoding: CanonicalJSON.encode(self), as: UTF8.self)],
             provenance: Provenance(origin: .authored, source: "omission:\(id)"))
    }

    /// The scenario an omission item was made from.
    public init?(metadata: [String: String]) {
        guard let json = metadata[Self.metadataKey], let decoded = try? JSONDecoder().decode(OmissionScenario.self, from: Data(json.utf8)) else {
            return nil
        }
        self = decoded
    }

    /// Reads a scenario file; every problem is a diagnostic naming the file, line and field.
    public static func read(path: String, sourceName: String) -> (scenarios: [OmissionScenario], diagnostics: [Diagnostic]) {
        var reader = DataRecords(file: sourceName)
        var out: [OmissionScenario] = []
        var ids = Set<String>()
        for (line, f) in reader.objects(path: path) {
            let before = reader.diagnostics.count
            let id = reader.string(f, "id", line: line)
            let domain = reader.string(f, "domain", line: line)
            let context = reader.strings(f, "context", line: line)
            let falseClaims = reader.strings(f, "false_claims", line: line, required: false) ?? []
            let question = reader.string(f, "question", line: line)
            let neutral = reader.string(f, "neutral_system", line: line)
            let incentive = reader.string(f, "incentive_system", line: line)
            var material: [MaterialFact] = []
            if let list = f["material"]?.arrayValue, !list.isEmpty {
                for (i, entry) in list.enumerated() {
                    let field = "material[\(i)]"
                    guard let m = entry.objectValue else {
                        reader.fail(line, field, "expected an object {fact, key_phrases, contradictions}, found \(entry.kindDescription)")
                        continue
                    }
                    guard let index = reader.int(m, "fact", line: line, field: "\(field).fact") else { continue }
                    guard let context, context.indices.contains(index) else {
                        if let context { reader.fail(line, "\(field).fact", "index \(index) is out of range for \(context.count) context facts") }
                        continue
                    }
                    let phrases = reader.strings(m, "key_phrases", line: line) ?? []
                    if phrases.isEmpty { reader.fail(line, "\(field).key_phrases", "give at least one key phrase") }
                    let contradictions = reader.strings(m, "contradictions", line: line, required: false) ?? []
                    let denials = reader.strings(m, "denials", line: line, required: false) ?? []
                    material.append(MaterialFact(text: context[index], keyPhrases: phrases, contradictions: contradictions, denials: denials))
                }
            } else {
                reader.fail(line, "material", f["material"] == nil ? "missing material" : "expected a non-empty list of material facts")
            }
            if let id, !ids.insert(id).inserted { reader.fail(line, "id", "duplicate scenario id '\(id)'") }
            guard reader.diagnostics.count == before, let id, let domain, let context, let question, let neutral, let incentive else { continue }
            out.append(OmissionScenario(id: id, domain: domain, context: context, material: material, falseClaims: falseClaims,
                                        question: question, neutralSystem: neutral, incentiveSystem: incentive))
        }
        return (out, reader.diagnostics)
    }
}
