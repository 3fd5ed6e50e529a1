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
    public var evidence: Evidence?

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
}
