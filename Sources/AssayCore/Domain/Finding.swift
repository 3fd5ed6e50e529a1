public import Foundation

/// A group of similar failures tracked like a bug: mined from runs, given a status, followed across later runs.
public struct Finding: Codable, Hashable, Sendable, Identifiable {
    /// Where a finding stands.
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        case open, triaged, fixed
        case wontFix = "wont_fix"
    }

    /// `F-N`, numbered in the order findings were created.
    public var id: String
    /// Top terms, or a model-written title when a titler was configured.
    public var title: String
    /// The cluster's highest-weighted terms, most characteristic first.
    public var terms: [String]
    public var status: Status
    public var note: String?
    /// The space the centroid lives in: `tfidf`, or `embedding:MODEL`.
    public var representation: String
    /// Term weights (`tfidf`) or an embedding vector, unit length; new failures attach when close to it.
    public var centroid: Centroid
    /// Representative failures (closest to the centroid) and minimal ones (shortest prompts), as sample keys.
    public var representatives: [FindingLink.Key]
    public var minimal: [FindingLink.Key]
    /// Suite versions its examples were promoted into.
    public var promotedVersions: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, title: String, terms: [String], status: Status = .open, note: String? = nil, representation: String,
                centroid: Centroid, representatives: [FindingLink.Key], minimal: [FindingLink.Key], promotedVersions: [String] = [],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.title = title
        self.terms = terms
        self.status = status
        self.note = note
        self.representation = representation
        self.centroid = centroid
        self.representatives = representatives
        self.minimal = minimal
        self.promotedVersions = promotedVersions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A unit vector in a sparse term space or a dense embedding space.
    public enum Centroid: Codable, Hashable, Sendable {
        case terms([String: Double])
        case dense([Double])

        /// Cosine similarity of two unit vectors of the same kind; 0 across kinds.
        public func similarity(_ other: Centroid) -> Double {
            switch (self, other) {
            case let (.terms(a), .terms(b)):
                let (small, large) = a.count <= b.count ? (a, b) : (b, a)
                return small.reduce(0) { $0 + $1.value * (large[$1.key] ?? 0) }
            case let (.dense(a), .dense(b)) where a.count == b.count:
                return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            default:
                return 0
            }
        }
    }
}

/// A failing sample assigned to a finding.
public struct FindingLink: Codable, Hashable, Sendable {
    /// A sample of a run, or a validated failure of an evolution search (epoch 0).
    public struct Key: Codable, Hashable, Sendable, Comparable {
        /// A run id or an evolution id.
        public var source: String
        public var itemID: String
        public var epoch: Int

        public init(source: String, itemID: String, epoch: Int) {
            self.source = source
            self.itemID = itemID
            self.epoch = epoch
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.source, a.itemID, a.epoch) < (b.source, b.itemID, b.epoch)
        }
    }

    public var finding: String
    public var key: Key
    /// Cosine similarity to the finding's centroid when it was linked.
    public var similarity: Double

    public init(finding: String, key: Key, similarity: Double) {
        self.finding = finding
        self.key = key
        self.similarity = similarity
    }
}

/// A run or evolution that failure mining has read: the denominator of a finding's trend.
public struct MinedSource: Codable, Hashable, Sendable {
    public var source: String
    /// `run` or `evolution`.
    public var kind: String
    public var suite: String
    public var model: String
    /// Samples it holds (evaluated items, for an evolution) and how many of them failed.
    public var samples: Int
    public var failures: Int
    /// When the run or search started.
    public var startedAt: Date

    public init(source: String, kind: String, suite: String, model: String, samples: Int, failures: Int, startedAt: Date) {
        self.source = source
        self.kind = kind
        self.suite = suite
        self.model = model
        self.samples = samples
        self.failures = failures
        self.startedAt = startedAt
    }
}

/// A failing sample as mining sees it.
public struct FailureSample: Sendable, Hashable {
    public var key: FindingLink.Key
    public var model: String
    public var prompt: String
    public var response: String
    /// Words that say what failed: the failing scorers and the item's tags.
    public var labels: [String]

    public init(key: FindingLink.Key, model: String, prompt: String, response: String, labels: [String] = []) {
        self.key = key
        self.model = model
        self.prompt = prompt
        self.response = response
        self.labels = labels
    }
}
