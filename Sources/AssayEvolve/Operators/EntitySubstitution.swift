public import AssayCore
import Foundation

/// Swaps the names of people, cities and countries in the request for others of the same kind, from a small built-in
/// list. A name followed by another capitalised word (`Michael Jordan`, `Paris Hilton`) is part of a longer name and
/// stays. The child keeps the parent's target, so: an item whose target mentions a swapped name gets no child, and for
/// items with an answer (number, text, choice, facts) only people's first names are swapped, since the answer may
/// depend on a place.
public struct EntitySubstitution: MutationOperator {
    public let name = "entity_substitution"
    public let style: String? = "substitution"

    public init() {}

    /// Names by kind; a name is only ever swapped for another of its kind.
    static let entities: [[String]] = [
        [
            "Alice", "Bob", "Carlos", "Diana", "Emma", "Farid", "Hiro", "Ingrid", "James", "Kofi", "Laura", "Mateo",
            "Nadia", "Oliver", "Priya", "Rosa", "Samir", "Tom", "Uma", "Victor", "Wei", "Yusuf", "Zoe", "John", "Mary",
            "David", "Sarah", "Michael", "Anna", "Peter", "Maria", "Ahmed", "Sofia", "Kenji", "Olga", "Daniel", "Lucas",
        ],
        [
            "Paris", "London", "Berlin", "Tokyo", "Madrid", "Rome", "Cairo", "Sydney", "Toronto", "Chicago", "Boston",
            "Mumbai", "Lagos", "Lima", "Oslo", "Vienna", "Dublin", "Seoul", "Nairobi", "Lisbon", "Denver", "Seattle",
        ],
        [
            "France", "Germany", "Japan", "Spain", "Italy", "Egypt", "Canada", "Brazil", "Kenya", "India", "Mexico",
            "Norway", "Peru", "Australia", "Nigeria", "Ireland", "Portugal", "Chile",
        ],
    ]

    /// Index in ``entities`` of the kind of people's names.
    static let peopleKind = 0

    /// Whether the word after `range` starts with a capital letter (the name is part of a longer proper name).
    static func isFollowedByCapitalisedWord(_ range: Range<String.Index>, in text: String) -> Bool {
        var index = range.upperBound
        guard index < text.endIndex, text[index] == " " else { return false }
        index = text.index(after: index)
        return index < text.endIndex && text[index].isUppercase
    }

    /// Where `word` occurs in `text` as a whole word (case-sensitive unless `ignoringCase`).
    static func occurrences(of word: String, in text: String, ignoringCase: Bool = false) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        let options: String.CompareOptions = ignoringCase ? [.caseInsensitive] : []
        while searchStart < text.endIndex,
              let range = text.range(of: word, options: options, range: searchStart..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
            let isWordChar: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber } ?? false }
            if !isWordChar(before), !isWordChar(after) { ranges.append(range) }
            searchStart = range.upperBound
        }
        return ranges
    }

    /// The occurrences of `name` in `text` that stand alone (whole word, not followed by another capitalised word).
    static func swappable(_ name: String, in text: String) -> [Range<String.Index>] {
        occurrences(of: name, in: text).filter { !isFollowedByCapitalisedWord($0, in: text) }
    }

    /// The strings a target states (texts, choices, facts).
    static func targetTexts(_ target: Target) -> [String] {
        switch target {
        case .none, .behavior, .number: []
        case .text(let texts): texts
        case .choice(_, let choices): choices
        case .facts(let facts): facts
        }
    }

    public func mutate(_ parent: Item, context: inout MutationContext) async throws -> [Item] {
        let request = parent.prompt
        // Names found, in order of first appearance, with their kind.
        let hasAnswer: Bool = switch parent.target {
        case .behavior, .none: false
        case .number, .text, .choice, .facts: true
        }
        var found: [(name: String, kind: Int, first: String.Index)] = []
        for (kind, names) in Self.entities.enumerated() where !hasAnswer || kind == Self.peopleKind {
            for name in names {
                if let first = Self.swappable(name, in: request).first { found.append((name, kind, first.lowerBound)) }
            }
        }
        guard !found.isEmpty else { return [] }
        found.sort { $0.first < $1.first }

        let targetTexts = Self.targetTexts(parent.target)
        let mentioned = found.contains { entity in
            targetTexts.contains { !Self.occurrences(of: entity.name, in: $0, ignoringCase: true).isEmpty }
        }
        guard !mentioned else { return [] }

        var taken = Set(found.map(\.name))
        var mapping: [String: String] = [:]
        for entity in found {
            let options = Self.entities[entity.kind].filter { !taken.contains($0) }
            guard !options.isEmpty else { continue }
            let replacement = context.random.pick(options)
            taken.insert(replacement)
            mapping[entity.name] = replacement
        }
        var edits: [(range: Range<String.Index>, text: String)] = []
        for (name, replacement) in mapping {
            edits += Self.swappable(name, in: request).map { ($0, replacement) }
        }
        var prompt = request
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            prompt.replaceSubrange(edit.range, with: edit.text)
        }
        return child(of: parent, replacingRequestWith: prompt, context: context).map { [$0] } ?? []
    }
}
