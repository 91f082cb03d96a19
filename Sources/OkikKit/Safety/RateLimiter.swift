import Foundation

/// Token buckets per package and overall, on an injected clock; a call takes one token from each bucket it uses.
public actor RateLimiter {
    /// The answer for one call.
    public enum Verdict: Sendable, Hashable {
        /// Tokens were taken.
        case allowed
        /// A bucket is empty: retry after the duration.
        case limited(scope: String, retryAfter: Duration)
    }

    private struct State {
        var tokens: Double
        var updated: Date
    }

    private let configuration: RateLimitConfiguration
    private let clock: any WallClock
    private var buckets: [String: State] = [:]

    /// Creates a limiter with full buckets.
    public init(configuration: RateLimitConfiguration, clock: any WallClock = SystemWallClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Takes a token for a call of `package` from its bucket and the overall one, or says when to retry.
    public func acquire(_ package: ToolPackage) -> Verdict {
        let now = clock.now
        var uses: [(String, RateLimitConfiguration.Bucket)] = []
        if let bucket = configuration.perPackage[package] { uses.append((package.rawValue, bucket)) }
        if let overall = configuration.overall { uses.append(("overall", overall)) }
        var refilled: [String: State] = [:]
        for (key, bucket) in uses {
            var state = buckets[key] ?? State(tokens: Double(bucket.capacity), updated: now)
            let elapsed = max(0, now.timeIntervalSince(state.updated))
            state.tokens = min(Double(bucket.capacity), state.tokens + elapsed * bucket.refillPerMinute / 60)
            state.updated = now
            refilled[key] = state
            if state.tokens < 1 {
                for (key, state) in refilled { buckets[key] = state }
                let perSecond = bucket.refillPerMinute / 60
                let wait = perSecond > 0 ? (1 - state.tokens) / perSecond : 86_400
                return .limited(scope: key, retryAfter: .interval(wait))
            }
        }
        for (key, var state) in refilled {
            state.tokens -= 1
            buckets[key] = state
        }
        return .allowed
    }
}
