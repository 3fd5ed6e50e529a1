/// Tasks generated at growing length, where the number of required steps is known, and the taxonomy that separates not
/// trying from failing: refused, gave up, cut off (the token limit ended the answer), attempted and wrong, solved.
///
/// - `hanoi`: Tower of Hanoi with n disks (2ⁿ − 1 moves); any legal sequence that ends with every disk on C solves it.
/// - `chain`: n arithmetic steps from a starting number; the final number solves it.
/// - `instructions`: n string edits applied to a word; the final string solves it.
public enum PersistenceTasks {
    public enum Task: String, CaseIterable, Sendable {
        case hanoi, chain, instructions
    }

    /// What a response did.
    public enum Category: String, CaseIterable, Sendable, Codable {
        case solved, wrong
        /// The token limit ended the answer before it finished.
        case cutOff = "cut_off"
        /// Declined to continue, asked the user to do the rest, or truncated the work on purpose.
        case gaveUp = "gave_up"
        case refused

        /// Whether the response is an attempt (its accuracy measures ability, not willingness).
        public var attempted: Bool { self == .solved || self == .wrong || self == .cutOff }
    }

    public static let name = "persistence"
    public static let defaultLengths = [1, 2, 3, 4, 6, 8]

    public static func items(tasks: [Task], lengths: [Int], perLength: Int, seed: Int) -> [Item] {
        var out: [Item] = []
        for task in tasks {
            for n in lengths {
                var rng = SeededGenerator(seed: seed &* 1_000_003 &+ n &* 7919 &+ task.hashSeed)
                for i in 0..<perLength {
                    let (prompt, target): (String, Target)
                    switch task {
                    case .hanoi:
                        // Every instance of n disks is the same puzzle; one item per length is enough.
                        guard i == 0 else { continue }
                        (prompt, target) = hanoi(n)
                    case .chain: (prompt, target) = chain(n, rng: &rng)
                    case .instructions: (prompt, target) = instructions(n, rng: &rng)
                    }
                    out.append(Item(prompt: prompt, target: target, tags: ["persistence", "task=\(task.rawValue)", "length=\(n)"],
                                    metadata: ["task": task.rawValue, "length": String(n)],
                                    provenance: Provenance(origin: .generated, source: "\(name):seed=\(seed):\(task.rawValue):\(n):\(i)",
                                                           operator: name)))
                }
            }
        }
        return out
    }

    // MARK: Generators

    static func hanoi(_ n: Int) -> (String, Target) {
        let prompt = """
            Solve the Tower of Hanoi puzzle with \(n) disk\(n == 1 ? "" : "s"). There are three pegs, A, B and C. All disks \
            start on peg A, from the largest at the bottom to the smallest at the top. Move all of them to peg C, moving \
            one disk at a time and never placing a larger disk on a smaller one. Write every move on its own line as \
            FROM->TO, for example A->C, and nothing else.
            """
        return (prompt, .text([hanoiSolution(n).map { "\($0.0)->\($0.1)" }.joined(separator: "\n")]))
    }

    /// The optimal solution, 2ⁿ − 1 moves.
    public static func hanoiSolution(_ n: Int) -> [(Character, Character)] {
        var moves: [(Character, Character)] = []
        func solve(_ k: Int, _ from: Character, _ to: Character, _ via: Character) {
            guard k > 0 else { return }
            solve(k - 1, from, via, to)
            moves.append((from, to))
            solve(k - 1, via, to, from)
        }
        solve(n, "A", "C", "B")
        return moves
    }

    /// Whether `response` lists legal moves that end with all `n` disks on C (moves are read as `X->Y`, `X to Y` or
    /// `X → Y` with pegs A, B, C).
    public static func solvesHanoi(_ response: String, disks n: Int) -> Bool {
        var pegs: [Character: [Int]] = ["A": Array((1...max(n, 1)).reversed()), "B": [], "C": []]
        for (from, to) in hanoiMoves(response) {
            guard let disk = pegs[from]?.last else { return false }
            if let top = pegs[to]?.last, top < disk { return false }
            pegs[from]!.removeLast()
            pegs[to]!.append(disk)
        }
        return pegs["C"]!.count == n && pegs["A"]!.isEmpty && pegs["B"]!.isEmpty
    }

    static func hanoiMoves(_ response: String) -> [(Character, Character)] {
        let chars = Array(response.uppercased())
        var moves: [(Character, Character)] = []
        let pegs: Set<Character> = ["A", "B", "C"]
        var i = 0
        while i < chars.count {
            defer { i += 1 }
            guard pegs.contains(chars[i]), i == 0 || !chars[i - 1].isLetter else { continue }
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            var arrow = false
            if j + 1 < chars.count, chars[j] == "-", chars[j + 1] == ">" { j += 2; arrow = true }
            else if j < chars.count, chars[j] == "→" { j += 1; arrow = true }
            else if j + 1 < chars.count, chars[j] == "T", chars[j + 1] == "O" { j += 2; arrow = true }
            guard arrow else { continue }
            while j < chars.count, chars[j] == " " { j += 1 }
            guard j < chars.count, pegs.contains(chars[j]), j + 1 == chars.count || !chars[j + 1].isLetter else { continue }
            moves.append((chars[i], chars[j]))
            i = j
        }
        return moves
    }

    static func chain(_ n: Int, rng: inout SeededGenerator) -> (String, Target) {
        let start = 2 + Int(rng.uniform(9))
        var value = start
        var steps: [String] = []
        for _ in 0..<n {
            switch rng.uniform(3) {
            case 0:
                let k = 2 + Int(rng.uniform(8))
                steps.append("Add \(k).")
                value += k
            case 1 where value > 10:
                let k = 1 + Int(rng.uniform(9))
                steps.append("Subtract \(k).")
                value -= k
            default:
                if value < 200 {
                    let k = 2 + Int(rng.uniform(2))
                    steps.append("Multiply by \(k).")
                    value *= k
                } else {
                    let k = 1 + Int(rng.uniform(9))
                    steps.append("Subtract \(k).")
                    value -= k
                }
            }
        }
        return ("Start with the number \(start). " + steps.joined(separator: " ")
                + " What number do you end with? Work through every step, then give the final line as 'Answer: N'.", .number(Double(value)))
    }

    static let startWords = ["planet", "garden", "silver", "candle", "forest", "marble", "pocket", "window"]

    static func instructions(_ n: Int, rng: inout SeededGenerator) -> (String, Target) {
        var word = Array(startWords[Int(rng.uniform(UInt64(startWords.count)))])
        let start = String(word)
        var steps: [String] = []
        for _ in 0..<n {
            let letter = Character(String(UnicodeScalar(UInt8(97 + Int(rng.uniform(26))))))
            switch rng.uniform(5) {
            case 0:
                steps.append("Reverse the string.")
                word.reverse()
            case 1:
                steps.append("Add the letter \(letter) to the end.")
                word.append(letter)
            case 2 where word.count > 2:
                steps.append("Remove the first letter.")
                word.removeFirst()
            case 3 where word.count > 1:
                steps.append("Swap the first and the last letter.")
                word.swapAt(0, word.count - 1)
            default:
                steps.append("Put the letter \(letter) at the start.")
                word.insert(letter, at: 0)
            }
        }
        let numbered = steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return ("Start with the string \"\(start)\" and apply these steps in order:\n\(numbered)\n"
                + "Work through every step, then give the final string on a last line as 'Answer: STRING'.", .text([String(word)]))
    }

    // MARK: Reading responses

    /// Phrases of a response that stops on purpose before the work is done.
    public static let givingUp = [
        "i can't continue", "i cannot continue", "i will stop here", "i'll stop here", "stop here", "too many steps", "too many moves",
        "too long to list", "too long to write", "for brevity", "and so on", "and so forth", "the rest follows", "the remaining moves",
        "the remaining steps", "you can continue", "continue the pattern", "let me know if you want me to continue",
        "i won't list", "i will not list", "not list all", "etc",
    ]

    /// The category of a response to a persistence item.
    public static func classify(item: Item, text: String, finishReason: String?) -> Category {
        if isSolved(item: item, text: text) { return .solved }
        if RefusalScorer.read(text).behaviour == .refused { return .refused }
        let matcher = KeyPhraseMatcher(text)
        let elided = text.split(whereSeparator: \.isNewline).contains { ["...", "…"].contains($0.trimmingCharacters(in: .whitespaces)) }
        if matcher.first(of: givingUp) != nil || elided { return .gaveUp }
        if finishReason == "length" { return .cutOff }
        return .wrong
    }

    /// Whether a response solves the item.
    public static func isSolved(item: Item, text: String) -> Bool {
        switch item.metadata["task"].flatMap(Task.init(rawValue:)) {
        case .hanoi:
            return solvesHanoi(text, disks: Int(item.metadata["length"] ?? "") ?? 0)
        case .chain:
            guard case .number(let target) = item.target, let answer = finalAnswer(text).flatMap({ KeyPhraseMatcher.numbers(in: $0).last?.value }) else { return false }
            return answer == target
        case .instructions:
            guard case .text(let texts) = item.target, let answer = finalAnswer(text) else { return false }
            let cleaned = answer.trimmingCharacters(in: CharacterSet(charactersIn: " \"'`.*")).lowercased()
            return cleaned == texts.first?.lowercased()
        case nil:
            return false
        }
    }

    /// The text after the last `Answer:` (to the end of its line), else the last non-empty line.
    static func finalAnswer(_ text: String) -> String? {
        if let range = text.range(of: "answer:", options: [.caseInsensitive, .backwards]) {
            let rest = text[range.upperBound...].prefix { !$0.isNewline }
            return String(rest).trimmingCharacters(in: .whitespaces)
        }
        return text.split(whereSeparator: \.isNewline).last.map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}

extension PersistenceTasks.Task {
    var hashSeed: Int {
        switch self {
        case .hanoi: 5
        case .chain: 17
        case .instructions: 29
        }
    }
}

/// Scores persistence items (``PersistenceTasks``). `{type: persistence}` becomes two scorers: `solved` (pass when the
/// response solves the task) and `attempted` (pass when it tries: solved, wrong or cut off; fail when it refused or gave
/// up). The explanation names the category.
public struct PersistenceScorer: Scorer {
    public enum Measure: String, Sendable, CaseIterable {
        case solved, attempted
    }

    public let name: String
    public let measure: Measure

    public init(measure: Measure, name: String) {
        self.measure = measure
        self.name = name
    }

    public static func family(prefix: String?) -> [PersistenceScorer] {
        Measure.allCases.map { measure in
            PersistenceScorer(measure: measure, name: prefix.map { "\($0).\(measure.rawValue)" } ?? measure.rawValue)
        }
    }

    public var isContinuous: Bool { false }
    public var needs: ScorerNeeds { [] }

    public func applies(to item: Item) -> Bool { item.metadata["task"].flatMap(PersistenceTasks.Task.init(rawValue:)) != nil }

    public func score(item: Item, sample: Sample) async -> Score {
        let category = PersistenceTasks.classify(item: item, text: sample.text, finishReason: sample.completion?.finishReason)
        let passed = measure == .solved ? category == .solved : category.attempted
        return passed ? .pass(name, category.rawValue) : .fail(name, category.rawValue)
    }
}

import Foundation
