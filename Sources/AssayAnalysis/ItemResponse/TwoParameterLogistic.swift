import AssayCore
import Foundation

/// A two-parameter logistic item-response model fitted to models × items outcomes.
///
/// `P(model i passes item j) = sigmoid(a_j (theta_i - b_j))`: `theta_i` is the model's ability, `b_j` the item's
/// difficulty (the ability at which a model passes half the time) and `a_j` its discrimination (how sharply the item
/// separates weaker from stronger models; near zero, the item says nothing about ability; negative, stronger models
/// fail it more often, a sign of a broken item or a wrong reference).
///
/// Fitted by joint maximum a posteriori estimation, alternating Newton steps on the abilities and on each item's slope
/// and intercept (`logit = a theta + c`, `b = -c / a`), with priors that identify the scale and keep estimates finite
/// when outcomes are perfect: `theta ~ N(0, 1)`, `a ~ N(1, 1)`, `c ~ N(0, 2^2)`. Outcomes may be fractional (an item's
/// pass share over epochs) and missing (nil). Ability standard errors are from the posterior curvature:
/// `1 / sqrt(sum_j a_j^2 p_ij (1 - p_ij) + 1)`.
public struct TwoParameterLogistic: Sendable {
    public var abilities: [Double]
    public var abilityStandardErrors: [Double]
    public var discriminations: [Double]
    /// Intercepts `c_j`; difficulty is `-c_j / a_j`.
    public var intercepts: [Double]
    public var iterations: Int
    public var converged: Bool

    /// Difficulty of item `j`; nil when its discrimination is too close to zero for a difficulty to mean anything.
    public func difficulty(_ j: Int) -> Double? {
        abs(discriminations[j]) < 0.1 ? nil : -intercepts[j] / discriminations[j]
    }

    /// Fits the model to `outcomes[i][j]` (model `i`, item `j`) in [0, 1], nil where missing.
    public static func fit(_ outcomes: [[Double?]], maxIterations: Int = 500, tolerance: Double = 1e-6) -> TwoParameterLogistic {
        let models = outcomes.count
        let items = outcomes.first?.count ?? 0
        var theta = [Double](repeating: 0, count: models)
        var a = [Double](repeating: 1, count: items)
        var c = [Double](repeating: 0, count: items)
        // Start abilities at the standardised logit of each model's pass share: faster and more stable than zeros.
        for i in 0..<models {
            let observed = outcomes[i].compactMap { $0 }
            let share = observed.isEmpty ? 0.5 : min(0.95, max(0.05, Statistics.mean(observed)))
            theta[i] = log(share / (1 - share))
        }
        let (thetaPriorVar, aPriorMean, aPriorVar, cPriorVar) = (1.0, 1.0, 1.0, 4.0)

        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var change = 0.0
            // Abilities, one Newton step each.
            for i in 0..<models {
                var g = -theta[i] / thetaPriorVar, h = -1 / thetaPriorVar
                for j in 0..<items {
                    guard let y = outcomes[i][j] else { continue }
                    let p = sigmoid(a[j] * theta[i] + c[j])
                    g += a[j] * (y - p)
                    h -= a[j] * a[j] * p * (1 - p)
                }
                let step = clamp(g / h, 2)
                theta[i] -= step
                change = max(change, abs(step))
            }
            // Items: a 2 × 2 Newton step on (a, c) each.
            for j in 0..<items {
                var ga = -(a[j] - aPriorMean) / aPriorVar, gc = -c[j] / cPriorVar
                var haa = -1 / aPriorVar, hac = 0.0, hcc = -1 / cPriorVar
                for i in 0..<models {
                    guard let y = outcomes[i][j] else { continue }
                    let p = sigmoid(a[j] * theta[i] + c[j])
                    let w = p * (1 - p)
                    ga += (y - p) * theta[i]
                    gc += y - p
                    haa -= w * theta[i] * theta[i]
                    hac -= w * theta[i]
                    hcc -= w
                }
                let det = haa * hcc - hac * hac
                guard det > 0 else { continue }
                // Newton: x -= H^{-1} g for the (negative definite) Hessian H.
                let da = clamp((hcc * ga - hac * gc) / det, 2)
                let dc = clamp((haa * gc - hac * ga) / det, 2)
                a[j] -= da
                c[j] -= dc
                change = max(change, abs(da), abs(dc))
            }
            if change < tolerance {
                converged = true
                break
            }
        }
        let se = (0..<models).map { i -> Double in
            var information = 1 / thetaPriorVar
            for j in 0..<items where outcomes[i][j] != nil {
                let p = sigmoid(a[j] * theta[i] + c[j])
                information += a[j] * a[j] * p * (1 - p)
            }
            return 1 / information.squareRoot()
        }
        return TwoParameterLogistic(abilities: theta, abilityStandardErrors: se, discriminations: a, intercepts: c,
                                    iterations: iterations, converged: converged)
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
    private static func clamp(_ x: Double, _ limit: Double) -> Double { min(limit, max(-limit, x)) }
}
