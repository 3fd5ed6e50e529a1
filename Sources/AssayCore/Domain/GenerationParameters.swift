/// Sampling parameters sent with every request of a suite.
public struct GenerationParameters: Codable, Hashable, Sendable {
    public var maxTokens: Int
    public var temperature: Double
    public var topP: Double?
    public var stop: [String]
    /// Seed passed to the backend where it supports one; derived per sample by the engine.
    public var seed: Int?

    public init(maxTokens: Int = 256, temperature: Double = 0, topP: Double? = nil, stop: [String] = [], seed: Int? = nil) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey {
        case maxTokens = "max_tokens", temperature, topP = "top_p", stop, seed
    }
}
