public import AssayCore
public import Foundation

/// Groups failing samples into findings, attaching them to stored findings when they are close enough.
///
/// Samples already linked are skipped, so mining the same runs twice changes nothing. The rest are grouped by item and
/// clustered (average linkage on cosine similarity of TF-IDF vectors, or of embeddings when given); a cluster whose
/// centroid is within ``Options/threshold`` of a stored finding's joins it, and so does a lone item; other clusters of
/// at least ``Options/minimumSize`` items become new findings; what is left stays unlinked for a later mining.
public struct FailureMiner: Sendable {
    public struct Options: Sendable {
        /// Least average cosine similarity inside a cluster, and least similarity to join a stored finding.
        public var threshold: Double
        /// Fewest distinct items in a cluster that becomes a new finding.
        public var minimumSize: Int
        /// Representative and minimal examples kept per finding.
        public var examples: Int
        /// At most this many samples are clustered (the n × n matrix); the rest join the nearest cluster.
        public var maximumClustered: Int

        public init(threshold: Double = 0.2, minimumSize: Int = 2, examples: Int = 3, maximumClustered: Int = 4_000) {
            self.threshold = threshold
            self.minimumSize = minimumSize
            self.examples = examples
            self.maximumClustered = maximumClustered
        }
    }

    /// Dense vectors from an embedding model, one per failure, in the order given (an item's failures are averaged).
    public struct Embeddings: Sendable {
        public var model: String
        public var vectors: [[Double]]

        public init(model: String, vectors: [[Double]]) {
            self.model = model
            self.vectors = vectors.map { vector in
                let norm = sqrt(vector.reduce(0) { $0 + $1 * $1 })
                return norm > 0 ? vector.map { $0 / norm } : vector
            }
        }
    }

    public struct Result: Sendable {
        /// New findings and stored ones that gained samples (with updated centroids), to save.
        public var findings: [Finding]
        public var links: [FindingLink]
        /// Ids of the findings created, and samples attached to each stored finding.
        public var created: [String]
        public var attached: [String: Int]
        /// Failures left in no finding (clusters smaller than the minimum, far from every finding).
        public var unlinked: Int
        /// Failures that were already linked before this mining.
        public var alreadyLinked: Int
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Mines `failures` against the stored findings and the samples already linked to them.
    ///
    /// The unit clustered is the item: every failing sample of one item (across runs and epochs) makes one document of
    /// its prompt, responses and labels, so the same item failing in two runs is not mistaken for a group, and a
    /// cluster's size counts distinct items. A new failure of an item already in a finding joins that finding.
    public func mine(_ failures: [FailureSample], existing: [Finding], links: [FindingLink], embeddings: Embeddings? = nil,
                     now: Date = Date()) -> Result {
        let linked = Set(links.map(\.key))
        var itemFinding: [String: String] = [:]
        for link in links { itemFinding[link.key.itemID] = link.finding }
        let order = failures.indices.sorted { failures[$0].key < failures[$1].key }
        let freshCount = order.filter { !linked.contains(failures[$0].key) }.count
        var result = Result(findings: [], links: [], created: [], attached: [:], unlinked: 0, alreadyLinked: failures.count - freshCount)

        // Items: all their samples (so the vector space is the same however many were mined before) and the fresh ones.
        var unitOf: [String: Int] = [:]
        var units: [[Int]] = []
        for index in order {
            let item = failures[index].key.itemID
            if let unit = unitOf[item] { units[unit].append(index) } else {
                unitOf[item] = units.count
                units.append([index])
            }
        }
        let fresh = units.map { $0.filter { !linked.contains(failures[$0].key) } }
        let vectors = TermVectors(fields: units.map { unit in
            let first = failures[unit[0]]
            var responses: [String] = []
            for index in unit where !responses.contains(failures[index].response) && responses.count < 3 { responses.append(failures[index].response) }
            return [first.prompt, responses.map { String($0.prefix(2_000)) }.joined(separator: "\n"), first.labels.joined(separator: " ")]
        }, names: ["prompt", "response", "label"], weights: Self.fieldWeights)
        let dense: [[Double]]? = embeddings.map { e in
            units.map { unit in
                var sum = [Double](repeating: 0, count: e.vectors[unit[0]].count)
                for index in unit { for (d, v) in e.vectors[index].enumerated() where d < sum.count { sum[d] += v } }
                let norm = sqrt(sum.reduce(0) { $0 + $1 * $1 })
                return norm > 0 ? sum.map { $0 / norm } : sum
            }
        }
        let representation = embeddings.map { "embedding:\($0.model)" } ?? "tfidf"
        func similarity(_ a: Int, _ b: Int) -> Double {
            guard let dense else { return vectors.similarity(a, b) }
            return zip(dense[a], dense[b]).reduce(0) { $0 + $1.0 * $1.1 }
        }
        func centroid(_ members: [Int]) -> Finding.Centroid {
            guard let dense else { return .terms(vectors.centroid(of: members)) }
            var sum = [Double](repeating: 0, count: dense.first?.count ?? 0)
            for m in members { for (d, v) in dense[m].enumerated() { sum[d] += v } }
            let norm = sqrt(sum.reduce(0) { $0 + $1 * $1 })
            return .dense(norm > 0 ? sum.map { $0 / norm } : sum)
        }

        var stored = Dictionary(uniqueKeysWithValues: existing.map { ($0.id, $0) })
        var counts = Dictionary(grouping: links, by: \.finding).mapValues(\.count)
        var nextNumber = (existing.compactMap { Int($0.id.dropFirst(2)) }.max() ?? 0) + 1
        var touched: [String] = []
        func attach(_ members: [Int], to id: String) {
            guard var finding = stored[id] else { return }
            let added = members.reduce(0) { $0 + fresh[$1].count }
            let old = Double(counts[finding.id] ?? 0)
            finding.centroid = Self.blend(finding.centroid, weight: old, with: centroid(members), weight: Double(added))
            finding.updatedAt = now
            counts[finding.id, default: 0] += added
            stored[finding.id] = finding
            for m in members {
                let closeness = centroid([m]).similarity(finding.centroid)
                result.links += fresh[m].map { FindingLink(finding: finding.id, key: failures[$0].key, similarity: closeness) }
            }
            result.attached[finding.id, default: 0] += added
            if !touched.contains(finding.id) { touched.append(finding.id) }
        }
        let storedIDs = existing.filter { $0.representation == representation }.map(\.id)
        // Clusters compare with the findings stored before; lone items also with the ones this pass creates (clustering
        // already kept the clusters apart).
        func nearestStored(_ c: Finding.Centroid, includingNew: Bool = false) -> String? {
            (includingNew ? storedIDs + result.created : storedIDs).compactMap { id in stored[id].map { (id, c.similarity($0.centroid)) } }.max { $0.1 < $1.1 }
                .flatMap { $0.1 >= options.threshold ? $0.0 : nil }
        }

        // Items already in a finding take their new failures there.
        var open: [Int] = []
        for unit in units.indices where !fresh[unit].isEmpty {
            if let id = itemFinding[failures[units[unit][0]].key.itemID], stored[id] != nil { attach([unit], to: id) } else { open.append(unit) }
        }

        // Cluster at most `maximumClustered` items, spread evenly; the rest join their nearest cluster.
        let stride = max(1, Int((Double(open.count) / Double(options.maximumClustered)).rounded(.up)))
        let clustered = Swift.stride(from: 0, to: open.count, by: stride).map { open[$0] }
        var clusters = AverageLinkage.clusters(count: clustered.count, threshold: options.threshold) {
            similarity(clustered[$0], clustered[$1])
        }.map { $0.map { clustered[$0] } }
        if stride > 1 {
            let inClusters = Set(clustered)
            for unit in open where !inClusters.contains(unit) {
                let scored = clusters.indices.map { c in (c, clusters[c].reduce(0) { $0 + similarity(unit, $1) } / Double(clusters[c].count)) }
                if let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= options.threshold { clusters[best.0].append(unit) }
                else { clusters.append([unit]) }
            }
        }

        // Clusters large enough for a finding first, so lone items can join findings made in this pass too.
        clusters.sort { ($0.count >= options.minimumSize ? 0 : 1) < ($1.count >= options.minimumSize ? 0 : 1) }
        for members in clusters {
            let c = centroid(members)
            if let id = nearestStored(c) {
                attach(members, to: id)
            } else if members.count >= options.minimumSize {
                let terms = TermVectors.topWords(vectors.centroid(of: members), count: 5)
                let key = { (unit: Int) in failures[units[unit][0]].key }
                let byCloseness = members.sorted { centroid([$0]).similarity(c) > centroid([$1]).similarity(c) }
                let byLength = members.sorted { (failures[units[$0][0]].prompt.count, key($0)) < (failures[units[$1][0]].prompt.count, key($1)) }
                let finding = Finding(
                    id: "F-\(nextNumber)", title: terms.prefix(4).joined(separator: ", "), terms: terms, representation: representation,
                    centroid: c, representatives: byCloseness.prefix(options.examples).map(key),
                    minimal: byLength.prefix(options.examples).map(key), createdAt: now, updatedAt: now)
                nextNumber += 1
                result.created.append(finding.id)
                stored[finding.id] = finding
                counts[finding.id] = members.reduce(0) { $0 + fresh[$1].count }
                for m in members {
                    let closeness = centroid([m]).similarity(c)
                    result.links += fresh[m].map { FindingLink(finding: finding.id, key: failures[$0].key, similarity: closeness) }
                }
            } else {
                // Too small for a finding of its own: each item may still join a stored one.
                for m in members {
                    if let id = nearestStored(centroid([m]), includingNew: true) { attach([m], to: id) } else { result.unlinked += fresh[m].count }
                }
            }
        }
        // Stored findings that gained samples, then the new ones (with what they gained in this pass).
        result.findings = touched.filter { !result.created.contains($0) }.compactMap { stored[$0] } + result.created.compactMap { stored[$0] }
        for id in result.created { result.attached[id] = nil }
        return result
    }

    /// The weighted mean of two unit vectors, unit length again.
    static func blend(_ a: Finding.Centroid, weight wa: Double, with b: Finding.Centroid, weight wb: Double) -> Finding.Centroid {
        switch (a, b) {
        case let (.terms(x), .terms(y)):
            var sum = x.mapValues { $0 * wa }
            for (term, weight) in y { sum[term, default: 0] += weight * wb }
            let norm = sqrt(sum.values.reduce(0) { $0 + $1 * $1 })
            return .terms(norm > 0 ? sum.mapValues { $0 / norm } : sum)
        case let (.dense(x), .dense(y)) where x.count == y.count:
            let sum = zip(x, y).map { $0 * wa + $1 * wb }
            let norm = sqrt(sum.reduce(0) { $0 + $1 * $1 })
            return .dense(norm > 0 ? sum.map { $0 / norm } : sum)
        default:
            return a
        }
    }

    /// Prompt, response and labels count 45%, 35% and 20% of the similarity of two failures.
    static let fieldWeights = [0.45, 0.35, 0.2]
}
