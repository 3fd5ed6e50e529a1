import Foundation
import Yams

/// Writes a suite in the native format: `suite.yaml` plus `items.jsonl`, which ``SuiteLoader`` reads back to
/// the same version and the same items (provenance, tags, cluster and metadata included).
///
/// Generated items are written out as explicit items, so the written suite is self-contained. Provenance dates
/// are written in ISO 8601 with at most millisecond precision.
public enum SuiteWriter {
    /// Name of the items file written next to `suite.yaml`.
    public static let itemsFileName = "items.jsonl"

    /// Writes `suite.yaml` and `items.jsonl` into `directory`, creating it if needed.
    public static func write(_ suite: Suite, to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            try Data(jsonl(suite.items).utf8).write(to: base.appendingPathComponent(itemsFileName), options: .atomic)
            try Data(try yaml(for: suite).utf8).write(to: base.appendingPathComponent("suite.yaml"), options: .atomic)
        } catch let error as AssayError {
            throw error
        } catch {
            throw AssayError(.runtime, "cannot write the suite to \(directory): \(error.localizedDescription)")
        }
    }

    /// The `suite.yaml` text for `suite`, pointing at ``itemsFileName``.
    public static func yaml(for suite: Suite) throws -> String {
        let c = suite.config
        var top: [(Node, Node)] = [(key("name"), text(c.name))]
        if !c.description.isEmpty { top.append((key("description"), text(c.description))) }
        if let parent = suite.parent { top.append((key("parent"), text(parent))) }
        if let kind = c.kind { top.append((key("kind"), text(kind.rawValue))) }
        // The digest of the generator data the items were made from, so the written suite keeps its version.
        if let data = c.data { top.append((key("data"), text(data))) }
        top.append((key("items"), text(itemsFileName)))

        var prompt: [(Node, Node)] = []
        if let system = c.prompt.system { prompt.append((key("system"), text(system))) }
        prompt.append((key("template"), text(c.prompt.template)))
        if !c.prompt.fewShot.isEmpty {
            prompt.append((key("few_shot"), Node(c.prompt.fewShot.map { example in
                var pairs: [(Node, Node)] = [(key("input"), text(example.input))]
                if let choices = example.choices { pairs.append((key("choices"), Node(choices.map(text), Tag(.seq), .flow))) }
                pairs.append((key("answer"), text(example.answer)))
                return Node(pairs)
            })))
        }
        top.append((key("prompt"), Node(prompt)))

        let g = c.generation
        var generation: [(Node, Node)] = [(key("max_tokens"), int(g.maxTokens)), (key("temperature"), double(g.temperature))]
        if let topP = g.topP { generation.append((key("top_p"), double(topP))) }
        if !g.stop.isEmpty { generation.append((key("stop"), Node(g.stop.map(text), Tag(.seq), .flow))) }
        if let seed = g.seed { generation.append((key("seed"), int(seed))) }
        top.append((key("generation"), Node(generation)))

        if !c.scorers.isEmpty {
            top.append((key("scorers"), Node(c.scorers.map(scorer))))
        }
        return try Yams.serialize(node: Node(top), width: -1, allowUnicode: true)
    }

    /// The items as JSON Lines in the native format, one item per line, in order.
    public static func jsonl(_ items: [Item]) -> String {
        items.map { JSONLValue.line(record($0)) + "\n" }.joined()
    }

    static func record(_ item: Item) -> [(key: String, value: JSONLValue)] {
        var out: [(key: String, value: JSONLValue)] = []
        if item.input.count == 1, item.input[0].role == .user {
            out.append(("input", .string(item.input[0].content)))
        } else {
            out.append(("input", .array(item.input.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })))
        }
        switch item.target {
        case .none: break
        case .text(let texts):
            out.append(("target", texts.count == 1 ? .string(texts[0]) : .array(texts.map(JSONLValue.string))))
        case .number(let n): out.append(("target", .number(n)))
        case .choice(let index, let choices):
            out.append(("choices", .array(choices.map(JSONLValue.string))))
            out.append(("answer", index < 26 ? .string(ChoiceLetters.letter(index)) : .number(Double(index))))
        case .behavior(let b): out.append(("behavior", .string(b.rawValue)))
        case .facts(let facts): out.append(("facts", .array(facts.map(JSONLValue.string))))
        }
        if !item.tags.isEmpty { out.append(("tags", .array(item.tags.map(JSONLValue.string)))) }
        if let cluster = item.cluster { out.append(("cluster", .string(cluster))) }
        if !item.metadata.isEmpty { out.append(("metadata", .object(item.metadata.mapValues(JSONLValue.string)))) }
        let p = item.provenance
        var provenance: [String: JSONLValue] = ["origin": .string(p.origin.rawValue)]
        if let v = p.source { provenance["source"] = .string(v) }
        if let v = p.parent { provenance["parent"] = .string(v) }
        if let v = p.operator { provenance["operator"] = .string(v) }
        if let v = p.generatorModel { provenance["generator_model"] = .string(v) }
        if let v = p.createdAt { provenance["created_at"] = .string(ProvenanceDate.format(v)) }
        out.append(("provenance", .object(provenance)))
        return out
    }

    private static func scorer(_ s: ScorerSpec) -> Node {
        var pairs: [(Node, Node)] = [(key("type"), text(s.type))]
        if let v = s.name { pairs.append((key("name"), text(v))) }
        if let v = s.normalize { pairs.append((key("normalize"), text(v))) }
        if let v = s.pattern { pairs.append((key("pattern"), text(v))) }
        if let v = s.tolerance { pairs.append((key("tolerance"), double(v))) }
        if let v = s.by { pairs.append((key("by"), text(v))) }
        if let v = s.model { pairs.append((key("model"), text(v))) }
        if let v = s.rubric { pairs.append((key("rubric"), text(v))) }
        if let v = s.threshold { pairs.append((key("threshold"), double(v))) }
        return pairs.count == 1 ? text(s.type) : Node(pairs, Tag(.map), .flow)
    }

    private static func key(_ s: String) -> Node { Node(s) }

    /// Text that reads back as text: quoted when YAML would otherwise see a number, boolean or null.
    private static func text(_ s: String) -> Node {
        let style: Node.Scalar.Style
        if YAMLScalarResolver.tag(plain: s) != .str || s.isEmpty || s.first == " " || s.last == " " {
            style = .doubleQuoted
        } else if s.contains("\n") {
            style = .literal
        } else {
            style = .any
        }
        return Node(s, Tag(.str), style)
    }

    private static func int(_ v: Int) -> Node { Node(String(v), Tag(.int)) }
    private static func double(_ v: Double) -> Node { Node("\(v)", Tag(.float)) }
}
