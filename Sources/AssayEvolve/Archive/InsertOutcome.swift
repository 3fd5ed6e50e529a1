/// What ``Archive/insert(_:parent:)`` did with a candidate.
public enum InsertOutcome: Codable, Hashable, Sendable {
    /// The candidate filled an empty cell.
    case newCell
    /// The candidate beat the cell's elite, whose fitness was `previousFitness`, and replaced it.
    case replacedElite(previousFitness: Double)
    /// The cell's elite has the same or a higher fitness (ties keep the incumbent).
    case rejectedWorse
    /// The candidate's text is a near-duplicate of the parent or of the cell's elite, whose item id is given.
    case rejectedNearDuplicate(of: String)
    /// The candidate's descriptor is not a cell of the archive's space.
    case rejectedOutOfSpace
    /// The candidate has no (finite) fitness: it was not judged or the judge abstained.
    case rejectedUnjudged

    /// Whether the candidate became the elite of its cell.
    public var isAccepted: Bool {
        switch self {
        case .newCell, .replacedElite: true
        case .rejectedWorse, .rejectedNearDuplicate, .rejectedOutOfSpace, .rejectedUnjudged: false
        }
    }
}
