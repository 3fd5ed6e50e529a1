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
