import Foundation
import Synchronization

/// The time the simulated cluster runs on: the wall clock, or a virtual clock that only moves when told to,
/// so tests step the controllers deterministically.
///
/// A real-time clock never runs ahead of the wall clock, so nothing the simulation writes is dated in the future
/// (clients compute ages and durations from these timestamps). To fast-forward one, start it in the past: fifteen
/// minutes of fast-forward then end at the present, and the clock runs on from there.
///
/// ```swift
/// let clock = SimulationClock.virtual()
/// clock.advance(by: .seconds(30))
/// let live = SimulationClock.realTime(startingAgo: .seconds(900))   // can fast-forward up to 15 minutes
/// ```
public final class SimulationClock: Sendable {
    private enum Mode: Sendable {
        /// Wall-clock time plus an offset (moved by fast-forwarding).
        case realTime(offset: TimeInterval)
        case virtual(Date)
    }

    private let mode: Mutex<Mode>

    private init(_ mode: Mode) {
        self.mode = Mutex(mode)
    }

    /// A clock that follows the system's wall-clock time.
    public static var realTime: SimulationClock { SimulationClock(.realTime(offset: 0)) }

    /// A clock that follows the wall clock but starts `duration` in the past, so it can be fast-forwarded by up to
    /// `duration` (``ClusterRuntime/advance(by:)``) without passing the present.
    public static func realTime(startingAgo duration: Duration) -> SimulationClock {
        SimulationClock(.realTime(offset: -max(0, duration.timeInterval)))
    }

    /// A virtual clock starting at `start` (by default 2026-01-01T00:00:00Z, so runs are repeatable).
    public static func virtual(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) -> SimulationClock {
        SimulationClock(.virtual(start))
    }

    /// Whether the clock is virtual (moves only through ``advance(by:)``).
    public var isVirtual: Bool {
        mode.withLock { mode in
            if case .virtual = mode { return true }
            return false
        }
    }

    /// The current simulated time.
    public var now: Date {
        mode.withLock { mode in
            switch mode {
            case .realTime(let offset): Date().addingTimeInterval(offset)
            case .virtual(let date): date
            }
        }
    }

    /// How far a real-time clock runs behind the wall clock, which is how far it can still be fast-forwarded; nil
    /// for a virtual clock, which has no such limit.
    public var lag: Duration? {
        mode.withLock { mode in
            switch mode {
            case .realTime(let offset): .seconds(max(0, -offset))
            case .virtual: nil
            }
        }
    }

    /// Moves the clock forward: a virtual clock by exactly `duration`, a real-time clock by fast-forwarding, at most
    /// to the wall clock (it keeps running from the later time). Controllers catch up through
    /// ``ClusterRuntime/advance(by:)``, which calls this step by step.
    public func advance(by duration: Duration) {
        let seconds = max(0, duration.timeInterval)
        mode.withLock { mode in
            switch mode {
            case .virtual(let date): mode = .virtual(date.addingTimeInterval(seconds))
            case .realTime(let offset): mode = .realTime(offset: min(0, offset + seconds))
            }
        }
    }

    /// Moves the clock to `date` when that is later than now (a real-time clock at most to the wall clock).
    func advance(to date: Date) {
        mode.withLock { mode in
            switch mode {
            case .virtual(let current):
                if date > current { mode = .virtual(date) }
            case .realTime(let offset):
                let wall = Date()
                let current = wall.addingTimeInterval(offset)
                if date > current { mode = .realTime(offset: min(0, offset + date.timeIntervalSince(current))) }
            }
        }
    }

    /// `date`, or the wall clock's present if a real-time clock could not reach `date` without passing it.
    func reachable(_ date: Date) -> Date {
        guard !isVirtual else { return date }
        return min(date, Date())
    }
}
