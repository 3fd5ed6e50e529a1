import Foundation

/// Shared choices of the importers: provenance labels, tag spelling, option shuffling and the
/// multiple-choice configuration. Option letters come from ``ChoiceLetters``.
enum ImportConventions {
    /// `DATASET/RELATIVE-FILE:LINE`, the provenance source of an imported row.
    static func source(_ format: ImportFormat, _ relativeFile: String, line: Int) -> String {
        "\(format.rawValue)/\(relativeFile):\(line)"
    }

    static func provenance(_ format: ImportFormat, _ relativeFile: String, line: Int) -> Provenance {
        Provenance(origin: .imported, source: source(format, relativeFile, line: line))
    }

    /// A tag spelled as a slug: lower case, runs of other characters than letters and digits become `_`.
    static func tag(_ text: String) -> String {
        var out = ""
        var pendingSeparator = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingSeparator, !out.isEmpty { out.append("_") }
                pendingSeparator = false
                out.append(ch)
            } else {
                pendingSeparator = true
            }
        }
        return out
    }

    /// Tags without empties and repeats, in first-seen order.
    static func tags(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        return raw.map(tag).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A deterministic shuffle (Fisher–Yates driven by ``SeededGenerator``) seeded from the SHA-256 of `key`,
    /// so an item's option order depends only on its own text, not on the file or the Swift version.
    static func shuffled<T>(_ values: [T], key: String) -> [T] {
        let digest = SHA256.digest(Array(key.utf8))
        let seed = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var rng = SeededGenerator(seed: seed)
        var out = values
        var i = out.count - 1
        while i > 0 {
            let j = Int(rng.next() % UInt64(i + 1))
            out.swapAt(i, j)
            i -= 1
        }
        return out
    }

    /// Scorers for a choice target answered by letter: accuracy and the Brier score of the option probabilities.
    static let multipleChoiceScorers = [ScorerSpec(type: "multiple_choice", by: "letter"), ScorerSpec(type: "brier")]

    /// Generation for a lettered answer: greedy, room for a short sentence around the letter.
    static let multipleChoiceGeneration = GenerationParameters(maxTokens: 32, temperature: 0)

    /// The usual template for a choice item: question, lettered options, instruction.
    static let multipleChoiceTemplate = "{{input}}\n\n{{choices}}\n\nAnswer with the letter of the correct option."
}
