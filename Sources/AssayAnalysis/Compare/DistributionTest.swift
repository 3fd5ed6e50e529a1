public import AssayCore

/// The result of testing whether two runs' completions come from the same distribution.
public struct DistributionTestResult: Hashable, Sendable, Encodable {
    /// Whether enough replicate completions existed to test (at least two per run on some prompt).
    public var testable: Bool
    /// The unbiased MMD² estimate, averaged over the prompts tested (0 in expectation when nothing changed).
    public var statistic: Double
    /// Permutation p-value: `(1 + #{permuted >= observed}) / (1 + permutations)`; NaN when not testable.
    public var pValue: Double
    /// Prompts with at least two completions in each run.
    public var prompts: Int
    public var permutations: Int
    /// Token positions the Hamming kernel compares.
    public var positions: Int
    /// Share of prompts (with a completion in both runs) whose completions are all the same text in both.
    public var identicalShare: Double
    /// Why the test could not run, when it could not.
    public var note: String?

    private enum CodingKeys: String, CodingKey {
        case testable, statistic, pValue, prompts, permutations, positions, identicalShare, note
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(testable, forKey: .testable)
        try c.encodeFinite(statistic, forKey: .statistic)
        try c.encodeFinite(pValue, forKey: .pValue)
        try c.encode(prompts, forKey: .prompts)
        try c.encode(permutations, forKey: .permutations)
        try c.encode(positions, forKey: .positions)
        try c.encodeFinite(identicalShare, forKey: .identicalShare)
        try c.encode(note, forKey: .note)
    }
}

/// Model equality testing with the maximum mean discrepancy (MMD) and a Hamming kernel over completions, after
/// Gao, Liang and Guestrin (2024), "Model Equality Testing: Which model is this API serving?".
///
/// Completions are split into words and compared position by position over the first `L` positions, a completion
/// shorter than `L` padded with an end marker: `k(x, y) = (1/L) #{t < L : x_t = y_t}`, a positive definite kernel
/// (a sum of indicator kernels). Completions of different prompts are not compared (the kernel is zero across
/// prompts), so the test asks whether, prompt by prompt, the completions changed. Per prompt with completions
/// `X` (m) from the first run and `Y` (n) from the second, the unbiased estimate is
/// `sum_{i≠j} k(x_i, x_j) / (m(m-1)) + sum_{i≠j} k(y_i, y_j) / (n(n-1)) - 2 sum_{i,j} k(x_i, y_j) / (mn)`,
/// averaged over prompts. The null distribution comes from permuting the run labels within each prompt.
///
/// With one completion per prompt per run (one epoch) there is nothing to permute and no test: a single draw from
/// each model cannot tell a change from sampling noise. Run both models with `--epochs 2` or more.
public enum DistributionTest {
    /// Tests `a[p]` against `b[p]`, the completions of prompt `p` in each run.
    public static func hammingMMD(a: [[String]], b: [[String]], maxPositions: Int = 64, permutations: Int = 1000,
                                  seed: UInt64 = 1) -> DistributionTestResult {
        precondition(a.count == b.count, "hammingMMD: a and b must list the same prompts")
        var withBoth = 0, identical = 0
        for (x, y) in zip(a, b) where !x.isEmpty && !y.isEmpty {
            withBoth += 1
            if let first = x.first, (x + y).allSatisfy({ $0 == first }) { identical += 1 }
        }
        let identicalShare = withBoth == 0 ? Double.nan : Double(identical) / Double(withBoth)

        // Words to integer ids, shared by both runs.
        var vocabulary: [Substring: Int32] = [:]
        func encode(_ text: String) -> [Int32] {
            text.split(whereSeparator: \.isWhitespace).map { word in
                if let id = vocabulary[word] { return id }
                let id = Int32(vocabulary.count + 1)
                vocabulary[word] = id
                return id
            }
        }
        var blocks: [(m: Int, tokens: [[Int32]])] = []
        var longest = 1
        for (x, y) in zip(a, b) where x.count >= 2 && y.count >= 2 {
            let tokens = (x + y).map(encode)
            longest = max(longest, tokens.map(\.count).max() ?? 0)
            blocks.append((x.count, tokens))
        }
        let positions = min(maxPositions, longest)
        guard !blocks.isEmpty else {
            return DistributionTestResult(testable: false, statistic: .nan, pValue: .nan, prompts: 0, permutations: 0, positions: positions,
                                          identicalShare: identicalShare,
                                          note: "needs at least two completions per run of the same prompt: run both with --epochs 2 or more")
        }

        // Kernel matrix per prompt over its pooled completions (first m from run a).
        let kernels: [(m: Int, size: Int, k: [Double])] = blocks.map { block in
            let size = block.tokens.count
            var k = [Double](repeating: 0, count: size * size)
            for i in 0..<size {
                for j in i..<size {
                    let v = hamming(block.tokens[i], block.tokens[j], positions)
                    k[i * size + j] = v
                    k[j * size + i] = v
                }
            }
            return (block.m, size, k)
        }

        func statistic(_ labels: [[Bool]]) -> Double {
            var total = 0.0
            for (index, kernel) in kernels.enumerated() {
                let inA = labels[index]
                let m = Double(kernel.m), n = Double(kernel.size - kernel.m)
                var xx = 0.0, yy = 0.0, xy = 0.0
                for i in 0..<kernel.size {
                    for j in 0..<kernel.size where i != j {
                        let v = kernel.k[i * kernel.size + j]
                        switch (inA[i], inA[j]) {
                        case (true, true): xx += v
                        case (false, false): yy += v
                        default: xy += v
                        }
                    }
                }
                // xy counts each cross pair twice (i, j) and (j, i).
                total += xx / (m * (m - 1)) + yy / (n * (n - 1)) - xy / (m * n)
            }
            return total / Double(kernels.count)
        }

        var labels = kernels.map { kernel in (0..<kernel.size).map { $0 < kernel.m } }
        let observed = statistic(labels)
        var generator = SeededGenerator(seed: seed)
        var atLeast = 0
        let tolerance = 1e-12
        for _ in 0..<permutations {
            for index in labels.indices { labels[index].shuffle(using: &generator) }
            if statistic(labels) >= observed - tolerance { atLeast += 1 }
        }
        return DistributionTestResult(testable: true, statistic: observed, pValue: Double(1 + atLeast) / Double(1 + permutations),
                                      prompts: blocks.count, permutations: permutations, positions: positions,
                                      identicalShare: identicalShare, note: nil)
    }

    /// `(1/L) #{t < L : x_t = y_t}` with positions past a completion's end holding an end marker (0).
    static func hamming(_ x: [Int32], _ y: [Int32], _ positions: Int) -> Double {
        var same = 0
        for t in 0..<positions {
            let u: Int32 = t < x.count ? x[t] : 0
            let v: Int32 = t < y.count ? y[t] : 0
            if u == v { same += 1 }
        }
        return Double(same) / Double(positions)
    }
}
