/// Measurements a scorer needs beyond the generated response.
public struct ScorerNeeds: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ``Sample/targetLogLikelihood``: log-likelihood of the reference answer.
    public static let targetLogLikelihood = ScorerNeeds(rawValue: 1 << 0)
    /// ``Sample/choiceLogLikelihoods``: log-likelihood of each option of a multiple-choice item.
    public static let choiceLogLikelihoods = ScorerNeeds(rawValue: 1 << 1)
    /// A judge model call.
    public static let judge = ScorerNeeds(rawValue: 1 << 2)
}
