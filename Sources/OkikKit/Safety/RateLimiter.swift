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
        acquire(all: [package])
    }

    /// Takes the tokens of every call at once (one per call from its package's bucket and the overall one), or none
    /// and says when to retry: an approved plan reserves all its steps before the first runs, so a limit never
    /// leaves it half-applied. A plan with more calls than a bucket holds needs that bucket full.
    public func acquire(all packages: [ToolPackage]) -> Verdict {
        let now = clock.now
        var uses: [String: (bucket: RateLimitConfiguration.Bucket, calls: Int)] = [:]
        for package in packages {
            if let bucket = configuration.perPackage[package] { uses[package.rawValue, default: (bucket, 0)].calls += 1 }
            if let overall = configuration.overall { uses["overall", default: (overall, 0)].calls += 1 }
        }
        var refilled: [String: (state: State, wanted: Double)] = [:]
        for (key, use) in uses.sorted(by: { $0.key < $1.key }) {
            var state = buckets[key] ?? State(tokens: Double(use.bucket.capacity), updated: now)
            let elapsed = max(0, now.timeIntervalSince(state.updated))
            state.tokens = min(Double(use.bucket.capacity), state.tokens + elapsed * use.bucket.refillPerMinute / 60)
            state.updated = now
            let wanted = Double(min(use.calls, max(1, use.bucket.capacity)))
            refilled[key] = (state, wanted)
            if state.tokens < wanted {
                for (key, entry) in refilled { buckets[key] = entry.state }
                let perSecond = use.bucket.refillPerMinute / 60
                let wait = perSecond > 0 ? (wanted - state.tokens) / perSecond : 86_400
                return .limited(scope: key, retryAfter: .interval(wait))
            }
        }
        for (key, entry) in refilled {
            var state = entry.state
            state.tokens -= entry.wanted
            buckets[key] = state
        }
        return .allowed
    }
}
