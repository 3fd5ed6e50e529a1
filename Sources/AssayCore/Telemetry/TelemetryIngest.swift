import Foundation

/// Turns telemetry records into candidate test items: redact, deduplicate, sample, make items with `telemetry`
/// provenance. Redaction comes first, so nothing unredacted reaches an item, a suite file or the store.
public enum TelemetryIngest {
    /// How records are chosen.
    public enum Sampling: String, CaseIterable, Sendable {
        /// A seeded uniform sample.
        case uniform
        /// Only records the user flagged (thumbs-down, low rating, negative feedback).
        case failures
        /// Evenly across topic clusters (TF-IDF of the last user turn, average linkage): a seeded round robin over the
        /// clusters, so a rare topic is not crowded out by a common one.
        case topics
    }

    public struct Result: Sendable {
        public var items: [Item]
        public var read: Int
        public var duplicates: Int
        /// Records without a user turn to replay.
        public var unusable: Int
        public var redactions: Redactor.Counts
        /// Topic clusters found (with `topics` sampling), largest first, with their sizes before sampling.
        public var topics: [(name: String, size: Int)] = []
    }

    /// Candidate items from `records`: each conversation up to and including its last user turn becomes the item's
    /// input (the production answer after it is kept, redacted, as `metadata.production_response`); the target is
    /// `none`, for judges and behaviour scorers. Duplicates (same redacted conversation, ignoring case and spacing) are
    /// kept once. At most `limit` items, chosen by `sampling` with `seed`.
    public static func items(_ records: [TelemetryRecord], sampling: Sampling, limit: Int?, seed: Int) -> Result {
        var redactions = Redactor.Counts()
        var seen = Set<String>()
        var candidates: [(record: TelemetryRecord, item: Item)] = []
        var duplicates = 0, unusable = 0
        for record in records {
            let redacted = record.messages.map { m -> Message in
                let (text, counts) = Redactor.redact(m.content)
                redactions = redactions + counts
                return Message(role: m.role, content: text)
            }
            guard let lastUser = redacted.lastIndex(where: { $0.role == .user }) else {
                unusable += 1
                continue
            }
            let input = Array(redacted[...lastUser])
            let key = input.map { "\($0.role.rawValue):" + $0.content.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                .joined(separator: "\u{1f}")
            guard seen.insert(key).inserted else {
                duplicates += 1
                continue
            }
            var metadata: [String: String] = [:]
            if let answer = redacted[(lastUser + 1)...].first(where: { $0.role == .assistant }) { metadata["production_response"] = answer.content }
            if let t = record.timestamp { metadata["timestamp"] = ISO8601DateFormatter().string(from: t) }
            let item = Item(input: input, target: .none, tags: ["telemetry"] + (record.flagged ? ["flagged"] : []), metadata: metadata,
                            provenance: Provenance(origin: .telemetry, source: record.source, createdAt: record.timestamp))
            candidates.append((record, item))
        }
        var pool = candidates
        if sampling == .failures { pool = pool.filter(\.record.flagged) }
        var rng = SeededGenerator(seed: seed)
        var topics: [(name: String, size: Int)] = []
        if sampling == .topics {
            let clusters = topicClusters(pool.map { $0.item.prompt })
            var queues: [[Int]] = []
            for members in clusters {
                let name = members.name
                topics.append((name, members.indices.count))
                for index in members.indices { pool[index].item.metadata["topic"] = name }
                queues.append(rng.shuffled(members.indices))
            }
            // Round robin over the clusters in a seeded order, one item from each per turn.
            queues = rng.shuffled(queues)
            var order: [Int] = []
            var turn = 0
            while order.count < pool.count {
                for q in queues.indices where turn < queues[q].count { order.append(queues[q][turn]) }
                turn += 1
            }
            pool = order.prefix(limit ?? order.count).map { pool[$0] }
        } else if let limit, pool.count > limit {
            pool = Array(rng.shuffled(pool).prefix(limit))
        }
        var result = Result(items: pool.map(\.item), read: records.count, duplicates: duplicates, unusable: unusable, redactions: redactions)
        result.topics = topics
        return result
    }

    /// Clusters of prompts by topic (cosine of TF-IDF vectors, average linkage at 0.2), largest first, each named by
    /// its three heaviest words (`misc` when it has none).
    static func topicClusters(_ prompts: [String]) -> [(name: String, indices: [Int])] {
        let vectors = TermVectors(prompts)
        return AverageLinkage.clusters(count: prompts.count, threshold: 0.2) { vectors.similarity($0, $1) }.map { members in
            let words = TermVectors.topWords(vectors.centroid(of: members), count: 3)
            return (words.isEmpty ? "misc" : words.joined(separator: " "), members)
        }
    }
}
