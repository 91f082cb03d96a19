import Foundation
import Synchronization

/// The time the simulated cluster runs on: the wall clock, or a virtual clock that only moves when told to,
/// so tests step the controllers deterministically.
///
/// ```swift
/// let clock = SimulationClock.virtual()
/// clock.advance(by: .seconds(30))
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

    /// Moves the clock forward: a virtual clock by exactly `duration`, a real-time clock by fast-forwarding (it keeps
    /// running from the later time). Controllers catch up through ``ClusterRuntime/advance(by:)``, which calls this
    /// step by step.
    public func advance(by duration: Duration) {
        let seconds = max(0, duration.timeInterval)
        mode.withLock { mode in
            switch mode {
            case .virtual(let date): mode = .virtual(date.addingTimeInterval(seconds))
            case .realTime(let offset): mode = .realTime(offset: offset + seconds)
            }
        }
    }

    /// Moves the clock to `date` when that is later than now.
    func advance(to date: Date) {
        mode.withLock { mode in
            switch mode {
            case .virtual(let current):
                if date > current { mode = .virtual(date) }
            case .realTime(let offset):
                let current = Date().addingTimeInterval(offset)
                if date > current { mode = .realTime(offset: offset + date.timeIntervalSince(current)) }
            }
        }
    }
}
