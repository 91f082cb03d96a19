import Foundation

/// Hard limits on what the agent may spend on a model, per tick, per hour and per day; nil means no limit.
public struct TokenBudgetLimits: Sendable, Hashable, Codable {
    /// Input tokens of the context built for one tick (default 8,000, whatever the cluster's size).
    public var contextTokens: Int
    /// Tokens (input and output) of all model calls in one tick (default 40,000).
    public var perTick: Int?
    /// Tokens in any rolling hour (default 200,000).
    public var perHour: Int?
    /// Tokens in any rolling day (default 2,000,000).
    public var perDay: Int?

    /// Creates limits.
    public init(contextTokens: Int = 8_000, perTick: Int? = 40_000, perHour: Int? = 200_000, perDay: Int? = 2_000_000) {
        self.contextTokens = contextTokens
        self.perTick = perTick
        self.perHour = perHour
        self.perDay = perDay
    }
}

/// What the agent has spent, and whether it may spend more: a ledger of model calls over a rolling day.
public struct TokenBudget: Sendable, Hashable {
    /// One model call's cost.
    struct Spend: Sendable, Hashable {
        var at: Date
        var tokens: Int
    }

    /// The limits.
    public var limits: TokenBudgetLimits
    private var spends: [Spend] = []
    private var tickSpent = 0

    /// Creates an empty budget.
    public init(limits: TokenBudgetLimits = TokenBudgetLimits()) {
        self.limits = limits
    }

    /// Adds spends recorded before (by an earlier process on the same store), so a restart keeps what the last day
    /// spent; those older than a day are left out.
    public mutating func restore(_ earlier: [TokenSpend], at now: Date) {
        spends += earlier.filter { now.timeIntervalSince($0.at) <= 86_400 }.map { Spend(at: $0.at, tokens: $0.tokens) }
        spends.sort { $0.at < $1.at }
    }

    /// Starts a new tick: the per-tick count starts again.
    public mutating func startTick() { tickSpent = 0 }

    /// Records a model call's tokens; `inTick: false` (a chat's call) counts toward the hour and the day only.
    public mutating func record(_ tokens: Int, at now: Date, inTick: Bool = true) {
        spends.append(Spend(at: now, tokens: tokens))
        if inTick { tickSpent += tokens }
        spends.removeAll { now.timeIntervalSince($0.at) > 86_400 }
    }

    /// Tokens spent in the rolling window ending `now`.
    public func spent(inLast seconds: Double, at now: Date) -> Int {
        spends.filter { now.timeIntervalSince($0.at) < seconds }.reduce(0) { $0 + $1.tokens }
    }

    /// Tokens spent in this tick.
    public var spentThisTick: Int { tickSpent }

    /// Why a call of about `tokens` may not be made now, or nil when it may: the limit it would pass and when the
    /// budget refills enough. `inTick: false` (a chat's call) checks the hour and the day only.
    public func refusal(for tokens: Int, at now: Date, inTick: Bool = true) -> BudgetRefusal? {
        if inTick, let perTick = limits.perTick, tickSpent + tokens > perTick {
            return BudgetRefusal(window: "tick", limit: perTick, spent: tickSpent, refillsAt: nil)
        }
        for (window, seconds, limit) in [("hour", 3600.0, limits.perHour), ("day", 86_400.0, limits.perDay)] {
            guard let limit else { continue }
            let inWindow = spends.filter { now.timeIntervalSince($0.at) < seconds }
            let spent = inWindow.reduce(0) { $0 + $1.tokens }
            guard spent + tokens > limit else { continue }
            // Refills when enough of the oldest spends leave the window.
            var remaining = spent + tokens - limit
            var refill = now
            for spend in inWindow.sorted(by: { $0.at < $1.at }) {
                remaining -= spend.tokens
                refill = spend.at.addingTimeInterval(seconds)
                if remaining <= 0 { break }
            }
            return BudgetRefusal(window: window, limit: limit, spent: spent, refillsAt: refill)
        }
        return nil
    }
}

/// Why the budget refused a model call.
public struct BudgetRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// `tick`, `hour` or `day`.
    public var window: String
    /// The limit of that window.
    public var limit: Int
    /// What was spent in it.
    public var spent: Int
    /// When enough of it is spent long enough ago to allow the call; nil for the tick (the next tick).
    public var refillsAt: Date?

    /// `the hourly token budget (200000) is spent: 199500 used; it refills at ...`.
    public var description: String {
        let name = window == "tick" ? "per-tick" : window == "hour" ? "hourly" : "daily"
        let when = refillsAt.map { "; it refills at \(Timestamp($0).rfc3339)" } ?? "; the next tick starts afresh"
        return "the \(name) token budget (\(limit)) is spent: \(spent) used\(when)"
    }
}
