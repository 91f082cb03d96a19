import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// ``OkikServerClient`` over a real socket against a server over the simulator: typed answers, the server's errors
/// as ``OkikServerError``, and both streams.
@Suite("OkikServerClient", .serialized)
struct OkikServerClientTests {
    static func client(_ server: ServerFixture, as role: AccessRole?) throws -> OkikServerClient {
        let port = try #require(server.client.port)
        return OkikServerClient(baseURL: "http://127.0.0.1:\(port)/", token: role.map { ServerFixture.tokens[$0]! })
    }

    @Test func approvingAndReadingTheAuditThroughTheClient() async throws {
        try await ServerFixture.run(testing: .live) { server in
            let viewer = try Self.client(server, as: .viewer)
            #expect(try await viewer.health().status == "ok")
            let (plan, _, _) = try await server.queueScale()
            #expect(try await viewer.pendingPlans().plans.map(\.id) == [plan.id])
            #expect(try await viewer.status().pendingPlans == 1)

            let decided = try await Self.client(server, as: .approver).approve(plan: plan.id)
            #expect(decided.ranNow)
            #expect(decided.plan.decidedBy == "human:anna")
            let calls = try await viewer.toolCalls(ToolCallQuery(tool: "scale_deployment", decision: .execute))
            let ran = try #require(calls.calls.first)
            #expect(try await viewer.action(ran.callID).action.status == .succeeded)
            #expect(try await viewer.plan(plan.id).plan.state == .executed)
            #expect(try await viewer.plans(state: .executed).plans.map(\.id) == [plan.id])
            #expect(try await viewer.auditStats(since: Date(timeIntervalSince1970: 0)).stats.plans[.executed] == 1)
            #expect(try await viewer.toolUsage().tools.contains { $0.tool == "scale_deployment" })

            let admin = try Self.client(server, as: .admin)
            #expect(try await admin.setAutonomy(level: .l3).level == "L3")
            #expect(try await admin.emergencyStop(engaged: true, reason: "drill").emergencyStop)
            #expect(try await admin.emergencyStop(engaged: nil).emergencyStop, "nil engages, never lifts")
            #expect(try await admin.emergencyStop(engaged: false).emergencyStop == false)
            let report = try await Self.client(server, as: .operator).optimise(OptimiseRequest(category: "availability"))
            #expect(report.schema == OptimizationReport.schemaVersion)
        }
    }

    @Test func theServersErrorsArriveTyped() async throws {
        try await ServerFixture.run(testing: .live) { server in
            let viewer = try Self.client(server, as: .viewer)
            let forbidden = await #expect(throws: OkikServerError.self) {
                try await viewer.setAutonomy(level: .l4)
            }
            #expect(forbidden?.status == 403)
            #expect(forbidden?.body?.error == "forbidden")
            #expect(forbidden?.description.hasPrefix("PUT /autonomy: 403 forbidden") == true)

            let missing = await #expect(throws: OkikServerError.self) { try await viewer.plan(UUID()) }
            #expect(missing?.status == 404)

            let anonymous = await #expect(throws: OkikServerError.self) {
                try await Self.client(server, as: nil).status()
            }
            #expect(anonymous?.status == 401)

            let nobody = OkikServerClient(baseURL: "http://127.0.0.1:1", token: "x", timeout: .seconds(5))
            let unreachable = await #expect(throws: OkikServerError.self) { try await nobody.health() }
            #expect(unreachable?.status == nil)
            #expect(unreachable?.description.contains("cannot be reached") == true)
        }
    }

    @Test func bothStreamsArriveAsTypedEvents() async throws {
        let model = ScriptedChatModel { _, _ in .text("Everything runs.") }
        try await ServerFixture.run(model: model, keepAlive: .milliseconds(50), testing: .live) { server in
            var kinds: [String] = []
            for try await event in try Self.client(server, as: .operator).chatStream("What runs?") {
                kinds.append(event.kind)
            }
            #expect(kinds.first == "session")
            #expect(kinds.last == "done")
            #expect(kinds.contains("text"))

            let pod = ResourceRef(kind: "Pod", namespace: "shop", name: "web-1")
            let held = Recommendation(
                id: UUID(), createdAt: Date(), rule: "oom-killed", incident: "oom-killed/shop/web", severity: .high,
                subject: pod, pod: pod, container: "web", message: "OOM", evidence: [:], recommendation: "more memory",
                proposedCalls: [], action: nil)
            await server.runtime.watchdog.feed.append(held)
            var received: [Recommendation] = []
            // An id the feed does not hold replays what it holds; count ends the stream.
            for try await recommendation in try Self.client(server, as: .viewer)
                .recommendationStream(count: 1, lastEventID: UUID())
            {
                received.append(recommendation)
            }
            #expect(received.map(\.id) == [held.id])

            let refused = await #expect(throws: OkikServerError.self) {
                for try await _ in try Self.client(server, as: nil).recommendationStream(count: 1) {}
            }
            #expect(refused?.status == 401)
        }
    }
}
