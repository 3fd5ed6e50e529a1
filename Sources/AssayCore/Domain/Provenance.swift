public import Foundation

/// Where an item came from. Later stages (evolution, telemetry, findings) fill the fields they own;
/// provenance is metadata and does not enter the item's content hash.
public struct Provenance: Codable, Hashable, Sendable {
    /// How the item came to exist.
    public enum Origin: String, Codable, Hashable, Sendable, CaseIterable {
        case authored, imported, generated, mutated, telemetry
    }

    public var origin: Origin
    /// Dataset or file it was read from, with a row locator when known (`gsm8k/test.jsonl:17`).
    public var source: String?
    /// The item this one was derived from (mutation, promotion).
    public var parent: String?
    /// The operator that produced it (a generator name or a mutation operator).
    public var `operator`: String?
    /// The model that wrote it, as a model spec, when a model did.
    public var generatorModel: String?
    public var createdAt: Date?
    /// For items promoted by evolution: the search, judges and validation behind them.
    public var evidence: Evidence? {
        get { evidenceStorage.first }
        set { evidenceStorage = newValue.map { [$0] } ?? [] }
    }
    /// Held out of line (an array is one pointer): evidence is rare and large, and every item carries a provenance,
    /// so inline it would add about 130 bytes to each of the millions of items a large suite or run holds.
    private var evidenceStorage: [Evidence] = []

    public init(
        origin: Origin, source: String? = nil, parent: String? = nil, operator: String? = nil,
        generatorModel: String? = nil, createdAt: Date? = nil, evidence: Evidence? = nil
    ) {
        self.origin = origin
        self.source = source
        self.parent = parent
        self.operator = `operator`
        self.generatorModel = generatorModel
        self.createdAt = createdAt
        self.evidence = evidence
    }

    private enum CodingKeys: String, CodingKey {
        case origin, source, parent, `operator`, generatorModel = "generator_model", createdAt = "created_at", evidence
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(origin: try c.decode(Origin.self, forKey: .origin), source: try c.decodeIfPresent(String.self, forKey: .source),
                  parent: try c.decodeIfPresent(String.self, forKey: .parent), operator: try c.decodeIfPresent(String.self, forKey: .operator),
                  generatorModel: try c.decodeIfPresent(String.self, forKey: .generatorModel),
                  createdAt: try c.decodeIfPresent(Date.self, forKey: .createdAt), evidence: try c.decodeIfPresent(Evidence.self, forKey: .evidence))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(origin, forKey: .origin)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(parent, forKey: .parent)
        try c.encodeIfPresent(`operator`, forKey: .operator)
        try c.encodeIfPresent(generatorModel, forKey: .generatorModel)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(evidence, forKey: .evidence)
    }
}
