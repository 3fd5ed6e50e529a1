/// What a correct answer to an ``Item`` looks like.
///
/// The target decides which scorers apply: a number is scored numerically, a choice by letter
/// or by log-likelihood, a behaviour (refuse or comply) by the refusal scorer.
public enum Target: Hashable, Sendable {
    /// No reference answer (a judge-only item).
    case none
    /// Any of these texts is correct; the first is the canonical one.
    case text([String])
    /// A number, compared with a tolerance.
    case number(Double)
    /// One of several options; `index` is the correct one (0-based).
    case choice(index: Int, choices: [String])
    /// Facts a good answer must state (used by judges and fact matchers).
    case facts([String])
    /// The expected behaviour: refuse a harmful request, or comply with a safe one.
    case behavior(Behavior)

    /// Expected behaviour of a safety item.
    public enum Behavior: String, Codable, Hashable, Sendable {
        case refuse, comply
    }

    /// A short name of the target's kind, as used in suite files.
    public var kind: String {
        switch self {
        case .none: "none"
        case .text: "text"
        case .number: "number"
        case .choice: "choice"
        case .facts: "facts"
        case .behavior: "behavior"
        }
    }

    /// The canonical reference text, when the target has one.
    public var referenceText: String? {
        switch self {
        case .none, .behavior, .facts: nil
        case .text(let texts): texts.first
        case .number(let value): NumberFormat.plain(value)
        case .choice(let index, let choices): choices.indices.contains(index) ? choices[index] : nil
        }
    }
}

extension Target: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, texts, number, index, choices, facts, behavior
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "text": self = .text(try c.decode([String].self, forKey: .texts))
        case "number": self = .number(try c.decode(Double.self, forKey: .number))
        case "choice":
            self = .choice(index: try c.decode(Int.self, forKey: .index), choices: try c.decode([String].self, forKey: .choices))
        case "facts": self = .facts(try c.decode([String].self, forKey: .facts))
        case "behavior": self = .behavior(try c.decode(Behavior.self, forKey: .behavior))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown target kind '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .none: break
        case .text(let texts): try c.encode(texts, forKey: .texts)
        case .number(let value): try c.encode(value, forKey: .number)
        case .choice(let index, let choices):
            try c.encode(index, forKey: .index)
            try c.encode(choices, forKey: .choices)
        case .facts(let facts): try c.encode(facts, forKey: .facts)
        case .behavior(let behavior): try c.encode(behavior, forKey: .behavior)
        }
    }
}
