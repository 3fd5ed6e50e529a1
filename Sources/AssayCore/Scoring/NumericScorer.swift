/// Pass when the last number in the response is within an absolute tolerance of the target.
public struct NumericScorer: Scorer {
    public let name: String
    /// Largest accepted absolute difference.
    public let tolerance: Double

    public init(tolerance: Double = 1e-6, name: String = "numeric") {
        self.tolerance = tolerance
        self.name = name
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { [] }

    /// Number targets and text targets whose alternatives are numbers.
    public func applies(to item: Item) -> Bool {
        item.target.isNumeric
    }

    public func score(item: Item, sample: Sample) async -> Score {
        let targets = item.target.comparableNumbers
        guard !targets.isEmpty else { return .abstain(name, "target \(item.target.kind) has no number") }
        guard let got = Normalizer.number(in: sample.text) else {
            return .fail(name, "no number in response '\(Normalizer.excerpt(sample.text))'")
        }
        // A relative 1e-12 slack so that a tolerance of 0.1 accepts 0.3 for 0.2 despite binary rounding.
        let within = targets.contains { abs(got - $0) <= tolerance + 1e-12 * max(abs(got), abs($0)) }
        let difference = NumberFormat.plain(abs(got - targets[0]))
        return within
            ? .pass(name, "\(NumberFormat.plain(got)) within \(NumberFormat.plain(tolerance)) of target")
            : .fail(name, "\(NumberFormat.plain(got)) differs from \(NumberFormat.plain(targets[0])) by \(difference)")
    }
}
