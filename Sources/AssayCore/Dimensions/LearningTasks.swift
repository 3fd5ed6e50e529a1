/// Learning-capacity tasks, generated from a seed so they cannot have been memorized: each item is its own episode with
/// a freshly drawn rule, `k` demonstrations of it and a query.
///
/// - `cipher`: a random substitution of the 26 letters; encode a string.
/// - `mapping`: random nonsense words standing for colours; translate a sequence of them.
/// - `grammar`: a small invented language (random words, an adjective order and a plural suffix drawn per episode);
///   translate a short English phrase.
///
/// With `k ≥ 1`, even-numbered items ask for a demonstrated input again (`query=seen`) and odd-numbered ones for a new
/// input built only from demonstrated parts (`query=novel`), so the rule, not recall, answers it. With `k = 0` every
/// query is novel and no rule is shown: the floor.
public enum LearningTasks {
    public enum Task: String, CaseIterable, Sendable {
        case cipher, mapping, grammar
    }

    /// The generator's name in suite files.
    public static let name = "learning"
    public static let defaultShots = [0, 1, 2, 4, 8, 16]

    public static func items(tasks: [Task], shots: [Int], perShot: Int, seed: Int) -> [Item] {
        var out: [Item] = []
        for task in tasks {
            for k in shots {
                // One stream per (task, k): adding a shot count does not change the other counts' items.
                var rng = SeededGenerator(seed: seed &* 1_000_003 &+ k &* 7919 &+ task.hashSeed)
                for i in 0..<perShot {
                    let seen = k > 0 && i % 2 == 0
                    let episode: Episode
                    switch task {
                    case .cipher: episode = cipher(k: k, seen: seen, rng: &rng)
                    case .mapping: episode = mapping(k: k, seen: seen, rng: &rng)
                    case .grammar: episode = grammar(k: k, seen: seen, rng: &rng)
                    }
                    out.append(item(task: task, k: k, index: i, episode: episode, seed: seed))
                }
            }
        }
        return out
    }

    struct Episode {
        var demos: [(input: String, output: String)]
        var query: String
        var answer: String
        var seen: Bool
    }

    private static func item(task: Task, k: Int, index: Int, episode: Episode, seed: Int) -> Item {
        let instruction: String
        switch task {
        case .cipher: instruction = "Each letter is replaced by another letter according to a fixed secret key."
        case .mapping: instruction = "Each made-up word stands for a colour."
        case .grammar: instruction = "English phrases are translated into a made-up language."
        }
        // Demonstrations are turns of the conversation (each input a user turn, each output the assistant's reply), the
        // form chat models are trained to continue; the rule is stated once, in the first turn.
        let preface = instruction + (k > 0 ? " Learn the rule from the examples, then apply it." : " Apply the rule.") + " Reply with the output only.\n\n"
        var messages: [Message] = []
        for demo in episode.demos {
            messages.append(.user((messages.isEmpty ? preface : "") + "Input: \(demo.input)"))
            messages.append(.assistant(demo.output))
        }
        messages.append(.user((messages.isEmpty ? preface : "") + "Input: \(episode.query)"))
        let query = episode.seen ? "seen" : "novel"
        return Item(input: messages, target: .text([episode.answer]),
                    tags: ["learning", "task=\(task.rawValue)", "k=\(k)", "query=\(query)"],
                    metadata: ["task": task.rawValue, "shots": String(k), "query": query],
                    provenance: Provenance(origin: .generated, source: "\(name):seed=\(seed):\(task.rawValue):k=\(k):\(index)", operator: name))
    }

    // MARK: Cipher

    static let letters = Array("abcdefghijklmnopqrstuvwxyz")

    static func cipher(k: Int, seen: Bool, rng: inout SeededGenerator) -> Episode {
        let key = Dictionary(uniqueKeysWithValues: zip(letters, rng.shuffled(letters)))
        func encode(_ s: String) -> String { String(s.map { key[$0] ?? $0 }) }
        var demos: [(String, String)] = []
        var inputs = Set<String>()
        while demos.count < k {
            let word = words[Int(rng.uniform(UInt64(words.count)))]
            if inputs.insert(word).inserted { demos.append((word, encode(word))) }
        }
        if seen, let demo = demos.pick(using: &rng) { return Episode(demos: demos, query: demo.0, answer: demo.1, seen: true) }
        // A novel query uses only demonstrated letters (all letters when nothing was demonstrated).
        let pool = k == 0 ? letters : Array(Set(demos.flatMap { Array($0.0) })).sorted()
        var query = ""
        for _ in 0..<50 {
            let length = 3 + Int(rng.uniform(3))
            query = String((0..<length).map { _ in pool[Int(rng.uniform(UInt64(pool.count)))] })
            if !inputs.contains(query) { break }
        }
        return Episode(demos: demos, query: query, answer: encode(query), seen: false)
    }

    // MARK: Mapping

    static let nonsense = ["dax", "wif", "lug", "zup", "fep", "kiki", "blick", "tufa", "mip", "rov", "sorn", "gaz"]
    static let colours = ["red", "blue", "green", "yellow", "black", "white", "pink", "brown"]

    static func mapping(k: Int, seen: Bool, rng: inout SeededGenerator) -> Episode {
        let symbols = Array(rng.shuffled(nonsense).prefix(5))
        let meaning = Dictionary(uniqueKeysWithValues: zip(symbols, rng.shuffled(colours).prefix(5)))
        func sequence(from pool: [String]) -> [String] {
            let length = 1 + Int(rng.uniform(3))
            return (0..<length).map { _ in pool[Int(rng.uniform(UInt64(pool.count)))] }
        }
        func translate(_ s: [String]) -> String { s.map { meaning[$0]! }.joined(separator: " ") }
        var demos: [(String, String)] = []
        var inputs = Set<String>()
        var attempts = 0
        while demos.count < k, attempts < 1000 {
            attempts += 1
            let s = sequence(from: symbols)
            if inputs.insert(s.joined(separator: " ")).inserted { demos.append((s.joined(separator: " "), translate(s))) }
        }
        if seen, let demo = demos.pick(using: &rng) { return Episode(demos: demos, query: demo.0, answer: demo.1, seen: true) }
        let pool = k == 0 ? symbols : Array(Set(demos.flatMap { $0.0.split(separator: " ").map(String.init) })).sorted()
        var query: [String] = []
        for _ in 0..<100 {
            query = sequence(from: pool)
            if query.count < 2 { query.append(pool[Int(rng.uniform(UInt64(pool.count)))]) }
            if !inputs.contains(query.joined(separator: " ")) { break }
        }
        return Episode(demos: demos, query: query.joined(separator: " "), answer: translate(query), seen: false)
    }

    // MARK: Grammar

    static let nouns = ["dog", "tree", "house", "bird", "river", "stone", "cup", "boat"]
    static let adjectives = ["big", "small", "red", "old", "happy", "cold"]
    static let syllables = ["ka", "lo", "mi", "ru", "te", "no", "sa", "vi", "po", "ze", "fu", "da"]
    static let suffixes = ["im", "ot", "ek", "ul"]

    static func grammar(k: Int, seen: Bool, rng: inout SeededGenerator) -> Episode {
        var lexicon: [String: String] = [:]
        var used = Set<String>()
        for word in nouns + adjectives {
            var invented = ""
            repeat {
                invented = syllables[Int(rng.uniform(UInt64(syllables.count)))] + syllables[Int(rng.uniform(UInt64(syllables.count)))]
            } while !used.insert(invented).inserted
            lexicon[word] = invented
        }
        let adjectiveFirst = rng.uniform(2) == 0
        let suffix = suffixes[Int(rng.uniform(UInt64(suffixes.count)))]
        struct Phrase: Hashable {
            var adjective: String?
            var noun: String
            var plural: Bool
            var english: String { ([adjective].compactMap { $0 } + [noun + (plural ? "s" : "")]).joined(separator: " ") }
        }
        func translate(_ p: Phrase) -> String {
            let noun = lexicon[p.noun]! + (p.plural ? suffix : "")
            guard let adjective = p.adjective.flatMap({ lexicon[$0] }) else { return noun }
            return adjectiveFirst ? "\(adjective) \(noun)" : "\(noun) \(adjective)"
        }
        func draw(nouns: [String], adjectives: [String]) -> Phrase {
            let adjective: String? = adjectives.isEmpty || rng.uniform(3) == 0 ? nil : adjectives[Int(rng.uniform(UInt64(adjectives.count)))]
            return Phrase(adjective: adjective, noun: nouns[Int(rng.uniform(UInt64(nouns.count)))], plural: rng.uniform(2) == 0)
        }
        var demos: [Phrase] = []
        var attempts = 0
        while demos.count < k, attempts < 1000 {
            attempts += 1
            let p = draw(nouns: nouns, adjectives: adjectives)
            if !demos.contains(p) { demos.append(p) }
        }
        let pairs = demos.map { ($0.english, translate($0)) }
        if seen, let demo = demos.pick(using: &rng) { return Episode(demos: pairs, query: demo.english, answer: translate(demo), seen: true) }
        // A novel phrase is made of demonstrated words; it is plural only when a plural was shown, and has an adjective
        // only when an adjective phrase was shown (so the suffix and the order are known).
        let seenNouns = k == 0 ? nouns : Array(Set(demos.map(\.noun))).sorted()
        let seenAdjectives = k == 0 ? adjectives : Array(Set(demos.compactMap(\.adjective))).sorted()
        let pluralShown = k == 0 || demos.contains(where: \.plural)
        var query = draw(nouns: seenNouns, adjectives: seenAdjectives)
        for _ in 0..<100 {
            query = draw(nouns: seenNouns, adjectives: seenAdjectives)
            if !pluralShown { query.plural = false }
            if !demos.contains(query) { break }
        }
        return Episode(demos: pairs, query: query.english, answer: translate(query), seen: false)
    }

    /// Short common words the cipher encodes.
    static let words = [
        "cat", "dog", "sun", "map", "red", "cup", "tree", "bird", "fish", "lamp", "door", "milk", "rain", "ship", "star",
        "bread", "chair", "green", "house", "light", "money", "music", "paper", "river", "stone", "table", "water", "window",
        "garden", "winter", "yellow", "pocket", "silver", "basket", "planet", "ticket", "orange", "candle", "forest", "bridge",
    ]
}

extension LearningTasks.Task {
    var hashSeed: Int {
        switch self {
        case .cipher: 11
        case .mapping: 23
        case .grammar: 37
        }
    }
}

extension Array {
    fileprivate func pick(using rng: inout SeededGenerator) -> Element? {
        isEmpty ? nil : self[Int(rng.uniform(UInt64(count)))]
    }
}
