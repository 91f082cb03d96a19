import Foundation
import Synchronization
import Testing

@testable import OkikServer

/// A follower slot or a chat turn is given back exactly once: when the response ends it, or when the response is
/// dropped with a body that never ran (the client left before the head was written), which left slots taken for ever.
@Suite("Leases")
struct LeaseTests {
    @Test func aLeaseIsGivenBackOnceWhetherReleasedOrDropped() {
        let given = Mutex(0)
        do {
            let lease = Lease { given.withLock { $0 += 1 } }
            lease.release()
            lease.release()
        }
        #expect(given.withLock { $0 } == 1)
        do {
            _ = Lease { given.withLock { $0 += 1 } }
        }
        #expect(given.withLock { $0 } == 2, "a dropped lease gives itself back")
    }

    @Test func aTurnsEndNeverEndsALaterTurn() async {
        let gate = ChatTurnGate()
        let session = UUID()
        guard let first = await gate.begin(session) else {
            Issue.record("a free session's turn was refused")
            return
        }
        #expect(await gate.begin(session) == nil)
        await gate.end(session, turn: first)
        let second = await gate.begin(session)
        #expect(second != nil)
        // The first turn's late end (its lease, dropped after the fact) leaves the second running.
        await gate.end(session, turn: first)
        #expect(await gate.begin(session) == nil)
    }
}
