/// The reading side of ``JSONWriter`` for the JSON columns the stores keep items in: messages, a target, string lists
/// and maps, a provenance without evidence.
///
/// Each returns nil for anything outside those shapes, and the stores then fall back to `JSONDecoder`, so a column
/// reads back the same either way. Loading a suite of 100,000 items spent most of its time in `JSONDecoder`'s generic
/// machinery, five columns an item.
public enum StoredJSON {
    private static func parse(_ text: String) -> JSONLValue? { try? JSONLReader.parseValue(text) }

    private static func strings(_ value: JSONLValue?) -> [String]? {
        guard case .array(let elements)? = value else { return nil }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else { return nil }
            out.append(s)
        }
        return out
    }

    /// `[{"role": ..., "content": ...}, ...]`.
    public static func messages(_ text: String) -> [Message]? {
        guard case .array(let elements)? = parse(text) else { return nil }
        var out: [Message] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .object(let o) = element, o.count == 2, case .string(let roleText)? = o["role"],
                  let role = Message.Role(rawValue: roleText), case .string(let content)? = o["content"] else { return nil }
            out.append(Message(role: role, content: content))
        }
        return out
    }

    /// A ``Target`` as ``JSONWriter/target(_:)`` writes it (`behavior` targets are left to `JSONDecoder`).
    public static func target(_ text: String) -> Target? {
        guard case .object(let o)? = parse(text), case .string(let kind)? = o["kind"] else { return nil }
        switch kind {
        case "none": return Target.none
        case "text": return strings(o["texts"]).map(Target.text)
        case "number":
            guard case .number(let value)? = o["number"] else { return nil }
            return .number(value)
        case "choice":
            guard case .number(let index)? = o["index"], let i = Int(exactly: index), let choices = strings(o["choices"]) else { return nil }
            return .choice(index: i, choices: choices)
        case "facts": return strings(o["facts"]).map(Target.facts)
        default: return nil
        }
    }

    /// A JSON array of strings.
    public static func strings(_ text: String) -> [String]? { strings(parse(text)) }

    /// A JSON object of strings.
    public static func stringMap(_ text: String) -> [String: String]? {
        guard case .object(let o)? = parse(text) else { return nil }
        var out: [String: String] = [:]
        out.reserveCapacity(o.count)
        for (key, value) in o {
            guard case .string(let s) = value else { return nil }
            out[key] = s
        }
        return out
    }

    private static let provenanceKeys: Set<String> = ["origin", "source", "parent", "operator", "generator_model"]

    /// A ``Provenance`` with no creation time and no evidence, as ``JSONWriter/provenance(_:)`` writes it.
    public static func provenance(_ text: String) -> Provenance? {
        guard case .object(let o)? = parse(text), o.keys.allSatisfy(provenanceKeys.contains),
              case .string(let originText)? = o["origin"], let origin = Provenance.Origin(rawValue: originText) else { return nil }
        var fields: [String: String] = [:]
        for key in ["source", "parent", "operator", "generator_model"] {
            switch o[key] {
            case nil, .null?: continue
            case .string(let s)?: fields[key] = s
            default: return nil
            }
        }
        return Provenance(origin: origin, source: fields["source"], parent: fields["parent"], operator: fields["operator"],
                          generatorModel: fields["generator_model"])
    }
}
