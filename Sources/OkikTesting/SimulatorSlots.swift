import Foundation
import Synchronization

/// Bounds how many simulators the tests run at once. Swift Testing starts every test of the package together, and on
/// a small machine hundreds of simulators with their listeners, watches and connections would hold well over a
/// thousand descriptors, where Foundation's `Process.run()` on Linux (Swift 6.3) over-reads its `/proc/self/fd` scan
/// and crashes the test process. Best effort: a test that waits longer than the patience goes ahead anyway, so a
/// test that holds two simulators at once (or forgets to stop one) can only slow the others down, never hang them.
public actor SimulatorSlots {
    /// The slots every simulator of the test process takes (``SimulatedCluster``, ``withSimulator``).
    public static let shared = SimulatorSlots(slots: 12, patience: .seconds(20))

    /// One simulator's hold on a slot; released once, however often ``release()`` is called.
    public final class Slot: Sendable {
        private let owner: SimulatorSlots
        private let released = Mutex(false)

        fileprivate init(owner: SimulatorSlots) { self.owner = owner }

        /// Gives the slot back.
        public func release() async {
            guard !released.withLock({ old in defer { old = true }; return old }) else { return }
            await owner.giveBack()
        }
    }

    private let slots: Int
    private let patience: Duration
    private var inUse = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var order: [UUID] = []

    /// Creates a limiter of `slots` that waits at most `patience` for one.
    public init(slots: Int, patience: Duration) {
        self.slots = slots
        self.patience = patience
    }

    /// Takes a slot, waiting for one (at most the patience).
    public func acquire() async -> Slot {
        if inUse < slots {
            inUse += 1
            return Slot(owner: self)
        }
        let id = UUID()
        let patience = patience
        Task { [weak self] in
            try? await Task.sleep(for: patience)
            await self?.stopWaiting(id)
        }
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            order.append(id)
        }
        return Slot(owner: self)
    }

    private func stopWaiting(_ id: UUID) {
        guard let continuation = waiters.removeValue(forKey: id) else { return }
        order.removeAll { $0 == id }
        inUse += 1
        continuation.resume()
    }

    fileprivate func giveBack() {
        inUse -= 1
        while inUse < slots, let id = order.first {
            order.removeFirst()
            guard let continuation = waiters.removeValue(forKey: id) else { continue }
            inUse += 1
            continuation.resume()
        }
    }
}
