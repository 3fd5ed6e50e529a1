import AssayCore

extension SeededGenerator {
    /// A uniform index in `0..<count` (`count` > 0), computed the same way on every platform.
    mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count")
        return Int(next() % UInt64(count))
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ elements: [T]) -> T {
        elements[index(below: elements.count)]
    }

    /// A uniform integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + index(below: range.count)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        nextUnit() < p
    }
}
