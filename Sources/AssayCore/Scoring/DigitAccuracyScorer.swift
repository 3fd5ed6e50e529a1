/// Share of the target's digits that the response's number gets right, position by position.
///
/// Digits are aligned at the decimal point: integer digits right-aligned (units with units, tens with tens),
/// fraction digits left-aligned, which for integers is plain right alignment. Signs are ignored. The target
/// number is written with ``NumberFormat/plain(_:)``, the response's last number likewise; 0 when the
/// response has no number. A smooth companion to exact match on arithmetic: 1234 vs 1284 gives 0.75.
public struct DigitAccuracyScorer: Scorer {
    public let name: String

    public init(name: String = "digit_accuracy") {
        self.name = name
    }

    public var isContinuous: Bool { true }
    public var needs: ScorerNeeds { [] }

    /// Number targets.
    public func applies(to item: Item) -> Bool {
        if case .number = item.target { true } else { false }
    }

    public func score(item: Item, sample: Sample) async -> Score {
        guard case .number(let target) = item.target else {
            return .abstain(name, "not a number target (\(item.target.kind))")
        }
        guard target.isFinite else { return .abstain(name, "target is not finite") }
        guard let got = Normalizer.number(in: sample.text) else {
            return .value(name, 0, "no number in response")
        }
        return .value(name, Self.accuracy(target: target, response: got))
    }

    /// The digit accuracy of `response` against `target`.
    public static func accuracy(target: Double, response: Double) -> Double {
        let (targetInt, targetFrac) = digits(target)
        let (gotInt, gotFrac) = digits(response)
        let total = targetInt.count + targetFrac.count
        guard total > 0 else { return 0 }
        var matches = 0
        for k in 0..<targetInt.count {
            let t = targetInt[targetInt.count - 1 - k]
            if k < gotInt.count, gotInt[gotInt.count - 1 - k] == t { matches += 1 }
        }
        for k in 0..<targetFrac.count where k < gotFrac.count && gotFrac[k] == targetFrac[k] {
            matches += 1
        }
        return Double(matches) / Double(total)
    }

    private static func digits(_ value: Double) -> (integer: [Character], fraction: [Character]) {
        guard value.isFinite else { return ([], []) }
        let text = NumberFormat.plain(abs(value))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = Array(parts[0]).filter(\.isNumber)
        let fraction = parts.count > 1 ? Array(parts[1]).filter(\.isNumber) : []
        return (integer, fraction)
    }
}
