import Foundation

/// The source of wall time for expiry, rate limits and audit timestamps; injected so tests drive time.
///
/// Wall time (`Date`) rather than a `Clock` instant because plans and audit rows persist across restarts.
public protocol WallClock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The system clock.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}
    /// `Date()`.
    public var now: Date { Date() }
}

/// A clock that moves only when told to, for tests and simulations.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Creates a clock at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = start }

    /// The current (manual) time.
    public var now: Date { lock.withLock { current } }

    /// Moves time forward.
    public func advance(by duration: Duration) {
        lock.withLock { current = current.addingTimeInterval(duration.timeInterval) }
    }

    /// Sets the time.
    public func set(_ date: Date) { lock.withLock { current = date } }
}

extension Duration {
    /// The duration in seconds as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }

    /// A duration from seconds.
    static func interval(_ seconds: TimeInterval) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
    }
}

/// A clock read through a closure, such as a simulated cluster's virtual clock: `ClosureWallClock { simulator.clock.now }`.
public struct ClosureWallClock: WallClock {
    private let read: @Sendable () -> Date

    /// Creates a clock that asks `now` for the time.
    public init(_ now: @escaping @Sendable () -> Date) { read = now }

    /// The closure's answer.
    public var now: Date { read() }
}
