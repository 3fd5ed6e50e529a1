public import AssayCore

/// The axes of the quality-diversity archive a suite declares: for red teaming, risk category × attack style; for
/// capabilities, skill × difficulty. Each axis is a short list of named values.
public struct DescriptorSpace: Codable, Hashable, Sendable {
    public struct Axis: Codable, Hashable, Sendable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    public var axes: [Axis]

    public init(axes: [Axis]) {
        self.axes = axes
    }

    /// Number of cells: the product of the axes' sizes.
    public var cellCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// Every cell, in a fixed order (first axis varies slowest).
    public var cells: [Descriptor] {
        axes.reduce([Descriptor(values: [])]) { partial, axis in
            partial.flatMap { prefix in axis.values.map { Descriptor(values: prefix.values + [$0]) } }
        }
    }

    /// Whether `descriptor` names one value of each axis.
    public func contains(_ descriptor: Descriptor) -> Bool {
        descriptor.values.count == axes.count && zip(axes, descriptor.values).allSatisfy { $0.values.contains($1) }
    }
}

/// A cell of the archive: one value per axis, in the axes' order (`["violence", "roleplay"]`).
public struct Descriptor: Codable, Hashable, Sendable, CustomStringConvertible {
    public var values: [String]

    public init(values: [String]) {
        self.values = values
    }

    public var description: String { values.joined(separator: " × ") }
}

/// An item in the search, with the cell it belongs to and what the target and judge made of it.
public struct Candidate: Codable, Hashable, Sendable {
    public var item: Item
    public var descriptor: Descriptor
    /// Failure severity or judged harm in [0, 1] (higher is a worse failure of the target); nil until judged.
    public var fitness: Double?
    /// Search step at which it was made (0 for seeds).
    public var generation: Int

    public init(item: Item, descriptor: Descriptor, fitness: Double? = nil, generation: Int = 0) {
        self.item = item
        self.descriptor = descriptor
        self.fitness = fitness
        self.generation = generation
    }
}
