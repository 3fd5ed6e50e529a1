import Foundation

/// Extracts the answer with a regular expression and compares it with the reference.
///
/// The first match's first capture group (or the whole match when the pattern has no group) is compared
/// after ``Normalizer/text(_:)`` with every alternative; for number targets the extracted text's number is
/// compared with the target; for choice targets the extracted text may name the option by letter or text.
/// No match fails. Patterns use `NSRegularExpression` (ICU) syntax; write `(?i)` for case-insensitive.
public struct RegexScorer: Scorer {
    public let name: String
    public let pattern: String
    private let regex: NSRegularExpression

    /// Throws ``AssayError`` (`.badInput`) when the pattern does not compile.
    public init(pattern: String, name: String = "regex") throws {
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw AssayError(.badInput, "scorer '\(name)': invalid regex pattern '\(pattern)': \(error.localizedDescription)")
        }
        self.pattern = pattern
        self.name = name
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { [] }

    /// Text, number and choice targets.
    public func applies(to item: Item) -> Bool {
        !item.target.comparableTexts.isEmpty
    }

    /// The text the pattern extracts from a response, or `nil` when it does not match.
    public func extract(_ response: String) -> String? {
        let range = NSRange(response.startIndex..., in: response)
        guard let match = regex.firstMatch(in: response, range: range) else { return nil }
        if match.numberOfRanges > 1, let group = Range(match.range(at: 1), in: response) {
            return String(response[group])
        }
        return Range(match.range, in: response).map { String(response[$0]) }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        let alternatives = item.target.comparableTexts
        guard !alternatives.isEmpty else { return .abstain(name, "target \(item.target.kind) has no reference text") }
        guard let extracted = extract(sample.text) else {
            return .fail(name, "pattern did not match '\(Normalizer.excerpt(sample.text))'")
        }
        let got = Normalizer.text(extracted)
        if alternatives.contains(where: { Normalizer.text($0) == got }) {
            return .pass(name, "extracted '\(Normalizer.excerpt(extracted))'")
        }
        switch item.target {
        case .number(let value):
            if let number = Normalizer.number(in: extracted), Normalizer.sameNumber(number, value) {
                return .pass(name, "extracted \(NumberFormat.plain(number))")
            }
        case .choice(let index, let choices):
            if Normalizer.choiceIndex(in: extracted, choices: choices) == index {
                return .pass(name, "extracted option \(ChoiceLetters.letter(index))")
            }
        default:
            break
        }
        return .fail(name, "extracted '\(Normalizer.excerpt(extracted))', expected '\(Normalizer.excerpt(alternatives[0]))'")
    }
}
