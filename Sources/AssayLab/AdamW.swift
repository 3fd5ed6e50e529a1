/// Adam with decoupled weight decay (Loshchilov & Hutter 2019), as PyTorch's `torch.optim.AdamW` computes it:
///
///     θ ← θ − lr·λ·θ                      (decay, applied first and independent of the gradient)
///     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
///     θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
public struct AdamW: Sendable, Hashable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// λ, the decoupled weight decay (0 gives plain Adam).
    public var weightDecay: Float
    /// Steps taken so far (t).
    public private(set) var step = 0
    private var m: [Float] = []
    private var v: [Float] = []
    private var beta1Power = 1.0
    private var beta2Power = 1.0

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.98, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One update of `parameters` from `gradient` (the same length).
    public mutating func update(_ parameters: inout [Float], gradient: [Float]) {
        precondition(parameters.count == gradient.count, "AdamW: gradient and parameters differ in length")
        if m.count != parameters.count {
            m = [Float](repeating: 0, count: parameters.count)
            v = m
        }
        step += 1
        let b1 = beta1, b2 = beta2, lr = learningRate, eps = epsilon
        beta1Power *= Double(b1)
        beta2Power *= Double(b2)
        let c1 = Float(1 - beta1Power), c2 = Float(1 - beta2Power)
        let decay = 1 - lr * weightDecay
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<n {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] = p[i] * decay - lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
