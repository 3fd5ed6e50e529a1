/// A small, fast, reproducible random generator (SplitMix64). The same seed gives the same stream on every platform,
/// so generated items, bootstrap resamples and retry jitter are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Codable, Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }
    public init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
