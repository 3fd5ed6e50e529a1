import Foundation

/// Maps a data domain onto a pixel range, linearly or by powers of ten, and picks ticks.
public struct Scale: Sendable, Equatable {
    /// How values are spaced along the range.
    public enum Kind: Sendable, Equatable {
        case linear
        /// Equal distance per decade; the domain must be positive.
        case log10
    }

    /// A tick position and its label.
    public struct Tick: Sendable, Equatable {
        public var value: Double
        public var label: String
    }

    public let kind: Kind
    public let domain: ClosedRange<Double>
    /// Pixel position of `domain.lowerBound`.
    public let rangeStart: Double
    /// Pixel position of `domain.upperBound` (may be less than `rangeStart`, as on a y axis).
    public let rangeEnd: Double

    /// A scale from `domain` to the pixels `range.0 … range.1`.
    public init(_ kind: Kind = .linear, domain: ClosedRange<Double>, range: (Double, Double)) {
        self.kind = kind
        self.domain = domain
        self.rangeStart = range.0
        self.rangeEnd = range.1
    }

    /// The pixel position of `value`; NaN for NaN, and for values ≤ 0 on a log scale.
    public func callAsFunction(_ value: Double) -> Double {
        guard let t = fraction(value) else { return .nan }
        return rangeStart + t * (rangeEnd - rangeStart)
    }

    /// Like calling the scale, but clamped to the range (NaN stays NaN).
    public func clamped(_ value: Double) -> Double {
        guard let t = fraction(value) else { return .nan }
        return rangeStart + min(max(t, 0), 1) * (rangeEnd - rangeStart)
    }

    private func fraction(_ value: Double) -> Double? {
        switch kind {
        case .linear:
            guard !value.isNaN else { return nil }
            let span = domain.upperBound - domain.lowerBound
            return span > 0 ? (value - domain.lowerBound) / span : 0.5
        case .log10:
            guard value > 0, domain.lowerBound > 0 else { return nil }
            let lo = Foundation.log10(domain.lowerBound), span = Foundation.log10(domain.upperBound) - lo
            return span > 0 ? (Foundation.log10(value) - lo) / span : 0.5
        }
    }

    /// About `count` ticks inside the domain: 1-2-5 steps for linear, powers of ten for log
    /// (thinned when there are many decades; with 2 and 5 multiples when fewer than three fit).
    public func ticks(count: Int = 5) -> [Double] {
        tickMarks(count: count).map(\.value)
    }

    /// ``ticks(count:)`` with labels.
    public func tickMarks(count: Int = 5) -> [Tick] {
        switch kind {
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            guard span > 0, span.isFinite else { return [Tick(value: domain.lowerBound, label: SVG.short(domain.lowerBound))] }
            let step = Self.niceStep(span: span, count: count)
            let decimals = max(0, -Int(Foundation.log10(step).rounded(.down)))
            let first = (domain.lowerBound / step - 1e-9).rounded(.up)
            let last = (domain.upperBound / step + 1e-9).rounded(.down)
            guard first <= last else { return [] }
            return stride(from: first, through: last, by: 1).map { k in
                let v = Self.multiple(k, of: step)
                return Tick(value: v, label: SVG.format(v, decimals: decimals))
            }
        case .log10:
            guard domain.lowerBound > 0, domain.upperBound >= domain.lowerBound else { return [] }
            let lo = Foundation.log10(domain.lowerBound), hi = Foundation.log10(domain.upperBound)
            let eLo = Int((lo - 1e-9).rounded(.up)), eHi = Int((hi + 1e-9).rounded(.down))
            let decades = eLo <= eHi ? Array(eLo...eHi) : []
            if decades.count < 3 {
                let values = (Int(lo.rounded(.down))...Int(hi.rounded(.down))).flatMap { e in
                    [1.0, 2, 5].map { $0 * Self.power(e) }
                }.filter { domain.contains($0) }
                return values.map { Tick(value: $0, label: SVG.short($0, decimals: 9)) }
            }
            let every = max(1, Int((Double(decades.count) / Double(max(count, 1) * 2)).rounded(.up)))
            let chosen = decades.enumerated().filter { $0.offset % every == 0 }.map(\.element)
            let plain = chosen.allSatisfy { (-3...4).contains($0) }
            return chosen.map { e in
                let v = Self.power(e)
                return Tick(value: v, label: plain ? SVG.short(v, decimals: 9) : "10" + Self.superscript(e))
            }
        }
    }

    /// The same scale with its domain widened to the enclosing tick step (linear) or decades (log).
    public func niced(count: Int = 5) -> Scale {
        let lo = domain.lowerBound, hi = domain.upperBound
        switch kind {
        case .linear:
            let span = hi - lo
            guard span > 0, span.isFinite else { return self }
            let step = Self.niceStep(span: span, count: count)
            let d = Self.multiple((lo / step + 1e-9).rounded(.down), of: step)...Self.multiple((hi / step - 1e-9).rounded(.up), of: step)
            return Scale(.linear, domain: d, range: (rangeStart, rangeEnd))
        case .log10:
            guard lo > 0 else { return self }
            let a = Self.power(Int((Foundation.log10(lo) + 1e-9).rounded(.down)))
            let b = Self.power(Int((Foundation.log10(hi) - 1e-9).rounded(.up)))
            return Scale(.log10, domain: a...max(a, b), range: (rangeStart, rangeEnd))
        }
    }

    /// The 1, 2 or 5 × 10ⁿ step that cuts `span` into about `count` parts.
    public static func niceStep(span: Double, count: Int) -> Double {
        let raw = span / Double(max(count, 1))
        let magnitude = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
        let ratio = raw / magnitude
        let factor: Double = ratio >= 50.squareRoot() ? 10 : ratio >= 10.squareRoot() ? 5 : ratio >= 2.squareRoot() ? 2 : 1
        return factor * magnitude
    }

    /// `k × step`, divided by the integer `1/step` for small steps so 3 × 0.1 prints as 0.3.
    static func multiple(_ k: Double, of step: Double) -> Double {
        let v = step < 1 ? k / (1 / step).rounded() : k * step
        return v == 0 ? 0 : v  // no -0
    }

    /// 10^e, correctly rounded.
    static func power(_ e: Int) -> Double { Double("1e\(e)") ?? Foundation.pow(10, Double(e)) }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }

    /// The extent of the finite values in `values` and `including`, widened when it is a single point.
    static func extent(_ values: [Double], including: [Double] = []) -> ClosedRange<Double>? {
        let finite = (values + including).filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return nil }
        if lo < hi { return lo...hi }
        let pad = lo == 0 ? 0.5 : abs(lo) * 0.1
        return (lo - pad)...(hi + pad)
    }
}
