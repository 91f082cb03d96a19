import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// The audit's read routes over a real queued-then-approved write: /tools/calls, /audit/actions/{id},
/// /audit/tools and /audit/stats, with their query parameters and 400s.
@Suite("Audit routes", .serialized)
struct AuditRouteTests {
    @Test func aQueuedThenApprovedCallShowsInEveryAuditView() async throws {
        try await ServerFixture.run { server in
            let (plan, _, _) = try await server.queueScale()
            #expect(try await server.send(.post, "/actions/approve/\(plan.id)", as: .approver).status == .ok)

            let calls = try ServerFixture.decode(
                ToolCallsResponse.self, try await server.send(.get, "/tools/calls?tool=scale_deployment", as: .viewer))
            let queued = try #require(calls.calls.first { $0.decision == .requireApproval })
            #expect(queued.actor == "agent:server-test")
            #expect(queued.status == nil)
            #expect(queued.planID == plan.id)
            let ran = try #require(calls.calls.first { $0.decision == .execute })
            #expect(ran.actor == "human:anna")
            #expect(ran.status == .succeeded)
            #expect(ran.decidedAt >= queued.decidedAt)

            let onlyQueued = try ServerFixture.decode(
                ToolCallsResponse.self, try await server.send(.get, "/tools/calls?decision=requireApproval", as: .viewer))
            #expect(!onlyQueued.calls.isEmpty)
            #expect(onlyQueued.calls.allSatisfy { $0.decision == .requireApproval })

            let detail = try ServerFixture.decode(
                ActionDetailResponse.self, try await server.send(.get, "/audit/actions/\(ran.callID)", as: .viewer))
            #expect(detail.action.callID == ran.callID)
            #expect(detail.action.status == .succeeded)
            #expect(detail.history.map(\.kind) == [.decision, .intent, .outcome])

            let usage = try ServerFixture.decode(
                ToolUsageResponse.self, try await server.send(.get, "/audit/tools?since=1h", as: .viewer))
            let scale = try #require(usage.tools.first { $0.tool == "scale_deployment" })
            #expect(scale.queued == 1)
            #expect(scale.executed == 1)
            #expect(scale.succeeded == 1)
            #expect(usage.since != nil)

            let response = try await server.send(.get, "/audit/stats", as: .viewer)
            let stats = try ServerFixture.decode(AuditStatsResponse.self, response)
            #expect(stats.stats.plans[.executed] == 1)
            #expect(stats.stats.decisions[.requireApproval] == 1)
            // Keyed objects, not Swift's alternating key/value arrays.
            let raw = try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let plans = (raw["stats"] as? [String: Any])?["plans"] as? [String: Int]
            #expect(plans?["executed"] == 1)
        }
    }

    @Test func anUnknownOrMalformedActionIdIsA404() async throws {
        try await ServerFixture.run { server in
            for id in [UUID().uuidString, "not-a-uuid"] {
                let response = try await server.send(.get, "/audit/actions/\(id)", as: .viewer)
                #expect(response.status == .notFound)
                #expect(try ServerFixture.decode(APIErrorBody.self, response).message == "no action \(id)")
            }
        }
    }

    @Test(arguments: [
        ("/audit/stats?since=yesterday", "since"),
        ("/audit/tools?since=-5h", "since"),
        ("/tools/calls?decision=maybe", "decision"),
        ("/tools/calls?limit=0", "limit"),
    ])
    func aBadQueryParameterIsA400NamingIt(path: String, field: String) async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.get, path, as: .viewer)
            #expect(response.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, response).field == field)
        }
    }

    @Test func sinceTakesAnRFC3339Time() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.get, "/audit/stats?since=2026-01-02T03:04:05Z", as: .viewer)
            #expect(response.status == .ok)
            let body = try ServerFixture.decode(AuditStatsResponse.self, response)
            #expect(body.since == Date(timeIntervalSince1970: 1_767_323_045))
        }
    }
}
