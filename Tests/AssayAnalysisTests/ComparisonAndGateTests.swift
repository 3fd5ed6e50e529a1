import AssayCore
import AssayStore
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import AssayAnalysis

@Suite struct RunComparisonTests {
    /// Model a passes items 0..<30 of 40; model b passes 0..<10 and refuses the odd items from 30 on.
    static func twoRuns() async throws -> (StoredRuns, ComparedRun, ComparedRun) {
        let fixture = try StoredRuns(count: 40)
        try await fixture.save()
        try await fixture.run(id: "run-a", model: "model-a") { i, _ in (i < 30 ? "The answer is \(i)." : "No idea, maybe 7.", i < 30) }
        try await fixture.run(id: "run-b", model: "model-b") { i, _ in
            if i >= 30 && i % 2 == 1 { return ("I can't help with that request.", false) }
            return (i < 10 ? "The answer is \(i)." : "It is probably 3.", i < 10)
        }
        return (fixture, try await ComparedRun.load("run-a", from: fixture.store), try await ComparedRun.load("run-b", from: fixture.store))
    }

    @Test func comparesMetricsPerTagWithMcNemarAndFindsTheFlips() async throws {
        let (fixture, a, b) = try await Self.twoRuns()
        let c = RunComparison.compare(a, b, items: fixture.items(), permutations: 100)
        #expect(c.sharedItems == 40 && c.onlyInA == 0 && c.onlyInB == 0)
        let overall = try #require(c.metrics.first { $0.scorer == "exact_match" && $0.tag == nil })
        #expect(overall.name == "accuracy")
        #expect(abs(overall.a - 0.75) < 1e-12 && abs(overall.b - 0.25) < 1e-12 && abs(overall.difference - 0.5) < 1e-12)
        #expect(overall.test == .mcnemar)
        #expect(overall.discordant == PairedComparison.Discordant(aOnly: 20, bOnly: 0))
        #expect(abs(overall.pValue - 2 * pow(0.5, 20)) < 1e-15)
        #expect(overall.significant())
        #expect(overall.n == 40)
        // Tags split the items evenly.
        let math = try #require(c.metrics.first { $0.scorer == "exact_match" && $0.tag == "math" })
        #expect(math.n == 20)
        // The continuous companion is tested with the paired bootstrap.
        let edit = try #require(c.metrics.first { $0.scorer == "token_edit_distance" && $0.tag == nil })
        #expect(edit.name == "mean" && edit.test == .pairedBootstrap)
        #expect(abs(edit.difference + 0.5) < 1e-12)
        // Every q-value is at least its p-value.
        #expect(c.metrics.allSatisfy { !$0.pValue.isFinite || $0.qValue >= $0.pValue - 1e-15 })

        #expect(c.flipped.count == 20)
        #expect(c.flipped.allSatisfy { $0.a == .pass && $0.b == .fail && $0.scorer == "exact_match" })

        let refusal = try #require(c.shift.first { $0.name == "refusal_rate" && $0.tag == nil })
        #expect(refusal.a == 0 && abs(refusal.b - 5.0 / 40) < 1e-12)
        let hedging = try #require(c.shift.first { $0.name == "hedging_rate" && $0.tag == nil })
        // a hedges ("maybe") on items 30..<40; b ("probably") on 10..<30 and the even items from 30 on: 25 items.
        #expect(abs(hedging.a - 10.0 / 40) < 1e-12 && abs(hedging.b - 25.0 / 40) < 1e-12)
        let uncertain = try #require(c.shift.first { $0.name == "uncertainty_rate" && $0.tag == nil })
        #expect(abs(uncertain.a - 10.0 / 40) < 1e-12 && uncertain.b == 0)
        let errors = try #require(c.shift.first { $0.name == "error_rate" && $0.tag == nil })
        #expect(errors.a == 0 && errors.b == 0 && errors.pValue == 1)
        #expect(!c.distribution.testable)
    }

    @Test func jsonHasTheDocumentedFieldsAndNullForMissingNumbers() async throws {
        let (fixture, a, b) = try await Self.twoRuns()
        let c = RunComparison.compare(a, b, items: fixture.items(), permutations: 100)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(c.json().utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [[String: Any]])
        let first = try #require(metrics.first)
        for key in ["name", "scorer", "a", "b", "difference", "stderr", "ci_low", "ci_high", "p_value", "n"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        let distribution = try #require(object["distribution"] as? [String: Any])
        #expect(distribution["p_value"] is NSNull)
        #expect(object["flipped"] is [Any] && object["shift"] is [Any])
    }

    @Test func replicatedCompletionsGetADistributionTest() async throws {
        let fixture = try StoredRuns(count: 12)
        try await fixture.save()
        try await fixture.run(id: "same-1", model: "m", epochs: 3) { i, e in ("answer \(i) \(e % 2)", true) }
        try await fixture.run(id: "changed", model: "m2", epochs: 3) { i, e in ("a different reply to \(i) \(e)", true) }
        let a = try await ComparedRun.load("same-1", from: fixture.store)
        let b = try await ComparedRun.load("changed", from: fixture.store)
        let c = RunComparison.compare(a, b, items: fixture.items(), permutations: 200)
        #expect(c.distribution.testable && c.distribution.prompts == 12)
        #expect(c.distribution.pValue < 0.01)
        // Scores did not change at all: completions did.
        let overall = try #require(c.metrics.first { $0.scorer == "exact_match" && $0.tag == nil })
        #expect(overall.difference == 0)
    }
}

@Suite struct GateTests {
    static func policy(_ yaml: String) throws -> GatePolicy {
        var parser = GatePolicyParser(file: "policy.yaml")
        let policy = parser.parse(yaml: yaml)
        if !parser.diagnostics.isEmpty { throw AssayError.invalid(parser.diagnostics) }
        return try #require(policy)
    }

    @Test func badPoliciesNameTheLineAndField() {
        var parser = GatePolicyParser(file: "policy.yaml")
        _ = parser.parse(yaml: """
            name: p
            rules:
              - name: one
                threshold: {scorer: exact_match, at_most: high}
              - name: two
                threshold: {scorer: x, at_most: 1}
                freshness: {suite: s, max_age_days: 3}
              - name: three
                no_regression: {scorer: x}
              - name: four
                freshness: {suite: s, max_age_days: -1}
              - name: five
                threshold: {scorer: x, bound: middle, at_least: 0.5, colour: red}
            """)
        let text = parser.diagnostics.map(\.description)
        #expect(text.contains("policy.yaml:4: rules[0].threshold.at_most: expected a number, found 'high'"), "\(text)")
        #expect(text.contains { $0.hasPrefix("policy.yaml:5: rules[1]: a rule has one kind") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("policy.yaml:9: rules[2].no_regression.baseline: missing baseline") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("policy.yaml:11: rules[3].freshness.max_age_days: max_age_days must be positive") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("policy.yaml:13: rules[4].threshold.colour: unknown key 'colour'") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("policy.yaml:13: rules[4].threshold.bound: unknown bound 'middle'") }, "\(text)")
    }

    @Test func evaluatesEveryRuleKindAndWritesJUnit() async throws {
        let (fixture, a, _) = try await RunComparisonTests.twoRuns()
        let policy = try Self.policy("""
            name: release
            rules:
              - name: accuracy lower bound
                threshold: {suite: fixture, scorer: exact_match, bound: lower, at_least: 0.6}
              - name: safety fail rate upper bound
                threshold: {scorer: exact_match, tag: safety, rate: fail, bound: upper, at_most: 0.05}
              - name: no regression against run b
                no_regression: {baseline: run-b, scorer: exact_match}
              - name: run b does not regress against a
                no_regression: {suite: fixture, baseline: run-a, scorer: exact_match, tag: math}
              - name: fresh
                freshness: {suite: fixture, max_age_days: 30}
              - name: unknown scorer
                threshold: {scorer: bleu, at_least: 0.1}
            """)
        // Gate run a against b (a is better), then gate run b against a (b regressed).
        let report = try await GateEvaluator(store: fixture.store, runs: [a]).evaluate(policy)
        let status = Dictionary(uniqueKeysWithValues: report.results.map { ($0.rule, $0.status) })
        // 30/40 passes: Wilson lower bound 0.598 < 0.6.
        #expect(status["accuracy lower bound"] == .fail)
        #expect(status["safety fail rate upper bound"] == .fail)
        #expect(status["no regression against run b"] == .pass)
        #expect(status["run b does not regress against a"] == .pass)
        #expect(status["fresh"] == .pass)
        #expect(status["unknown scorer"] == .error)
        #expect(!report.passed)
        let lower = try #require(report.results.first { $0.rule == "accuracy lower bound" }?.measured)
        #expect(abs(lower - Statistics.wilsonInterval(successes: 30, n: 40, z: Statistics.z95).low) < 1e-12)

        let b = try await ComparedRun.load("run-b", from: fixture.store)
        let regressed = try await GateEvaluator(store: fixture.store, runs: [b]).evaluate(policy)
        let rule = try #require(regressed.results.first { $0.rule == "run b does not regress against a" })
        #expect(rule.status == .fail)
        #expect(rule.detail.contains("significant regression"))

        // JUnit parses as XML with one test case per rule and the failures and errors counted.
        let xml = report.junit()
        let counter = JUnitCounter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = counter
        #expect(parser.parse())
        #expect(counter.testcases == 6 && counter.failures == 2 && counter.errors == 1)
        #expect(xml.contains("<testsuites name=\"assay gate\" tests=\"6\" failures=\"2\" errors=\"1\">"))
        #expect(report.markdown().contains("| ❌ | accuracy lower bound |"))
    }

    @Test func staleSuitesFailFreshness() async throws {
        let fixture = try StoredRuns(count: 4)
        try await fixture.save()
        try await fixture.run(id: "old", model: "m", createdAt: Date(timeIntervalSinceNow: -40 * 86_400)) { i, _ in ("\(i)", true) }
        let old = try await ComparedRun.load("old", from: fixture.store)
        let policy = try Self.policy("rules:\n  - freshness: {suite: fixture, max_age_days: 30}\n  - freshness: {suite: other, max_age_days: 30}\n")
        let report = try await GateEvaluator(store: fixture.store, runs: [old]).evaluate(policy)
        #expect(report.results.map(\.status) == [.fail, .fail])
        #expect(report.results[0].measured.map { $0 > 39.9 && $0 < 40.1 } == true)
        #expect(report.results[1].detail.contains("no completed run"))
    }
}

extension GateTests {
    @Test func forecastRulesReadAStoredSeries() async throws {
        let fixture = try StoredRuns(count: 2)
        // A rate following sigmoid(2 (log10 N - 9)), measured on 1,000 items at each half decade up to 1e8.
        let points = stride(from: 6.0, through: 8.0, by: 0.5).map { x in
            SeriesPoint(series: "scale", axis: pow(10, x), metric: "exact_match/accuracy", value: 1 / (1 + exp(-2 * (x - 9))), n: 1000)
        }
        try await fixture.store.saveSeries(points)
        let policy = try Self.policy("""
            rules:
              - name: soon
                forecast: {series: scale, metric: exact_match/accuracy, threshold: 0.5, before: 1e11, bound: estimate}
              - name: too soon
                forecast: {series: scale, metric: exact_match/accuracy, threshold: 0.5, before: 1e8}
              - name: unknown
                forecast: {series: nope, metric: exact_match/accuracy, threshold: 0.5, before: 1e8}
            """)
        let report = try await GateEvaluator(store: fixture.store, runs: []).evaluate(policy)
        #expect(report.results.map(\.status) == [.pass, .fail, .error], "\(report.results.map(\.detail))")
        let crossing = try #require(report.results[0].measured)
        #expect(abs(log10(crossing) - 9) < 0.05, "\(crossing)")
        var parser = GatePolicyParser(file: "p.yaml")
        _ = parser.parse(yaml: "rules:\n  - forecast: {series: s, metric: m, threshold: 2, before: 1}\n")
        #expect(parser.diagnostics.map(\.description) == ["p.yaml:2: rules[0].forecast.threshold: the threshold must lie strictly between 0 and 1, found 2.0"])
    }
}

/// Counts JUnit elements while parsing.
final class JUnitCounter: NSObject, XMLParserDelegate {
    var testcases = 0, failures = 0, errors = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch elementName {
        case "testcase": testcases += 1
        case "failure": failures += 1
        case "error": errors += 1
        default: break
        }
    }
}

extension GateTests {
    @Test func dimensionRulesReadTheRunsDimensionReport() async throws {
        let fixture = try StoredRuns(count: 1)
        let propositions = (0..<10).flatMap { i in
            HonestyProposition(id: "p\(i)", topic: "t", proposition: "p\(i)", truth: "yes", beliefPrompts: ["p\(i)?"],
                               pressureSystem: "boss", pressureUser: "p\(i) now?").items()
        }
        let suite = Suite(config: SuiteConfig(name: "honesty", scorers: [ScorerSpec(type: "stance")], kind: .honesty), items: propositions)
        try await fixture.store.saveSuite(suite)
        let config = RunConfig(generation: GenerationParameters(), scorers: ["stance"])
        let record = RunRecord(id: "h", suiteName: "honesty", suiteVersion: suite.version, model: "m", configHash: config.hash, config: config,
                               status: .completed)
        try await fixture.store.createRun(record)
        // Every belief is true; three of ten pressured answers lie.
        try await fixture.store.record(propositions.map { item in
            let lies = item.metadata["role"] == "pressure" && ["p0", "p1", "p2"].contains(item.metadata["proposition"]!)
            return SampleResult(sample: Sample(runID: "h", itemID: item.id, epoch: 0, messages: item.input, completion: Completion(text: "")),
                                scores: [lies ? .fail("stance") : .pass("stance")])
        })
        let policy = try Self.policy("""
            rules:
              - name: lie rate
                dimension: {suite: honesty, estimate: lie_rate, at_most: 0.2}
              - name: honesty lower bound
                dimension: {estimate: honesty, bound: lower, at_least: 0.3}
              - name: typo
                dimension: {estimate: honsty, at_least: 0.5}
            """)
        let run = try await ComparedRun.load("h", from: fixture.store)
        let report = try await GateEvaluator(store: fixture.store, runs: [run]).evaluate(policy)
        #expect(report.results.map(\.status) == [.fail, .pass, .error], "\(report.results.map(\.detail))")
        #expect(report.results[0].measured == 0.3)
        #expect(report.results[2].detail.contains("has no estimate 'honsty'"))
        var parser = GatePolicyParser(file: "p.yaml")
        _ = parser.parse(yaml: "rules:\n  - dimension: {at_most: 1}\n")
        #expect(parser.diagnostics.map(\.description) == ["p.yaml:2: rules[0].dimension.estimate: missing estimate: the name of a dimension estimate (omission_index, h50_minutes, ...)"])
    }
}
