import Foundation
import OkikKit
import Testing

/// ``SafetyControls/changes()`` reports every change made through the controls and every newer record a refresh reads.
@Suite("SafetyControls changes")
struct SafetyControlsChangesTests {
    @Test func everyChangeAndANewerRecordFromAnotherProcessIsReported() async throws {
        let shared = InMemoryControlStateStore()
        let here = SafetyControls(configuration: .default, store: InMemoryAuditStore(), stateStore: shared)
        let there = SafetyControls(configuration: .default, store: InMemoryAuditStore(), stateStore: shared)
        try await here.restore()
        try await there.restore()
        var changes = await here.changes().makeAsyncIterator()
        try await here.engageEmergencyStop(by: operatorHuman, reason: "drill")
        try await here.setLevel(.l1, by: operatorHuman)
        try await there.setAutomation(enabled: false, by: operatorHuman)
        try await here.refresh()
        try await here.refresh()  // nothing newer: nothing reported
        try await here.liftEmergencyStop(by: operatorHuman)
        var seen: [ControlState] = []
        for _ in 0..<4 { if let state = await changes.next() { seen.append(state) } }
        #expect(seen.map(\.version) == [2, 3, 4, 5])
        #expect(seen[0].emergencyStop)
        #expect(seen[1].level == .l1)
        #expect(!seen[2].automationEnabled)
        #expect(!seen[3].emergencyStop)
    }
}
