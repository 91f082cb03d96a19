/// How a chat session talks to the model: how much it may do and send in one turn.
public struct ChatConfiguration: Sendable, Hashable {
    /// Most tool calls in one turn (default 8); later calls are answered "not run".
    public var maxToolCallsPerTurn: Int
    /// Most model calls in one turn (default 6), so a model that keeps calling tools cannot loop.
    public var maxModelCallsPerTurn: Int
    /// Most characters of one tool result sent back to the model (default 6,000; truncation is marked).
    public var maxToolResultCharacters: Int
    /// Bound on the earlier turns sent with each request, in estimated tokens (default 12,000); the oldest turns
    /// beyond it are left out, and the request says so.
    public var historyTokens: Int
    /// Bound on the cluster summary sent with each request, in estimated tokens (default 2,000).
    public var contextTokens: Int
    /// Sampling temperature (default 0.2).
    public var temperature: Double

    /// Creates a configuration; every argument has the documented default.
    public init(
        maxToolCallsPerTurn: Int = 8, maxModelCallsPerTurn: Int = 6, maxToolResultCharacters: Int = 6_000,
        historyTokens: Int = 12_000, contextTokens: Int = 2_000, temperature: Double = 0.2
    ) {
        self.maxToolCallsPerTurn = maxToolCallsPerTurn
        self.maxModelCallsPerTurn = maxModelCallsPerTurn
        self.maxToolResultCharacters = maxToolResultCharacters
        self.historyTokens = historyTokens
        self.contextTokens = contextTokens
        self.temperature = temperature
    }
}
