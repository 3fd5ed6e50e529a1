import Foundation

/// Whether production behaviour moved between two time windows: the refusal rate, the answer length and the topic
/// mix of the conversations, each with its test.
public struct TelemetryDrift: Sendable, Encodable {
    /// One statistic in both windows, their difference with a 95% interval, and a p-value.
    public struct Row: Sendable, Encodable {
        public var name: String
        public var a: Double
        public var b: Double
        public var difference: Double
        public var ciLow: Double
        public var ciHigh: Double
        public var pValue: Double
        public var test: String
    }

    public var windowA: Int
    public var windowB: Int
    public var rows: [Row]
    /// The topic terms compared, with each window's share.
    public var topics: [(term: String, a: Double, b: Double)]

    private enum CodingKeys: String, CodingKey { case windowA = "window_a", windowB = "window_b", rows, topics }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(windowA, forKey: .windowA)
        try c.encode(windowB, forKey: .windowB)
        try c.encode(rows, forKey: .rows)
        try c.encode(topics.map { ["term": $0.term, "a": String($0.a), "b": String($0.b)] }, forKey: .topics)
    }

    /// Compares the production answers of `a` with those of `b`.
    ///
    /// - Refusal rate (``RefusalScorer/read(_:)`` on the last assistant turn): Wilson rates, the difference with Newcombe's
    ///   hybrid score interval, and a two-proportion z test.
    /// - Length in words: Welch's difference of means with its normal interval and test.
    /// - Topic mix: each conversation's topic is its most widely shared user word (``topics(_:)``); the `topics`
    ///   most common ones and "other" are compared with a chi-square statistic whose p-value comes from `permutations`
    ///   shuffles of the window labels (exact for small counts, where the chi-square distribution is not).
    public static func compare(_ a: [TelemetryRecord], _ b: [TelemetryRecord], topics topicCount: Int = 8, permutations: Int = 2000,
                               seed: UInt64 = 0x6472_6966_74) -> TelemetryDrift {
        func answer(_ r: TelemetryRecord) -> String? { r.messages.last(where: { $0.role == .assistant })?.content }
        let answersA = a.compactMap(answer), answersB = b.compactMap(answer)
        var rows: [Row] = []

        let refusedA = Double(answersA.filter { RefusalScorer.read($0).behaviour == .refused }.count)
        let refusedB = Double(answersB.filter { RefusalScorer.read($0).behaviour == .refused }.count)
        if !answersA.isEmpty, !answersB.isEmpty {
            let (pa, pb) = (refusedA / Double(answersA.count), refusedB / Double(answersB.count))
            let wa = Statistics.wilsonInterval(successes: refusedA, n: answersA.count), wb = Statistics.wilsonInterval(successes: refusedB, n: answersB.count)
            let d = pa - pb
            let low = d - ((pa - wa.low) * (pa - wa.low) + (wb.high - pb) * (wb.high - pb)).squareRoot()
            let high = d + ((wa.high - pa) * (wa.high - pa) + (pb - wb.low) * (pb - wb.low)).squareRoot()
            let pooled = (refusedA + refusedB) / Double(answersA.count + answersB.count)
            let se = (pooled * (1 - pooled) * (1 / Double(answersA.count) + 1 / Double(answersB.count))).squareRoot()
            let p = se > 0 ? 2 * (1 - Statistics.normalCDF(abs(d) / se)) : 1
            rows.append(Row(name: "refusal_rate", a: pa, b: pb, difference: d, ciLow: low, ciHigh: high, pValue: p, test: "two-proportion z"))
        }

        let lengthA = answersA.map { Double($0.split(whereSeparator: \.isWhitespace).count) }
        let lengthB = answersB.map { Double($0.split(whereSeparator: \.isWhitespace).count) }
        if lengthA.count >= 2, lengthB.count >= 2 {
            let (ma, mb) = (Statistics.mean(lengthA), Statistics.mean(lengthB))
            let se = (Statistics.variance(lengthA) / Double(lengthA.count) + Statistics.variance(lengthB) / Double(lengthB.count)).squareRoot()
            let d = ma - mb
            let p = se > 0 ? 2 * (1 - Statistics.normalCDF(abs(d) / se)) : (d == 0 ? 1 : 0)
            rows.append(Row(name: "length_words", a: ma, b: mb, difference: d, ciLow: d - Statistics.z95 * se, ciHigh: d + Statistics.z95 * se,
                            pValue: p, test: "Welch"))
        }

        // Topics.
        let all = topics(a + b)
        let topicsA = Array(all[..<a.count]), topicsB = Array(all[a.count...])
        var frequency: [String: Int] = [:]
        for t in topicsA + topicsB { frequency[t, default: 0] += 1 }
        let kept = frequency.filter { $0.key != "" }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(topicCount).map(\.key)
        func bucket(_ t: String) -> String { kept.contains(t) ? t : "other" }
        let labelsA = topicsA.map(bucket), labelsB = topicsB.map(bucket)
        let categories = kept + ["other"]
        func share(_ labels: [String], _ c: String) -> Double { labels.isEmpty ? .nan : Double(labels.filter { $0 == c }.count) / Double(labels.count) }
        var topicRows: [(term: String, a: Double, b: Double)] = []
        for c in categories where labelsA.contains(c) || labelsB.contains(c) { topicRows.append((c, share(labelsA, c), share(labelsB, c))) }
        if !labelsA.isEmpty, !labelsB.isEmpty {
            let observed = chiSquare(labelsA, labelsB, categories)
            var pooled = labelsA + labelsB
            var rng = SeededGenerator(seed: seed)
            var extreme = 0
            for _ in 0..<permutations {
                pooled = rng.shuffled(pooled)
                if chiSquare(Array(pooled[..<labelsA.count]), Array(pooled[labelsA.count...]), categories) >= observed - 1e-12 { extreme += 1 }
            }
            rows.append(Row(name: "topic_mix_chi2", a: .nan, b: .nan, difference: observed, ciLow: .nan, ciHigh: .nan,
                            pValue: Double(1 + extreme) / Double(1 + permutations), test: "permutation chi-square"))
        }
        return TelemetryDrift(windowA: a.count, windowB: b.count, rows: rows, topics: topicRows)
    }

    static func chiSquare(_ a: [String], _ b: [String], _ categories: [String]) -> Double {
        var statistic = 0.0
        let n = Double(a.count + b.count)
        for c in categories {
            let oa = Double(a.filter { $0 == c }.count), ob = Double(b.filter { $0 == c }.count)
            let total = oa + ob
            guard total > 0 else { continue }
            let ea = total * Double(a.count) / n, eb = total * Double(b.count) / n
            statistic += (oa - ea) * (oa - ea) / ea + (ob - eb) * (ob - eb) / eb
        }
        return statistic
    }

    static let stopWords: Set<String> = ["what", "that", "this", "with", "have", "from", "your", "there", "their", "about", "would", "could",
                                         "should", "please", "which", "when", "where", "into", "does", "will", "they", "them", "than", "then",
                                         "been", "were", "how", "many", "much", "some", "like", "just", "also", "more", "most", "very", "want",
                                         "need", "help", "tell", "give", "know", "make"]

    static func words(_ r: TelemetryRecord) -> [String] {
        r.messages.filter { $0.role == .user }.flatMap { KeyPhraseMatcher.normalize($0.content).split(separator: " ").map(String.init) }
            .filter { $0.count >= 4 && !stopWords.contains($0) && $0.allSatisfy(\.isLetter) }
    }

    /// Each conversation's topic: its user turns' word (four letters or more, not a stop word) that the most
    /// conversations share, counting only words at least two conversations use; ties go to the word used more in the
    /// conversation, then to the alphabet. "" when it has none. A crude topic, but one that needs no model. Document
    /// frequencies are counted once for all records.
    static func topics(_ records: [TelemetryRecord]) -> [String] {
        let tokenized = records.map(words)
        var df: [String: Int] = [:]
        for d in tokenized { for w in Set(d) { df[w, default: 0] += 1 } }
        return tokenized.map { tokens in
            var tf: [String: Int] = [:]
            for w in tokens where (df[w] ?? 0) >= 2 { tf[w, default: 0] += 1 }
            return tf.max { x, y in
                let (dx, dy) = (df[x.key] ?? 0, df[y.key] ?? 0)
                if dx != dy { return dx < dy }
                return x.value != y.value ? x.value < y.value : x.key > y.key
            }?.key ?? ""
        }
    }
}
