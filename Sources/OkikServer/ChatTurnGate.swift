import Foundation

/// One turn at a time per chat session across the server's requests: each request resumes its own `ChatSession`
/// from the store, so two turns on one session (a double click, a client's retry after a timeout) would both run the
/// model and its tool calls, each with its own one-write-per-workload pass, and the second would then fail to save.
/// A session busy for longer than `lease` (a stream whose body never ran) is taken over.
actor ChatTurnGate {
    private var running: [UUID: (turn: UUID, started: ContinuousClock.Instant)] = [:]
    private let lease: Duration

    init(lease: Duration = .seconds(900)) {
        self.lease = lease
    }

    /// Marks a turn on `session` as running and answers its id; nil when one already runs (within the lease).
    func begin(_ session: UUID) -> UUID? {
        let now = ContinuousClock.now
        if let running = running[session], now - running.started < lease { return nil }
        let turn = UUID()
        running[session] = (turn, now)
        return turn
    }

    /// Marks the turn `turn` on `session` as done (a later turn's mark stays).
    func end(_ session: UUID, turn: UUID) {
        if running[session]?.turn == turn { running[session] = nil }
    }
}
