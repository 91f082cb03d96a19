import Foundation

/// One turn at a time per chat session across the server's requests: each request resumes its own `ChatSession`
/// from the store, so two turns on one session (a double click, a client's retry after a timeout) would both run the
/// model and its tool calls, each with its own one-write-per-workload pass, and the second would then fail to save.
/// A session busy for longer than `lease` (a stream whose body never ran) is taken over.
actor ChatTurnGate {
    private var running: [UUID: ContinuousClock.Instant] = [:]
    private let lease: Duration

    init(lease: Duration = .seconds(900)) {
        self.lease = lease
    }

    /// Marks a turn on `session` as running; false when one already runs (within the lease).
    func begin(_ session: UUID) -> Bool {
        let now = ContinuousClock.now
        if let started = running[session], now - started < lease { return false }
        running[session] = now
        return true
    }

    /// Marks the turn on `session` as done.
    func end(_ session: UUID) {
        running[session] = nil
    }
}
