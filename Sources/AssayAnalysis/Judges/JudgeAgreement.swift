public import AssayCore

/// An estimate with its standard error and 95% interval.
public struct Estimate: Hashable, Sendable, Encodable {
    public var value: Double
    public var stderr: Double
    public var ciLow: Double
    public var ciHigh: Double

    public init(value: Double, stderr: Double, ciLow: Double, ciHigh: Double) {
        self.value = value
        self.stderr = stderr
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }

    private enum CodingKeys: String, CodingKey { case value, stderr, ciLow, ciHigh }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeFinite(value, forKey: .value)
        try c.encodeFinite(stderr, forKey: .stderr)
        try c.encodeFinite(ciLow, forKey: .ciLow)
        try c.encodeFinite(ciHigh, forKey: .ciHigh)
    }

    /// A proportion `successes / n` with its Bernoulli SE and Wilson interval; NaN when `n == 0`.
    public static func proportion(_ successes: Int, of n: Int) -> Estimate {
        guard n > 0 else { return Estimate(value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan) }
        let p = Double(successes) / Double(n)
        let (low, high) = Statistics.wilsonInterval(successes: Double(successes), n: n, z: Statistics.z95)
        return Estimate(value: p, stderr: Statistics.bernoulliStandardError(p: p, n: n), ciLow: low, ciHigh: high)
    }
}

/// How far a judge agrees with human labels on a binary verdict, pass being the positive class.
///
/// Abstentions are a verdict of their own: counted per label and left out of every rate, never read as a pass or a fail.
public struct JudgeAgreement: Hashable, Sendable {
    /// Labelled pass, judged pass.
    public var truePass: Int
    /// Labelled pass, judged fail.
    public var falseFail: Int
    /// Labelled fail, judged pass.
    public var falsePass: Int
    /// Labelled fail, judged fail.
    public var trueFail: Int
    /// The judge abstained on an item labelled pass / fail.
    public var abstainedOnPass: Int
    public var abstainedOnFail: Int

    public init(truePass: Int = 0, falseFail: Int = 0, falsePass: Int = 0, trueFail: Int = 0, abstainedOnPass: Int = 0, abstainedOnFail: Int = 0) {
        self.truePass = truePass
        self.falseFail = falseFail
        self.falsePass = falsePass
        self.trueFail = trueFail
        self.abstainedOnPass = abstainedOnPass
        self.abstainedOnFail = abstainedOnFail
    }

    /// Tallies (human label, judge verdict) pairs; `label` is true for pass.
    public init(pairs: [(label: Bool, verdict: Verdict)]) {
        self.init()
        for (label, verdict) in pairs {
            switch (label, verdict) {
            case (true, .pass): truePass += 1
            case (true, .fail): falseFail += 1
            case (false, .pass): falsePass += 1
            case (false, .fail): trueFail += 1
            case (true, _): abstainedOnPass += 1
            case (false, _): abstainedOnFail += 1
            }
        }
    }

    /// Labels the judge gave a verdict on.
    public var decided: Int { truePass + falseFail + falsePass + trueFail }
    public var abstained: Int { abstainedOnPass + abstainedOnFail }

    /// Share of decided labels the judge got right.
    public var accuracy: Estimate { .proportion(truePass + trueFail, of: decided) }
    /// P(judge pass | labelled pass).
    public var sensitivity: Estimate { .proportion(truePass, of: truePass + falseFail) }
    /// P(judge fail | labelled fail).
    public var specificity: Estimate { .proportion(trueFail, of: trueFail + falsePass) }
    /// Share of all labels the judge abstained on.
    public var abstainRate: Estimate { .proportion(abstained, of: decided + abstained) }

    /// Cohen's kappa: agreement beyond chance, `(p_o - p_e) / (1 - p_e)`, with the large-sample standard error
    /// `sqrt(p_o (1 - p_o) / (n (1 - p_e)^2))` (Cohen 1960) and interval `kappa ± 1.96 SE`.
    /// NaN when there are no decided labels or chance agreement is total (`p_e == 1`).
    public var kappa: Estimate {
        let n = Double(decided)
        guard n > 0 else { return Estimate(value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan) }
        let po = Double(truePass + trueFail) / n
        let labelPass = Double(truePass + falseFail) / n, judgePass = Double(truePass + falsePass) / n
        let pe = labelPass * judgePass + (1 - labelPass) * (1 - judgePass)
        guard pe < 1 else { return Estimate(value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan) }
        let k = (po - pe) / (1 - pe)
        let se = (po * (1 - po) / (n * (1 - pe) * (1 - pe))).squareRoot()
        return Estimate(value: k, stderr: se, ciLow: k - Statistics.z95 * se, ciHigh: k + Statistics.z95 * se)
    }
}

/// Corrects a rate measured by an imperfect judge for the judge's error (Rogan and Gladen 1978).
public enum RoganGladen {
    /// The true pass rate behind an observed one: `(p + spec - 1) / (sens + spec - 1)`, clamped to [0, 1].
    ///
    /// The standard error adds the uncertainty of the judge's sensitivity and specificity to that of the observed rate
    /// (delta method, the three estimated independently): with `J = sens + spec - 1` and `c` the unclamped estimate,
    /// `Var = (Var(p) + c^2 Var(sens) + (1 - c)^2 Var(spec)) / J^2`. The interval is `c ± 1.96 SE`, clamped to [0, 1].
    /// NaN when `J <= 0` (a judge no better than chance cannot correct anything).
    public static func corrected(observed p: Estimate, sensitivity: Estimate, specificity: Estimate) -> Estimate {
        let j = sensitivity.value + specificity.value - 1
        guard j > 0, p.value.isFinite else { return Estimate(value: .nan, stderr: .nan, ciLow: .nan, ciHigh: .nan) }
        let c = (p.value + specificity.value - 1) / j
        let variance = (square(p.stderr) + c * c * square(sensitivity.stderr) + (1 - c) * (1 - c) * square(specificity.stderr)) / (j * j)
        let se = variance.squareRoot()
        let clamp = { (x: Double) in min(1, max(0, x)) }
        return Estimate(value: clamp(c), stderr: se, ciLow: clamp(c - Statistics.z95 * se), ciHigh: clamp(c + Statistics.z95 * se))
    }

    private static func square(_ x: Double) -> Double { x.isFinite ? x * x : 0 }
}
