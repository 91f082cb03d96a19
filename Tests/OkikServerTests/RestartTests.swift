import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// A server started again on the same database comes back with the switches a person set and the plans that wait,
/// whatever its start flags say.
@Suite("Restart", .serialized)
struct RestartTests {
    @Test func theSwitchesAndPendingPlansSurviveARestartOnTheSameDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = OkikRuntimeConfiguration.AuditStorage.sqlite(path: directory.appendingPathComponent("audit.sqlite").path)

        try await ServerFixture.run(level: .l1, audit: database) { server in
            _ = try await server.queueScale()
            #expect(try await server.send(.put, "/autonomy", as: .admin, json: #"{"level":"L3","enabled":false}"#).status == .ok)
            let stop = try await server.send(.post, "/emergency-stop", as: .admin, json: #"{"enabled":true,"reason":"drill"}"#)
            #expect(stop.status == .ok)
        }

        // Started with another level: the stored control state wins.
        try await ServerFixture.run(level: .l0, audit: database) { server in
            let status = try ServerFixture.decode(StatusResponse.self, try await server.send(.get, "/status", as: .viewer))
            #expect(status.level == "L3")
            #expect(!status.automation)
            #expect(status.emergencyStop)
            #expect(status.emergencyStopReason == "drill")
            #expect(status.changedBy == "human:adam")
            #expect(status.pendingPlans == 1)
            let plans = try ServerFixture.decode(PlansResponse.self, try await server.send(.get, "/actions", as: .viewer))
            #expect(plans.plans.first?.steps.first?.invocation.tool == "scale_deployment")
            // The stop still holds after the restart: approving waits.
            let approve = try await server.send(.post, "/actions/approve/\(plans.plans[0].id)", as: .approver)
            #expect(approve.status == .conflict)
        }
    }

    @Test func aLevelSetOnAnotherServerOfTheSameDatabaseIsReadBeforeAChange() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = OkikRuntimeConfiguration.AuditStorage.sqlite(path: directory.appendingPathComponent("audit.sqlite").path)

        try await ServerFixture.run(level: .l2, audit: database) { first in
            try await ServerFixture.run(level: .l2, audit: database) { second in
                // The second server raises the level; the first still holds L2 in memory.
                #expect(try await second.send(.put, "/autonomy", as: .admin, json: #"{"level":"L4"}"#).status == .ok)
                // A person asks the first for L2: it must not take its stale L2 for "nothing to change".
                let lowered = try await first.send(.put, "/autonomy", as: .admin, json: #"{"level":"L2"}"#)
                #expect(lowered.status == .ok)
                let status = try ServerFixture.decode(StatusResponse.self, try await second.send(.get, "/status", as: .viewer))
                #expect(status.level == "L2")
            }
        }
    }
}
