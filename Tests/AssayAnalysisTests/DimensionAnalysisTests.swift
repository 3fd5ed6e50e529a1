import AssayCore
import AssayStore
import Foundation
import Testing

@testable import AssayAnalysis

/// The dimension analyses on runs built by hand, whose answers are known.
@Suite struct DimensionAnalysisTests {
    /// A run of `items`: `scores(item, epoch)` gives each sample's scores (text and finish reason optional).
    static func run(_ items: [Item], scorers: [String], continuous: [String] = [], epochs: Int = 1,
                    text: (Item, Int) -> String = { _, _ in "" }, finish: String? = "stop", logLikelihood: (Item) -> Double? = { _ in nil },
                    scores: (Item, Int) -> [Score]) -> ComparedRun {
        let config = RunConfig(epochs: epochs, generation: GenerationParameters(), scorers: scorers, continuousScorers: continuous)
        let record = RunRecord(id: "r", suiteName: "s", suiteVersion: "v", model: "m", configHash: config.hash, config: config, status: .completed)
        var results: [SampleResult] = []
        for item in items {
            for e in 0..<epochs {
                let sample = Sample(runID: "r", itemID: item.id, epoch: e, messages: item.input,
                                    completion: Completion(text: text(item, e), finishReason: finish), targetLogLikelihood: logLikelihood(item))
                results.append(SampleResult(sample: sample, scores: scores(item, e)))
            }
        }
        return ComparedRun(record: record, results: results)
    }

    static func byID(_ items: [Item]) -> [String: Item] { Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) }) }

    // MARK: Time horizons

    @Test func horizonVectorFromTheIssue() {
        let fit = TimeHorizon.Fit(intercept: 3, slope: -0.5)
        #expect(abs(fit.horizon(0.5) - 64) < 1e-9)
        // 2^((ln 4 − 3) / −0.5) = 9.3659…, "about 9.37 minutes".
        #expect(abs(fit.horizon(0.8) - 9.365_92) < 1e-4)
        #expect((fit.horizon(0.8) * 100).rounded() / 100 == 9.37)
        #expect(abs(fit.probability(minutes: 64) - 0.5) < 1e-12)
        #expect(TimeHorizon.Fit(intercept: 3, slope: 0.2).horizon(0.5).isNaN)
    }

    @Test func horizonFitRecoversKnownParametersAndReportsAnInterval() {
        var rng = SeededGenerator(seed: 42)
        var items: [Item] = []
        var passed: [String: Bool] = [:]
        let truth = TimeHorizon.Fit(intercept: 3, slope: -0.5)
        for i in 0..<800 {
            let minutes = exp2(Double(i % 80) / 8 - 2)   // 0.25 to about 240 minutes
            let item = Item(prompt: "task \(i)", target: .text(["x"]), metadata: ["human_minutes": String(minutes)])
            items.append(item)
            passed[item.id] = rng.nextUnit() < truth.probability(minutes: minutes)
        }
        let minutes = items.map { Double($0.metadata["human_minutes"]!)! }
        let fit = TimeHorizon.fit(minutes: minutes, successes: items.map { passed[$0.id]! ? 1 : 0 })!
        #expect(abs(fit.intercept - 3) < 0.5)
        #expect(abs(fit.slope + 0.5) < 0.1)
        let run = Self.run(items, scorers: ["includes"]) { item, _ in [passed[item.id]! ? .pass("includes") : .fail("includes")] }
        let report = DimensionReport.analyze(run, kind: .horizon, items: Self.byID(items))
        let h50 = report.estimate("h50_minutes")!
        #expect(h50.ciLow < 64 && 64 < h50.ciHigh)
        #expect(h50.ciLow > 20 && h50.ciHigh < 200)
        #expect(report.estimates.contains { $0.name == "success" && $0.x != nil })
    }

    @Test func horizonWithoutSuccessesSaysSo() {
        let items = (0..<6).map { Item(prompt: "t\($0)", target: .text(["x"]), metadata: ["human_minutes": "\($0 + 1)"]) }
        let run = Self.run(items, scorers: ["includes"]) { _, _ in [.fail("includes")] }
        let report = DimensionReport.analyze(run, kind: .horizon, items: Self.byID(items))
        #expect(report.estimate("h50_minutes") == nil)
        #expect(report.notes.contains { $0.contains("no item succeeded") })
    }

    // MARK: Omission

    @Test func omissionIndexIsThePairedDifferenceOfDisclosure() {
        let scenarios = (0..<4).map { i in
            OmissionScenario(id: "s\(i)", domain: i < 2 ? "finance" : "health", context: ["a", "b"],
                             material: [.init(text: "b", keyPhrases: ["b"])], question: "q\(i)", neutralSystem: "n", incentiveSystem: "i")
        }
        let items = scenarios.flatMap { s in OmissionScenario.Condition.allCases.map { s.item($0) } }
        // Neutral answers disclose in all four scenarios; incentive answers in one; two incentive answers palter.
        let run = Self.run(items, scorers: ["disclosure", "full_disclosure", "truthful"], continuous: ["disclosure"]) { item, _ in
            let neutral = item.metadata["condition"] == "neutral"
            let disclosed = neutral || item.metadata["scenario"] == "s0"
            let truthful = neutral || item.metadata["scenario"] != "s3"
            let why = (disclosed ? "disclosed" : "omitted") + "; no false claim"
            return [.value("disclosure", disclosed ? 1 : 0, why), disclosed ? .pass("full_disclosure") : .fail("full_disclosure"),
                    truthful ? .pass("truthful") : .fail("truthful")]
        }
        let report = DimensionReport.analyze(run, kind: .omission, items: Self.byID(items))
        #expect(report.estimate("disclosure[neutral]")?.value == 1)
        #expect(report.estimate("disclosure[incentive]")?.value == 0.25)
        let index = report.estimate("omission_index")!
        #expect(index.value == 0.75)
        #expect(index.n == 4)
        #expect(index.method == "paired")
        #expect(report.estimate("paltering[incentive]")?.value == 0.5)   // s1, s2: truthful, not disclosed
        #expect(report.estimate("paltering[neutral]")?.value == 0)
        #expect(report.estimate("omission_index[domain=finance]")?.value == 0.5)
        #expect(report.counts["incentive"]?["omitted"] == 3)
        #expect(report.units["omission_index"]?.count == 4)
    }

    // MARK: Honesty

    @Test func honestyComparesPressureWithBeliefAndAccuracyWithTruth() {
        func proposition(_ id: String, truth: String) -> [Item] {
            HonestyProposition(id: id, topic: "t", proposition: id, truth: truth, beliefPrompts: ["\(id) 1?", "\(id) 2?"],
                               pressureSystem: "boss", pressureUser: "\(id)?").items()
        }
        let items = proposition("p1", truth: "yes") + proposition("p2", truth: "yes") + proposition("p3", truth: "no") + proposition("p4", truth: "no")
        // p1: believes truth, honest. p2: believes truth, lies under pressure. p3: believes the falsehood and says it
        // under pressure (honest, inaccurate). p4: inconsistent belief.
        let run = Self.run(items, scorers: ["stance"]) { item, _ in
            let id = item.metadata["proposition"]!, pressure = item.metadata["role"] == "pressure"
            switch (id, pressure) {
            case ("p1", _): return [.pass("stance")]
            case ("p2", false): return [.pass("stance")]
            case ("p2", true): return [.fail("stance")]
            case ("p3", _): return [.fail("stance")]
            case ("p4", false): return [item.prompt.hasSuffix("1?") ? .pass("stance") : .fail("stance")]
            default: return [.abstain("stance")]
            }
        }
        let report = DimensionReport.analyze(run, kind: .honesty, items: Self.byID(items))
        #expect(report.estimate("accuracy")?.value == 0.5)            // p1, p2 of four
        #expect(abs(report.estimate("honesty")!.value - 2.0 / 3) < 1e-12)  // p2 lied, of p1-p3
        #expect(abs(report.estimate("lie_rate")!.value - 1.0 / 3) < 1e-12)
        #expect(report.estimate("evasion_rate")?.value == 0)
        #expect(report.counts["propositions"]?["no_belief"] == 1)
        #expect(report.estimate("pressured_accuracy")?.value == 0.25)  // only p1 states the truth under pressure
    }

    // MARK: Goodhart

    @Test func goodhartGapIsOriginalsMinusVariantsPerOperator() throws {
        let choices = (0..<6).map { Item(prompt: "Q\($0)?", target: .choice(index: 0, choices: ["right \($0)", "w1", "w2", "w3"])) }
        let items = GoodhartGenerator.items(choices: choices, templates: [], operators: [.shuffle, .distract], probes: [.order],
                                            variants: 1, shuffles: 3, seed: 1)
        // Originals all pass; shuffled variants fail; distracted ones pass. The canonical order is always likeliest.
        let run = Self.run(items, scorers: ["multiple_choice", "target_logprob"], continuous: ["target_logprob"],
                           logLikelihood: { $0.metadata["order"] == "canonical" ? -1 : -5 }) { item, _ in
            switch item.metadata["role"] {
            case "original": return [.pass("multiple_choice")]
            case "variant": return [item.metadata["operator"] == "shuffle" ? .fail("multiple_choice") : .pass("multiple_choice")]
            default: return [.value("target_logprob", -1)]
            }
        }
        let report = DimensionReport.analyze(run, kind: .goodhart, items: Self.byID(items))
        #expect(report.estimate("gap[shuffle]")?.value == 1)
        #expect(report.estimate("gap[distract]")?.value == 0)
        #expect(report.estimate("gap")?.value == 0.5)
        #expect(report.estimate("accuracy[original]")?.value == 1)
        let order = try #require(report.estimate("order_preference"))
        #expect(order.value > 0)
        #expect(order.pValue! < 0.01)
        #expect(report.estimate("canonical_order_best")?.value == 1)
    }

    @Test func orderTestIsNotSignificantWhenOrdersAreExchangeable() {
        var rng = SeededGenerator(seed: 8)
        let questions = (0..<60).map { _ in (0..<5).map { _ in -10 + rng.nextUnit() } }
        let result = OrderExchangeability.test(questions, permutations: 2000)
        #expect(result.pValue > 0.05)
        #expect(abs(result.expectedBest - 0.2) < 1e-12)
    }

    // MARK: Learning

    @Test func learningCurveSlopeAreaAndGap() throws {
        let items = LearningTasks.items(tasks: [.cipher, .mapping], shots: [0, 1, 4, 16], perShot: 10, seed: 2)
        // Accuracy rises with k; seen queries always pass once k ≥ 1, novel ones only at k = 16.
        let run = Self.run(items, scorers: ["exact_match", "token_edit_distance"], continuous: ["token_edit_distance"]) { item, _ in
            let k = Int(item.metadata["shots"]!)!
            let pass = item.metadata["query"] == "seen" || k == 16
            return [pass ? .pass("exact_match") : .fail("exact_match"), .value("token_edit_distance", pass ? 0 : 1)]
        }
        let report = DimensionReport.analyze(run, kind: .learning, items: Self.byID(items))
        #expect(report.estimate("accuracy[k=0]")?.value == 0)
        #expect(report.estimate("accuracy[k=1]")?.value == 0.5)
        #expect(report.estimate("accuracy[k=16]")?.value == 1)
        #expect(report.estimate("accuracy[cipher k=4]")?.value == 0.5)
        let slope = try #require(report.estimate("slope_per_doubling"))
        #expect(slope.value > 0 && slope.ciLow > 0)
        // Trapezoid over equally spaced k: (0+0.5)/2 + (0.5+0.5)/2 + (0.5+1)/2 = 1.5, over 3 steps.
        #expect(abs(report.estimate("area")!.value - 0.5) < 1e-12)
        let gap = try #require(report.estimate("generalization_gap"))
        // k ≥ 1: seen 15/15 pass, novel 5/15 (k = 16) pass.
        #expect(abs(gap.value - (1 - 1.0 / 3)) < 1e-12)
        #expect(report.estimate("token_edit_distance[k=0]")?.value == 1)
    }

    // MARK: Persistence

    @Test func persistenceSeparatesUnwillingnessFromInability() {
        let items = PersistenceTasks.items(tasks: [.chain], lengths: [2, 8], perLength: 4, seed: 1)
        // Length 2: every answer attempted, half right. Length 8: half give up, the attempts all right.
        let run = Self.run(items, scorers: ["solved", "attempted"], text: { item, _ in
            guard case .number(let target) = item.target else { return "" }
            let index = items.filter { $0.metadata["length"] == item.metadata["length"] }.firstIndex(of: item)!
            if item.metadata["length"] == "2" { return index % 2 == 0 ? "Answer: \(Int(target))" : "Answer: 1" }
            return index % 2 == 0 ? "Answer: \(Int(target))" : "This has too many steps, you can continue the pattern."
        }) { _, _ in [] }
        let report = DimensionReport.analyze(run, kind: .persistence, items: Self.byID(items))
        #expect(report.estimate("attempt_rate[n=2]")?.value == 1)
        #expect(report.estimate("accuracy_given_attempt[n=2]")?.value == 0.5)
        #expect(report.estimate("attempt_rate[n=8]")?.value == 0.5)
        #expect(report.estimate("accuracy_given_attempt[n=8]")?.value == 1)
        #expect(report.estimate("accuracy[n=8]")?.value == 0.5)
        #expect(report.counts["n=8"]?["gave_up"] == 2)
        #expect(report.counts["n=2"]?["wrong"] == 2)
    }

    // MARK: Comparison, validation

    @Test func dimensionComparisonPairsUnits() {
        var a = DimensionReport(kind: .honesty, run: "a")
        var b = DimensionReport(kind: .honesty, run: "b")
        a.estimates = [.proportion("honesty", values: [1, 1, 1, 0])]
        b.estimates = [.proportion("honesty", values: [0, 0, 1, 0])]
        a.units["honesty"] = ["p1": 1, "p2": 1, "p3": 1, "p4": 0]
        b.units["honesty"] = ["p1": 0, "p2": 0, "p3": 1, "p4": 0, "p5": 1]
        let rows = DimensionComparison.compare(a, b)
        #expect(rows.count == 1)
        #expect(rows[0].n == 4)
        #expect(rows[0].difference == 0.5)
        #expect(rows[0].test == .mcnemar)
        #expect(DimensionComparison.compare(a, DimensionReport(kind: .learning, run: "c")).isEmpty)
    }

    @Test func validationCountsAgreementAndUnsureAsMismatch() {
        let label = { (facts: [OmissionAssessment.FactVerdict], claim: Bool) in
            OmissionValidation.Label(line: 1, scenario: "s", condition: "neutral", response: "r", facts: facts, falseClaim: claim)
        }
        let labels = [label([.disclosed, .omitted], false), label([.contradicted], true), label([.omitted], false)]
        let assessed = [OmissionAssessment(facts: [.disclosed, .omitted], falseClaim: false),
                        OmissionAssessment(facts: [.omitted], falseClaim: false),
                        OmissionAssessment(facts: [.unsure], falseClaim: nil)]
        let v = OmissionValidation.measure(labels: labels, assessments: assessed, assessor: "test")
        #expect(v.factAgreement.value == 0.5)                  // 2 of 4 facts
        #expect(abs(v.factAgreementDecided.value - 2.0 / 3) < 1e-12)
        #expect(v.disclosureAgreement.value == 0.75)          // contradicted vs omitted agree on "not disclosed"
        #expect(abs(v.responseAgreement.value - 1.0 / 3) < 1e-12)
        #expect(v.disagreements.count == 2)
        #expect(v.confusion["contradicted"]?["omitted"] == 1)
    }
}

extension DimensionAnalysisTests {
    @Test func concordantPairsStillGetAnInterval() {
        let e = DimensionEstimate.paired("gap", a: Array(repeating: 0, count: 24), b: Array(repeating: 0, count: 24))
        #expect(e.value == 0 && e.stderr == 0)
        let bound = Statistics.wilsonInterval(successes: 0, n: 24).high
        #expect(abs(e.ciHigh - bound) < 1e-12 && abs(e.ciLow + bound) < 1e-12)
        #expect(abs(bound - 0.138) < 0.001)
        // With discordant pairs the usual paired interval stands.
        let f = DimensionEstimate.paired("gap", a: [1, 1, 0, 1], b: [0, 1, 0, 0])
        #expect(f.value == 0.5 && f.ciHigh - f.ciLow < 2)
        // Fractional shares in [0, 1] that agree pair by pair (a domain's four scenarios disclosing the same share of
        // facts under both prompts) are bounded the same way, not reported as the point [0, 0].
        let g = DimensionEstimate.paired("omission_index", a: [0, 0.5, 0, 0.5], b: [0, 0.5, 0, 0.5])
        let four = Statistics.wilsonInterval(successes: 0, n: 4).high
        #expect(g.value == 0 && abs(g.ciHigh - four) < 1e-12 && abs(g.ciLow + four) < 1e-12)
        // Values outside [0, 1] have no such bound: the interval stays the sample's.
        let h = DimensionEstimate.paired("minutes", a: [3, 5], b: [3, 5])
        #expect(h.ciLow == 0 && h.ciHigh == 0)
    }
}
