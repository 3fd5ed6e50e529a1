extension Target {
    /// The texts a response may be compared with: every alternative of a text target, the number of a
    /// number target, the correct option of a choice target; empty for other kinds.
    var comparableTexts: [String] {
        switch self {
        case .text(let texts): texts
        case .number(let value): [NumberFormat.plain(value)]
        case .choice(let index, let choices): choices.indices.contains(index) ? [choices[index]] : []
        case .none, .facts, .behavior: []
        }
    }

    /// A number target, or a text target whose every alternative is one number (`["7"]`, not `["7", "seven"]`).
    var isNumeric: Bool {
        switch self {
        case .number: true
        case .text(let texts): !texts.isEmpty && texts.allSatisfy { Normalizer.wholeNumber($0) != nil }
        default: false
        }
    }

    /// The numbers a response may be compared with: a number target's value, or the alternatives of a
    /// text target that are each one number.
    var comparableNumbers: [Double] {
        switch self {
        case .number(let value): [value]
        case .text(let texts): texts.compactMap(Normalizer.wholeNumber)
        default: []
        }
    }
}
