/// A templated word problem (GSM-Symbolic style): text with `{var}` placeholders, integer ranges for the numbers, lists
/// of names for the entities, an answer expression and an optional constraint. The original is rendered with
/// `defaults`; a variant draws new values and recomputes the answer.
public struct WordProblemTemplate: Hashable, Sendable {
    public var id: String
    public var template: String
    public var answer: ArithmeticExpression
    public var ranges: [String: ClosedRange<Int>]
    public var entities: [String: [String]]
    public var constraint: ArithmeticExpression.Comparison?
    public var defaults: [String: String]

    /// What every rendered problem ends with.
    public static let instruction = " Answer with the number only."

    public init(id: String, template: String, answer: ArithmeticExpression, ranges: [String: ClosedRange<Int>],
                entities: [String: [String]] = [:], constraint: ArithmeticExpression.Comparison? = nil, defaults: [String: String]) {
        self.id = id
        self.template = template
        self.answer = answer
        self.ranges = ranges
        self.entities = entities
        self.constraint = constraint
        self.defaults = defaults
    }

    /// A rendered problem: its text, its answer, and the values used.
    public struct Instance: Hashable, Sendable {
        public var text: String
        public var answer: Double
        public var values: [String: String]
    }

    /// The problem with `values`, or nil when the answer is not a non-negative whole number or the constraint fails.
    public func instance(_ values: [String: String]) -> Instance? {
        var numbers: [String: Double] = [:]
        for name in ranges.keys {
            guard let v = values[name].flatMap(Double.init) else { return nil }
            numbers[name] = v
        }
        guard let a = answer.evaluate(numbers), a >= 0, a == a.rounded(), a < 1e12 else { return nil }
        if let constraint, !constraint.holds(numbers) { return nil }
        var text = template
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return Instance(text: text, answer: a, values: values)
    }

    /// The original problem.
    public var original: Instance? { instance(defaults) }

    /// A problem with new numbers and names drawn from the ranges, different from the defaults in at least one number;
    /// nil when 200 draws found none that satisfies the answer and constraint rules.
    public func substituted(using rng: inout SeededGenerator) -> Instance? {
        for _ in 0..<200 {
            var values: [String: String] = [:]
            for name in ranges.keys.sorted() {
                let r = ranges[name]!
                values[name] = String(r.lowerBound + Int(rng.uniform(UInt64(r.count))))
            }
            for name in entities.keys.sorted() {
                let options = entities[name]!.filter { $0 != defaults[name] }
                let pool = options.isEmpty ? entities[name]! : options
                values[name] = pool[Int(rng.uniform(UInt64(pool.count)))]
            }
            guard ranges.keys.contains(where: { values[$0] != defaults[$0] }) || ranges.isEmpty else { continue }
            if let found = instance(values) { return found }
        }
        return nil
    }

    /// Reads a template file; every problem is a diagnostic naming the file, line and field.
    public static func read(path: String, sourceName: String) -> (templates: [WordProblemTemplate], diagnostics: [Diagnostic]) {
        var reader = DataRecords(file: sourceName)
        var out: [WordProblemTemplate] = []
        var ids = Set<String>()
        for (line, f) in reader.objects(path: path) {
            let before = reader.diagnostics.count
            let id = reader.string(f, "id", line: line)
            let template = reader.string(f, "template", line: line)
            var answer: ArithmeticExpression?
            if let text = reader.string(f, "answer", line: line) {
                do { answer = try ArithmeticExpression.parse(text) } catch { reader.fail(line, "answer", "\(error)") }
            }
            var constraint: ArithmeticExpression.Comparison?
            if let text = reader.string(f, "where", line: line, required: false) {
                do { constraint = try ArithmeticExpression.Comparison.parse(text) } catch { reader.fail(line, "where", "\(error)") }
            }
            var ranges: [String: ClosedRange<Int>] = [:]
            if let vars = f["vars"]?.objectValue {
                for (name, value) in vars.sorted(by: { $0.key < $1.key }) {
                    let bounds = value.arrayValue?.compactMap(\.numberValue) ?? []
                    guard bounds.count == 2, bounds.allSatisfy({ $0 == $0.rounded() }), bounds[0] <= bounds[1] else {
                        reader.fail(line, "vars.\(name)", "expected [low, high] whole numbers with low <= high")
                        continue
                    }
                    ranges[name] = Int(bounds[0])...Int(bounds[1])
                }
            } else {
                reader.fail(line, "vars", "missing vars (an object of name: [low, high])")
            }
            var entities: [String: [String]] = [:]
            for (name, value) in f["entities"]?.objectValue ?? [:] {
                let names = value.arrayValue?.compactMap(\.stringValue) ?? []
                if names.isEmpty { reader.fail(line, "entities.\(name)", "expected a non-empty list of strings") } else { entities[name] = names }
            }
            var defaults: [String: String] = [:]
            for (name, value) in f["defaults"]?.objectValue ?? [:] {
                if let n = value.numberValue { defaults[name] = NumberFormat.plain(n) } else if let s = value.stringValue { defaults[name] = s }
            }
            for name in Array(ranges.keys) + Array(entities.keys) where defaults[name] == nil {
                reader.fail(line, "defaults.\(name)", "missing default for \(name)")
            }
            for name in answer?.variables ?? [] where ranges[name] == nil {
                reader.fail(line, "answer", "the answer uses '\(name)', which is not in vars")
            }
            if let id, !ids.insert(id).inserted { reader.fail(line, "id", "duplicate template id '\(id)'") }
            guard reader.diagnostics.count == before, let id, let template, let answer else { continue }
            let t = WordProblemTemplate(id: id, template: template, answer: answer, ranges: ranges, entities: entities,
                                        constraint: constraint, defaults: defaults)
            if t.original == nil {
                reader.fail(line, "defaults", "the defaults do not give a non-negative whole answer that meets 'where'")
                continue
            }
            out.append(t)
        }
        return (out, reader.diagnostics)
    }
}

extension SeededGenerator {
    /// Uniform in `0..<n` by rejection, identical on every platform.
    package mutating func uniform(_ n: UInt64) -> UInt64 {
        precondition(n > 0)
        let threshold = (0 &- n) % n
        while true {
            let x = next()
            if x >= threshold { return x % n }
        }
    }

    /// The elements in a random order (Fisher-Yates with ``uniform(_:)``).
    package mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var out = elements
        guard out.count > 1 else { return out }
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            out.swapAt(i, Int(uniform(UInt64(i + 1))))
        }
        return out
    }
}

import Foundation
