import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// The routes against a runtime over a simulated cluster: approvals that write, the emergency stop, the level, and
/// the JSON errors.
@Suite("Routes over the simulator", .serialized)
struct LiveRouteTests {
    @Test func approvingAQueuedPlanRunsItsWriteInTheSimulatorAsTheTokensPerson() async throws {
        try await ServerFixture.run { server in
            let (plan, deployment, replicas) = try await server.queueScale()
            let listed = try ServerFixture.decode(PlansResponse.self, try await server.send(.get, "/actions", as: .viewer))
            #expect(listed.plans.map(\.id) == [plan.id])
            let status = try ServerFixture.decode(StatusResponse.self, try await server.send(.get, "/status", as: .viewer))
            #expect(status.pendingPlans == 1)

            let response = try await server.send(.post, "/actions/approve/\(plan.id)", as: .approver)
            #expect(response.status == .ok)
            let decided = try ServerFixture.decode(PlanDecisionResponse.self, response)
            #expect(decided.ranNow)
            #expect(decided.plan.state == .executed)
            #expect(decided.plan.decidedBy == "human:anna")
            let live = try await server.cluster.client.namespaced(Deployment.self, in: .named(deployment.namespace ?? ""))
                .get(deployment.name)
            #expect(live.spec?.replicas == replicas)

            let after = try ServerFixture.decode(PlansResponse.self, try await server.send(.get, "/actions", as: .viewer))
            #expect(after.plans.isEmpty)
            let detail = try ServerFixture.decode(
                PlanDetailResponse.self, try await server.send(.get, "/audit/plans/\(plan.id)", as: .viewer))
            #expect(detail.plan.state == .executed)
            #expect(detail.history.contains { $0.actor == "human:anna" })
            let actions = try ServerFixture.decode(ActionsResponse.self, try await server.send(.get, "/audit/actions", as: .viewer))
            #expect(actions.actions.contains { $0.tool == "scale_deployment" && $0.actor == "human:anna" && $0.planID == plan.id })

            let again = try ServerFixture.decode(
                PlanDecisionResponse.self, try await server.send(.post, "/actions/approve/\(plan.id)", as: .admin))
            #expect(!again.ranNow)
        }
    }

    @Test func rejectingRecordsTheReasonAndThePersonAndWritesNothing() async throws {
        try await ServerFixture.run { server in
            let (plan, deployment, _) = try await server.queueScale()
            let response = try await server.send(
                .post, "/actions/reject/\(plan.id)", as: .approver, json: #"{"reason":"not during the sale"}"#)
            #expect(response.status == .ok)
            let decided = try ServerFixture.decode(PlanDecisionResponse.self, response)
            #expect(decided.plan.state == .rejected)
            #expect(decided.plan.decidedBy == "human:anna")
            #expect(decided.plan.reason == "not during the sale")
            let live = try await server.cluster.client.namespaced(Deployment.self, in: .named(deployment.namespace ?? ""))
                .get(deployment.name)
            #expect(live.spec?.replicas == deployment.spec?.replicas)
            // A second rejection changes nothing (the queue treats it as a repeat), and says so.
            let twice = try await server.send(.post, "/actions/reject/\(plan.id)", as: .admin, json: #"{"reason":"x"}"#)
            #expect(twice.status == .ok)
            let unchanged = try ServerFixture.decode(PlanDecisionResponse.self, twice)
            #expect(unchanged.plan.reason == "not during the sale")
            #expect(unchanged.plan.decidedBy == "human:anna")
            #expect(unchanged.message == "plan rejected: not during the sale")
        }
    }

    @Test func theEmergencyStopEngagesBlocksApprovalsAndLifts() async throws {
        try await ServerFixture.run { server in
            let (plan, _, _) = try await server.queueScale()
            let engaged = try await server.send(
                .post, "/emergency-stop", as: .admin, json: #"{"enabled":true,"reason":"incident 42"}"#)
            #expect(engaged.status == .ok)
            let stopped = try ServerFixture.decode(StatusResponse.self, engaged)
            #expect(stopped.emergencyStop)
            #expect(stopped.emergencyStopReason == "incident 42")
            #expect(stopped.changedBy == "human:adam")
            #expect(await server.runtime.executor.controls.current.emergencyStop)

            let blocked = try await server.send(.post, "/actions/approve/\(plan.id)", as: .approver)
            #expect(blocked.status == .conflict)
            #expect(try ServerFixture.decode(APIErrorBody.self, blocked).message.contains("emergency stop"))

            // No body engages it, whatever it was: a repeated or doubled request never lifts the stop.
            let again = try ServerFixture.decode(StatusResponse.self, try await server.send(.post, "/emergency-stop", as: .admin))
            #expect(again.emergencyStop)
            #expect(await server.runtime.executor.controls.current.emergencyStop)
            // Only an explicit false lifts it.
            let lifted = try ServerFixture.decode(
                StatusResponse.self, try await server.send(.post, "/emergency-stop", as: .admin, json: #"{"enabled":false}"#))
            #expect(!lifted.emergencyStop)
            #expect(await !server.runtime.executor.controls.current.emergencyStop)
            let approved = try await server.send(.post, "/actions/approve/\(plan.id)", as: .approver)
            #expect(approved.status == .ok)
        }
    }

    @Test func puttingAutonomyChangesTheLevelAndAutomationAsTheAdmin() async throws {
        try await ServerFixture.run { server in
            let before = try ServerFixture.decode(ToolsResponse.self, try await server.send(.get, "/tools", as: .viewer))
            #expect(before.level == "L1")
            #expect(before.tools.first { $0.name == "scale_deployment" }?.runsWithoutApproval == false)

            let response = try await server.send(.put, "/autonomy", as: .admin, json: #"{"level":"L3","enabled":false}"#)
            #expect(response.status == .ok)
            let status = try ServerFixture.decode(StatusResponse.self, response)
            #expect(status.level == "L3")
            #expect(!status.automation)
            #expect(status.changedBy == "human:adam")
            let state = await server.runtime.executor.controls.current
            #expect(state.level == .l3)
            #expect(!state.automationEnabled)

            let after = try ServerFixture.decode(ToolsResponse.self, try await server.send(.get, "/tools", as: .viewer))
            #expect(after.tools.first { $0.name == "scale_deployment" }?.runsWithoutApproval == true)
        }
    }

    @Test func anUnknownPlanIsA404WithAJSONBody() async throws {
        try await ServerFixture.run { server in
            let id = UUID()
            for (method, path, json) in [
                (HTTPRequest.Method.post, "/actions/approve/\(id)", nil),
                (.post, "/actions/reject/\(id)", #"{"reason":"no"}"#),
                (.get, "/audit/plans/\(id)", nil),
                (.post, "/actions/approve/not-a-uuid", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                let response = try await server.send(method, path, as: .admin, json: json)
                #expect(response.status == .notFound, "\(path)")
                let body = try ServerFixture.decode(APIErrorBody.self, response)
                #expect(body.error == "not_found")
                #expect(body.message.hasPrefix("no plan"))
            }
            let route = try await server.send(.get, "/no-such-route", as: .viewer)
            #expect(route.status == .notFound)
            #expect(try ServerFixture.decode(APIErrorBody.self, route).error == "not_found")
        }
    }

    @Test(arguments: [
        (#"{"level":"L9"}"#, "level", "not an autonomy level"),
        (#"{"enabled":true}"#, "level", "is required"),
        (#"{"level":true}"#, "level", "must be a string"),
        (#"{"level":"L2","enabled":"yes"}"#, "enabled", "true or false"),
        (#"{"level":"L2","mode":"fast"}"#, "mode", "unknown field"),
    ])
    func aBadAutonomyBodyIsA400NamingTheField(json: String, field: String, message: String) async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.put, "/autonomy", as: .admin, json: json)
            #expect(response.status == .badRequest)
            let body = try ServerFixture.decode(APIErrorBody.self, response)
            #expect(body.error == "bad_request")
            #expect(body.field == field)
            #expect(body.message.contains(message))
            #expect(await server.runtime.executor.controls.current.level == .l1)
        }
    }

    @Test func otherBadBodiesAre400s() async throws {
        try await ServerFixture.run { server in
            let (plan, _, _) = try await server.queueScale()
            let blank = try await server.send(.post, "/actions/reject/\(plan.id)", as: .approver, json: #"{"reason":"  "}"#)
            #expect(blank.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, blank).field == "reason")
            let extra = try await server.send(.post, "/actions/approve/\(plan.id)", as: .approver, json: #"{"force":true}"#)
            #expect(extra.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, extra).field == "force")
            let notJSON = try await server.send(.post, "/emergency-stop", as: .admin, json: "{enabled")
            #expect(notJSON.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, notJSON).message == "the body is not valid JSON")
            let limit = try await server.send(.get, "/audit/plans?limit=0", as: .viewer)
            #expect(limit.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, limit).field == "limit")
            #expect(try await server.runtime.executor.approvals.pending().map(\.id) == [plan.id])
        }
    }

    @Test func aBodyOver1MiBIsRefusedWith413() async throws {
        try await ServerFixture.run { server in
            let reason = String(repeating: "x", count: 1 << 20)
            let response = try await server.send(.put, "/autonomy", as: .admin, json: #"{"level":"L3","x":"\#(reason)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try ServerFixture.decode(APIErrorBody.self, response).error == "payload_too_large")
            #expect(await server.runtime.executor.controls.current.level == .l1)
        }
    }
}
