/// The dense kernels the lab's networks need: row-major `Float` matrices, each kernel an `axpy` inner loop over raw
/// pointers that the compiler vectorises. Small and plain on purpose; no external BLAS.
enum Kernels {
    /// `y[0..<n] += a * x[0..<n]`.
    @inline(__always)
    static func axpy(_ n: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        for j in 0..<n { y[j] += a * x[j] }
    }

    /// `C[m×n] += A[m×k] · B[k×n]`. Zero entries of `A` (ReLU activations) are skipped.
    static func gemm(m: Int, k: Int, n: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        for i in 0..<m {
            let ai = a + i * k, ci = c + i * n
            for p in 0..<k {
                let av = ai[p]
                if av != 0 { axpy(n, av, b + p * n, ci) }
            }
        }
    }

    /// `C[k×n] += Aᵀ · B` for `A[m×k]`, `B[m×n]` (a weight gradient from activations and output gradients).
    static func gemmTN(m: Int, k: Int, n: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        for i in 0..<m {
            let ai = a + i * k, bi = b + i * n
            for p in 0..<k {
                let av = ai[p]
                if av != 0 { axpy(n, av, bi, c + p * n) }
            }
        }
    }

    /// The transpose of a row-major `rows×cols` matrix.
    static func transpose(_ m: UnsafePointer<Float>, rows: Int, cols: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * cols) { out, count in
            for r in 0..<rows {
                for c in 0..<cols { out[c * rows + r] = m[r * cols + c] }
            }
            count = rows * cols
        }
    }
}
