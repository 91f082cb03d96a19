import Foundation

/// One model call's tokens, and when it was made.
public struct TokenSpend: Sendable, Hashable, Codable {
    /// When the call was made.
    public var at: Date
    /// Its tokens, input and output.
    public var tokens: Int

    /// Creates a spend.
    public init(at: Date, tokens: Int) {
        self.at = at
        self.tokens = tokens
    }
}

/// Where the agent's model spend is kept, so its hourly and daily budgets hold across restarts: a crash-looping
/// server, or a new process on the same store, starts with what was already spent, not with a full budget. Both
/// built-in audit stores keep it.
public protocol TokenSpendStore: Sendable {
    /// Records one model call's tokens (and forgets spends older than two days).
    /// - Throws: when the store cannot be written.
    func recordTokenSpend(_ spend: TokenSpend) async throws
    /// The spends made at or after `date`, oldest first.
    /// - Throws: when the store cannot be read.
    func tokenSpends(since date: Date) async throws -> [TokenSpend]
}
