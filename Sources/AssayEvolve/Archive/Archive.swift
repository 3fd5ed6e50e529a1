public import AssayCore

/// A MAP-Elites archive over a ``DescriptorSpace``: each cell keeps the best candidate found for it so far.
///
/// Insertion (``insert(_:parent:)``) checks, in this order: the descriptor is a cell of the space, the candidate has a
/// finite fitness, its text is not a near-duplicate of its parent, nor of the cell's current elite (by
/// ``Configuration/filter``), and its fitness is strictly higher than the elite's (ties keep the incumbent). The first
/// failed check names the outcome and is counted in ``counters``.
///
/// Parent selection (``selectParent(using:)``) is biased toward the parts of the space that need work:
/// - with probability ``Configuration/frontierProbability``, a uniformly chosen *frontier* cell: a filled cell with at
///   least one empty neighbour (a cell differing in exactly one axis), since a mutation along one axis can reach it;
/// - otherwise a filled cell drawn with weight `1 − fitness + ε` (fitness clamped to [0, 1], ε =
///   ``Configuration/weightFloor``), so weak elites are improved more often while strong ones keep a small chance.
/// When there is no frontier (all cells filled, or no filled cell borders an empty one) the weighted rule is used.
/// Every draw comes from the caller's ``SeededGenerator`` and cells are visited in the space's fixed order, so the
/// same generator state gives the same choice.
///
/// The archive is a value type and `Codable`: elites are encoded as a list in the space's cell order, so the search
/// state can be stored and resumed.
public struct Archive: Codable, Hashable, Sendable {
    /// Tunables of insertion and selection.
    public struct Configuration: Codable, Hashable, Sendable {
        /// The near-duplicate filter applied against the parent and the cell's elite.
        public var filter: SimilarityFilter
        /// Probability of choosing a parent among frontier cells (filled cells next to an empty one).
        public var frontierProbability: Double
        /// ε in the weight `1 − fitness + ε` of weighted parent selection; keeps strong elites selectable.
        public var weightFloor: Double

        public init(filter: SimilarityFilter = SimilarityFilter(), frontierProbability: Double = 0.5,
                    weightFloor: Double = 0.05) {
            self.filter = filter
            self.frontierProbability = frontierProbability
            self.weightFloor = weightFloor
        }
    }

    /// Counts of insert attempts and their outcomes.
    public struct Counters: Codable, Hashable, Sendable {
        public var attempts = 0
        public var newCells = 0
        public var replacements = 0
        public var rejectedWorse = 0
        public var rejectedNearDuplicate = 0
        public var rejectedOutOfSpace = 0
        public var rejectedUnjudged = 0

        public init() {}

        /// Candidates that became an elite (new cell or replacement).
        public var accepted: Int { newCells + replacements }
        /// Candidates rejected for any reason.
        public var rejected: Int { rejectedWorse + rejectedNearDuplicate + rejectedOutOfSpace + rejectedUnjudged }

        mutating func record(_ outcome: InsertOutcome) {
            attempts += 1
            switch outcome {
            case .newCell: newCells += 1
            case .replacedElite: replacements += 1
            case .rejectedWorse: rejectedWorse += 1
            case .rejectedNearDuplicate: rejectedNearDuplicate += 1
            case .rejectedOutOfSpace: rejectedOutOfSpace += 1
            case .rejectedUnjudged: rejectedUnjudged += 1
            }
        }
    }

    /// The cells of the archive.
    public let space: DescriptorSpace
    public var configuration: Configuration
    /// The best candidate of each filled cell.
    public private(set) var elites: [Descriptor: Candidate]
    public private(set) var counters: Counters

    /// An empty archive over `space`.
    public init(space: DescriptorSpace, configuration: Configuration = Configuration()) {
        self.space = space
        self.configuration = configuration
        self.elites = [:]
        self.counters = Counters()
    }

    // MARK: - Cells

    /// The elite of `cell`, if the cell is filled.
    public func elite(at cell: Descriptor) -> Candidate? { elites[cell] }

    /// The elites in the space's cell order.
    public var eliteList: [Candidate] { space.cells.compactMap { elites[$0] } }

    /// Filled cells, in the space's cell order.
    public var filledCells: [Descriptor] { space.cells.filter { elites[$0] != nil } }

    /// Empty cells, in the space's cell order.
    public var emptyCells: [Descriptor] { space.cells.filter { elites[$0] == nil } }

    /// Filled cells with at least one empty neighbour, in the space's cell order.
    public var frontierCells: [Descriptor] {
        space.cells.filter { cell in
            elites[cell] != nil && space.neighbours(of: cell).contains { elites[$0] == nil }
        }
    }

    // MARK: - Insertion

    /// Offers `candidate` (made from `parent`, or nil for a seed) to the archive and records the outcome in
    /// ``counters``. See the type's documentation for the order of checks.
    @discardableResult
    public mutating func insert(_ candidate: Candidate, parent: Candidate?) -> InsertOutcome {
        let outcome = evaluate(candidate, parent: parent)
        counters.record(outcome)
        if outcome.isAccepted { elites[candidate.descriptor] = candidate }
        return outcome
    }

    /// What ``insert(_:parent:)`` would do with `candidate`, without changing the archive.
    public func evaluate(_ candidate: Candidate, parent: Candidate?) -> InsertOutcome {
        guard space.contains(candidate.descriptor) else { return .rejectedOutOfSpace }
        guard let fitness = candidate.fitness, fitness.isFinite else { return .rejectedUnjudged }
        let text = SimilarityFilter.text(of: candidate.item)
        let filter = configuration.filter
        if let parent, filter.isNearDuplicate(text, of: [SimilarityFilter.text(of: parent.item)]) {
            return .rejectedNearDuplicate(of: parent.item.id)
        }
        guard let incumbent = elites[candidate.descriptor] else { return .newCell }
        if filter.isNearDuplicate(text, of: [SimilarityFilter.text(of: incumbent.item)]) {
            return .rejectedNearDuplicate(of: incumbent.item.id)
        }
        let previous = incumbent.fitness ?? -Double.infinity
        return fitness > previous ? .replacedElite(previousFitness: previous) : .rejectedWorse
    }

    // MARK: - Selection

    /// A parent for the next mutation, biased toward frontier and weak cells (see the type's documentation); nil
    /// when the archive is empty.
    public func selectParent(using random: inout SeededGenerator) -> Candidate? {
        let filled = filledCells
        guard !filled.isEmpty else { return nil }
        let frontier = frontierCells
        let roll = random.nextUnit()
        if !frontier.isEmpty && roll < configuration.frontierProbability {
            return elites[frontier[Self.index(below: frontier.count, using: &random)]]
        }
        let weights = filled.map { cell -> Double in
            let fitness = min(1, max(0, elites[cell]?.fitness ?? 0))
            return 1 - fitness + max(0, configuration.weightFloor)
        }
        return elites[filled[Self.weightedIndex(weights, using: &random)]]
    }

    /// A cell for a model-driven rewrite to aim at: a uniformly chosen empty cell or, when every cell is filled, the
    /// weakest filled cell (ties drawn uniformly). With `near`, empty neighbours of that cell are preferred, so the
    /// rewrite changes one axis. Nil only when the space has no cells.
    public func targetCell(near origin: Descriptor? = nil, using random: inout SeededGenerator) -> Descriptor? {
        if let origin {
            let candidates = space.neighbours(of: origin).filter { elites[$0] == nil }
            if !candidates.isEmpty { return candidates[Self.index(below: candidates.count, using: &random)] }
        }
        let empty = emptyCells
        if !empty.isEmpty { return empty[Self.index(below: empty.count, using: &random)] }
        let filled = filledCells
        guard !filled.isEmpty else { return nil }
        let fitness = { (cell: Descriptor) in self.elites[cell]?.fitness ?? -Double.infinity }
        let lowest = filled.map(fitness).min() ?? 0
        let weakest = filled.filter { fitness($0) == lowest }
        return weakest[Self.index(below: weakest.count, using: &random)]
    }

    /// A uniform index in 0..<count from one draw (count must be positive).
    private static func index(below count: Int, using random: inout SeededGenerator) -> Int {
        min(count - 1, Int(random.nextUnit() * Double(count)))
    }

    /// An index drawn with probability proportional to `weights` (non-negative; uniform when all are zero).
    private static func weightedIndex(_ weights: [Double], using random: inout SeededGenerator) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return index(below: weights.count, using: &random) }
        var remaining = random.nextUnit() * total
        for (position, weight) in weights.enumerated() {
            if remaining < weight { return position }
            remaining -= weight
        }
        return weights.count - 1
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case space, configuration, elites, counters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        space = try container.decode(DescriptorSpace.self, forKey: .space)
        configuration = try container.decode(Configuration.self, forKey: .configuration)
        counters = try container.decode(Counters.self, forKey: .counters)
        var elites: [Descriptor: Candidate] = [:]
        for candidate in try container.decode([Candidate].self, forKey: .elites) {
            guard space.contains(candidate.descriptor), elites[candidate.descriptor] == nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .elites, in: container,
                    debugDescription: "elite in cell \(candidate.descriptor) is outside the space or repeats a cell")
            }
            elites[candidate.descriptor] = candidate
        }
        self.elites = elites
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(space, forKey: .space)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(eliteList, forKey: .elites)
        try container.encode(counters, forKey: .counters)
    }
}
