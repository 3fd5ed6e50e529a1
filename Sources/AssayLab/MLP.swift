public import AssayCore
import Dispatch
import Foundation
import Synchronization

/// The hidden layer's nonlinearity.
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    /// max(z, 0).
    case relu
    /// z², which makes products of the two inputs' embeddings: the Fourier features modular addition is solved with
    /// (Gromov 2023).
    case square
}

/// The shape of a lab network: `slots` input tokens from a shared `vocabulary`, each looked up in one embedding table
/// and concatenated, one hidden layer, and `heads` softmax output heads of `classes` each.
///
/// Modular addition uses two slots and one head of `p` classes; multi-digit addition uses one slot per operand digit
/// and one head per answer digit.
public struct MLPShape: Sendable, Hashable, Codable {
    public var vocabulary: Int
    public var slots: Int
    public var embedding: Int
    public var hidden: Int
    public var heads: Int
    public var classes: Int
    public var activation: Activation

    public init(vocabulary: Int, slots: Int, embedding: Int, hidden: Int, heads: Int, classes: Int, activation: Activation = .relu) {
        self.activation = activation
        self.vocabulary = vocabulary
        self.slots = slots
        self.embedding = embedding
        self.hidden = hidden
        self.heads = heads
        self.classes = classes
    }

    var inputWidth: Int { slots * embedding }
    var outputWidth: Int { heads * classes }

    // Layout of the flat parameter vector: E (vocabulary×embedding), W1 (input×hidden), b1, W2 (hidden×output), b2.
    var w1Offset: Int { vocabulary * embedding }
    var b1Offset: Int { w1Offset + inputWidth * hidden }
    var w2Offset: Int { b1Offset + hidden }
    var b2Offset: Int { w2Offset + hidden * outputWidth }

    /// Trainable parameters, embeddings and biases included.
    public var parameterCount: Int { b2Offset + outputWidth }
}

/// Examples for a lab network: `count` rows of `slots` input tokens and `heads` target classes.
public struct LabExamples: Sendable, Hashable {
    public var slots: Int
    public var heads: Int
    public var tokens: [Int32]
    public var targets: [Int32]

    public init(slots: Int, heads: Int, tokens: [Int32] = [], targets: [Int32] = []) {
        precondition(tokens.count % max(slots, 1) == 0 && targets.count % max(heads, 1) == 0, "LabExamples: ragged rows")
        self.slots = slots
        self.heads = heads
        self.tokens = tokens
        self.targets = targets
    }

    public var count: Int { heads == 0 ? 0 : targets.count / heads }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: some Sequence<Int>) -> LabExamples {
        var out = LabExamples(slots: slots, heads: heads)
        for i in indices {
            out.tokens.append(contentsOf: tokens[(i * slots)..<((i + 1) * slots)])
            out.targets.append(contentsOf: targets[(i * heads)..<((i + 1) * heads)])
        }
        return out
    }
}

/// Per-example, per-head results of running a network on examples.
public struct LabPredictions: Sendable, Hashable {
    public var heads: Int
    /// `count × heads`: whether the most probable class is the target.
    public var correct: [Bool]
    /// `count × heads`: natural log of the probability given to the target class.
    public var targetLogProbability: [Double]

    public var count: Int { heads == 0 ? 0 : correct.count / heads }
}

/// A one-hidden-layer MLP with embeddings, its parameters in one flat `Float` vector (so the optimiser is one loop).
public struct MLP: Sendable, Hashable {
    public let shape: MLPShape
    /// Every parameter, in the layout of ``MLPShape`` (embeddings, W1, b1, W2, b2).
    public var parameters: [Float]

    /// Gaussian initialisation: embeddings N(0, 1), weights N(0, 1/fan-in), biases zero, all times `scale`.
    /// A `scale` above 1 starts the network with large weights, which weight decay must then shrink (Liu et al. 2023,
    /// "Omnigrok"): the delay before generalisation.
    public init(shape: MLPShape, scale: Float = 1, generator: inout SeededGenerator) {
        self.shape = shape
        var p = [Float](repeating: 0, count: shape.parameterCount)
        func fill(_ range: Range<Int>, std: Float) {
            for i in range { p[i] = Float(generator.nextGaussian()) * std * scale }
        }
        fill(0..<shape.w1Offset, std: 1)
        fill(shape.w1Offset..<shape.b1Offset, std: 1 / Float(shape.inputWidth).squareRoot())
        fill(shape.w2Offset..<shape.b2Offset, std: 1 / Float(shape.hidden).squareRoot())
        parameters = p
    }

    public init(shape: MLPShape, parameters: [Float]) {
        precondition(parameters.count == shape.parameterCount, "MLP: wrong number of parameters")
        self.shape = shape
        self.parameters = parameters
    }

    /// The L2 norm of every parameter.
    public var weightNorm: Double {
        parameters.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    private struct Activations {
        var x: [Float]
        var z: [Float]
        var a: [Float]
        var logits: [Float]
    }

    /// Forward pass for rows `start..<start+rows` of `examples`.
    private func forward(_ examples: LabExamples, start: Int, rows: Int) -> Activations {
        let s = shape
        var x = [Float](repeating: 0, count: rows * s.inputWidth)
        var z = [Float](repeating: 0, count: rows * s.hidden)
        var logits = [Float](repeating: 0, count: rows * s.outputWidth)
        var a: [Float] = []
        parameters.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            examples.tokens.withUnsafeBufferPointer { t in
                x.withUnsafeMutableBufferPointer { xb in
                    for r in 0..<rows {
                        for slot in 0..<s.slots {
                            let token = Int(t[(start + r) * s.slots + slot])
                            let src = p + token * s.embedding, dst = xb.baseAddress! + r * s.inputWidth + slot * s.embedding
                            for j in 0..<s.embedding { dst[j] = src[j] }
                        }
                    }
                }
            }
            z.withUnsafeMutableBufferPointer { zb in
                for r in 0..<rows {
                    for j in 0..<s.hidden { zb[r * s.hidden + j] = p[s.b1Offset + j] }
                }
                x.withUnsafeBufferPointer { xb in
                    Kernels.gemm(m: rows, k: s.inputWidth, n: s.hidden, a: xb.baseAddress!, b: p + s.w1Offset, c: zb.baseAddress!)
                }
            }
            a = s.activation == .relu ? z.map { max($0, 0) } : z.map { $0 * $0 }
            logits.withUnsafeMutableBufferPointer { lb in
                for r in 0..<rows {
                    for j in 0..<s.outputWidth { lb[r * s.outputWidth + j] = p[s.b2Offset + j] }
                }
                a.withUnsafeBufferPointer { ab in
                    Kernels.gemm(m: rows, k: s.hidden, n: s.outputWidth, a: ab.baseAddress!, b: p + s.w2Offset, c: lb.baseAddress!)
                }
            }
        }
        return Activations(x: x, z: z, a: a, logits: logits)
    }

    /// Turns each head's logits into log-probabilities in place.
    private static func logSoftmax(_ logits: inout [Float], groups: Int, classes: Int) {
        logits.withUnsafeMutableBufferPointer { l in
            for g in 0..<groups {
                let row = l.baseAddress! + g * classes
                var top = row[0]
                for c in 1..<classes { top = max(top, row[c]) }
                var sum: Float = 0
                for c in 0..<classes { sum += Foundation.exp(row[c] - top) }
                let shift = top + Foundation.log(sum)
                for c in 0..<classes { row[c] -= shift }
            }
        }
    }

    /// The mean (over examples) of the summed (over heads) cross-entropy, and its gradient for every parameter.
    ///
    /// Batches of 512 rows or more are split in two halves computed on two threads and then added, in a fixed order,
    /// so the result depends on the batch alone, not on the machine or the scheduling.
    public func lossAndGradient(_ examples: LabExamples) -> (loss: Double, gradient: [Float]) {
        let rows = examples.count
        guard rows >= 512 else {
            let part = partialLossAndGradient(examples, start: 0, rows: rows, total: rows)
            return (part.loss / Double(rows), part.gradient)
        }
        let half = rows / 2
        let slots = PartSlots()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let start = i == 0 ? 0 : half
            slots.set(i, partialLossAndGradient(examples, start: start, rows: i == 0 ? half : rows - half, total: rows))
        }
        let (first, second) = slots.take()
        var gradient = first.gradient
        gradient.withUnsafeMutableBufferPointer { g in
            second.gradient.withUnsafeBufferPointer { h in Kernels.axpy(g.count, 1, h.baseAddress!, g.baseAddress!) }
        }
        return ((first.loss + second.loss) / Double(rows), gradient)
    }

    /// The summed loss of rows `start..<start+rows`, and their gradient of the mean loss over `total` rows.
    private func partialLossAndGradient(_ examples: LabExamples, start: Int, rows: Int, total: Int) -> (loss: Double, gradient: [Float]) {
        let s = shape
        var act = forward(examples, start: start, rows: rows)
        Self.logSoftmax(&act.logits, groups: rows * s.heads, classes: s.classes)
        var loss = 0.0
        var grad = [Float](repeating: 0, count: s.parameterCount)
        // dlogits = (softmax − onehot) / rows
        var dl = act.logits
        let inv = 1 / Float(total)
        dl.withUnsafeMutableBufferPointer { d in
            examples.targets.withUnsafeBufferPointer { t in
                for g in 0..<(rows * s.heads) {
                    let row = d.baseAddress! + g * s.classes
                    let target = Int(t[start * s.heads + g])
                    loss -= Double(row[target])
                    for c in 0..<s.classes { row[c] = Foundation.exp(row[c]) * inv }
                    row[target] -= inv
                }
            }
        }
        var dz = [Float](repeating: 0, count: rows * s.hidden)
        var dx = [Float](repeating: 0, count: rows * s.inputWidth)
        grad.withUnsafeMutableBufferPointer { gb in
            let g = gb.baseAddress!
            parameters.withUnsafeBufferPointer { pb in
                let p = pb.baseAddress!
                dl.withUnsafeBufferPointer { d in
                    // W2, b2
                    act.a.withUnsafeBufferPointer { a in
                        Kernels.gemmTN(m: rows, k: s.hidden, n: s.outputWidth, a: a.baseAddress!, b: d.baseAddress!, c: g + s.w2Offset)
                    }
                    for r in 0..<rows { Kernels.axpy(s.outputWidth, 1, d.baseAddress! + r * s.outputWidth, g + s.b2Offset) }
                    // dA = dlogits · W2ᵀ, then through the activation
                    let w2t = Kernels.transpose(p + s.w2Offset, rows: s.hidden, cols: s.outputWidth)
                    dz.withUnsafeMutableBufferPointer { dzb in
                        w2t.withUnsafeBufferPointer { w in
                            Kernels.gemm(m: rows, k: s.outputWidth, n: s.hidden, a: d.baseAddress!, b: w.baseAddress!, c: dzb.baseAddress!)
                        }
                        act.z.withUnsafeBufferPointer { z in
                            switch s.activation {
                            case .relu: for i in 0..<(rows * s.hidden) where z[i] <= 0 { dzb[i] = 0 }
                            case .square: for i in 0..<(rows * s.hidden) { dzb[i] *= 2 * z[i] }
                            }
                        }
                    }
                }
                dz.withUnsafeBufferPointer { dzb in
                    // W1, b1
                    act.x.withUnsafeBufferPointer { x in
                        Kernels.gemmTN(m: rows, k: s.inputWidth, n: s.hidden, a: x.baseAddress!, b: dzb.baseAddress!, c: g + s.w1Offset)
                    }
                    for r in 0..<rows { Kernels.axpy(s.hidden, 1, dzb.baseAddress! + r * s.hidden, g + s.b1Offset) }
                    // dX = dZ · W1ᵀ, scattered into the embedding rows
                    let w1t = Kernels.transpose(p + s.w1Offset, rows: s.inputWidth, cols: s.hidden)
                    dx.withUnsafeMutableBufferPointer { dxb in
                        w1t.withUnsafeBufferPointer { w in
                            Kernels.gemm(m: rows, k: s.hidden, n: s.inputWidth, a: dzb.baseAddress!, b: w.baseAddress!, c: dxb.baseAddress!)
                        }
                    }
                }
            }
            dx.withUnsafeBufferPointer { dxb in
                examples.tokens.withUnsafeBufferPointer { t in
                    for r in 0..<rows {
                        for slot in 0..<s.slots {
                            let token = Int(t[(start + r) * s.slots + slot])
                            Kernels.axpy(s.embedding, 1, dxb.baseAddress! + r * s.inputWidth + slot * s.embedding, g + token * s.embedding)
                        }
                    }
                }
            }
        }
        return (loss, grad)
    }

    /// Runs the network on every example (in chunks) and reports, per example and head, whether the argmax is the
    /// target and the log-probability of the target.
    public func predict(_ examples: LabExamples, chunk: Int = 1024) -> LabPredictions {
        let s = shape
        var correct: [Bool] = []
        var logp: [Double] = []
        correct.reserveCapacity(examples.count * s.heads)
        logp.reserveCapacity(examples.count * s.heads)
        var start = 0
        while start < examples.count {
            let rows = min(chunk, examples.count - start)
            var logits = forward(examples, start: start, rows: rows).logits
            Self.logSoftmax(&logits, groups: rows * s.heads, classes: s.classes)
            for g in 0..<(rows * s.heads) {
                let base = g * s.classes
                let target = Int(examples.targets[start * s.heads + g])
                var best = 0
                for c in 1..<s.classes where logits[base + c] > logits[base + best] { best = c }
                correct.append(best == target)
                logp.append(Double(logits[base + target]))
            }
            start += rows
        }
        return LabPredictions(heads: s.heads, correct: correct, targetLogProbability: logp)
    }
}

/// The two halves of a split batch, each written once by its own thread.
private final class PartSlots: Sendable {
    private let parts = Mutex<[(loss: Double, gradient: [Float])?]>([nil, nil])

    func set(_ index: Int, _ value: (loss: Double, gradient: [Float])) { parts.withLock { $0[index] = value } }

    func take() -> ((loss: Double, gradient: [Float]), (loss: Double, gradient: [Float])) {
        parts.withLock { ($0[0]!, $0[1]!) }
    }
}

extension SeededGenerator {
    /// A standard normal draw (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 0x1p-60), u2 = nextUnit()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
