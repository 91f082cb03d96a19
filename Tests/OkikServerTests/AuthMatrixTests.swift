import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import Testing

/// Every route × no token, a wrong token and each role: 401 without a valid token, 403 below the route's role, and
/// the route's own answer at or above it.
@Suite("Auth matrix", .serialized)
struct AuthMatrixTests {
    struct Route: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var json: String?
        /// nil: no token needed.
        var minimum: AccessRole?
        /// The answer for a role that may call it; nil: a stream that does not end, not sent at those roles.
        var allowed: HTTPResponse.Status?
        /// The role the route's middleware asks for, when the controller asks for more (nil: ``minimum``).
        var mounted: AccessRole? = nil

        var testDescription: String { "\(method) \(path)\(json.map { " \($0)" } ?? "")" }
    }

    static let unknownPlan = "00000000-0000-4000-8000-000000000000"

    static let routes: [Route] = [
        Route(method: .get, path: "/status", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/tools", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/actions", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/recommendations", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/audit/plans", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/audit/plans/\(unknownPlan)", minimum: .viewer, allowed: .notFound),
        Route(method: .get, path: "/audit/actions", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/audit/actions/\(unknownPlan)", minimum: .viewer, allowed: .notFound),
        Route(method: .get, path: "/audit/tools", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/audit/stats?since=24h", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/tools/calls", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/metrics", minimum: .viewer, allowed: .ok),
        Route(method: .get, path: "/quarantine", minimum: .viewer, allowed: .ok),
        Route(method: .post, path: "/tools/run", json: #"{"tool":"list_namespaces"}"#, minimum: .operator, allowed: .ok),
        Route(method: .post, path: "/actions/approve/\(unknownPlan)", minimum: .approver, allowed: .notFound),
        Route(method: .post, path: "/actions/reject/\(unknownPlan)", json: #"{"reason":"no"}"#, minimum: .approver,
              allowed: .notFound),
        Route(method: .put, path: "/autonomy", json: #"{"level":"L1"}"#, minimum: .admin, allowed: .ok),
        Route(method: .post, path: "/emergency-stop", json: #"{"enabled":false}"#, minimum: .admin, allowed: .ok),
        Route(method: .post, path: "/optimise", json: #"{"category":"availability"}"#, minimum: .operator, allowed: .ok),
        // The route lets operators in; the controller asks for admin when the body reconciles.
        Route(method: .post, path: "/optimise", json: #"{"category":"availability","reconcile":true}"#, minimum: .admin,
              allowed: .ok, mounted: .operator),
        Route(method: .post, path: "/config", json: #"{"level":"L1"}"#, minimum: .admin, allowed: .ok),
        Route(method: .post, path: "/chat", json: #"{"message":"status"}"#, minimum: .operator, allowed: .ok),
        Route(method: .post, path: "/chat/stream", json: #"{"message":"status"}"#, minimum: .operator, allowed: .ok),
        // No model here, so no agent to hand alerts to: 409 no_agent (AlertsRouteTests sends them to one).
        Route(method: .post, path: "/alerts", json: #"{"alerts":[]}"#, minimum: .operator, allowed: .conflict),
        // Never ends on its own, so the allowed roles are not sent here (RecommendationStreamTests reads it).
        Route(method: .get, path: "/recommendations/stream", minimum: .viewer, allowed: nil),
    ]

    @Test func healthNeedsNoToken() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.get, "/health", as: nil)
            #expect(response.status == .ok)
            let body = try ServerFixture.decode(HealthResponse.self, response)
            #expect(body.status == "ok")
            #expect(body.mode == .agent)
        }
    }

    @Test(arguments: routes)
    func matrix(_ route: Route) async throws {
        try await ServerFixture.run { server in
            let none = try await server.send(route.method, route.path, as: nil, json: route.json)
            #expect(none.status == .unauthorized)
            #expect(try ServerFixture.decode(APIErrorBody.self, none).error == "unauthorized")
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

            let wrong = try await server.send(
                route.method, route.path, as: nil, json: route.json,
                headers: [.authorization: "Bearer viewer-token-0000000002"])
            #expect(wrong.status == .unauthorized)
            #expect(try ServerFixture.decode(APIErrorBody.self, wrong).message == "the token is not valid")

            for role in AccessRole.allCases {
                if route.allowed == nil, role >= route.minimum ?? .viewer { continue }
                let response = try await server.send(route.method, route.path, as: role, json: route.json)
                if let minimum = route.minimum, role < minimum {
                    #expect(response.status == .forbidden, "\(role) on \(route.testDescription)")
                    let body = try ServerFixture.decode(APIErrorBody.self, response)
                    #expect(body.error == "forbidden")
                    // Below the route's own role the middleware answers; between it and the minimum, the controller.
                    let named = route.mounted.map { role < $0 ? $0 : minimum } ?? minimum
                    #expect(body.message.contains("needs the \(named) role"), "\(body.message)")
                } else if let allowed = route.allowed {
                    #expect(response.status == allowed, "\(role) on \(route.testDescription)")
                }
            }
        }
    }

    @Test func theXOkikTokenHeaderWorksWhereAuthorizationIsStripped() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(
                .get, "/status", as: nil, headers: [HTTPField.Name("X-Okik-Token")!: ServerFixture.tokens[.viewer]!])
            #expect(response.status == .ok)
            let forbidden = try await server.send(
                .put, "/autonomy", as: nil, json: #"{"level":"L3"}"#,
                headers: [HTTPField.Name("X-Okik-Token")!: ServerFixture.tokens[.approver]!])
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test func watchdogModeServesOnlyHealthStatusRecommendationsAndQuarantine() async throws {
        try await ServerFixture.run(mode: .watchdog) { server in
            #expect(try await server.send(.get, "/health", as: nil).status == .ok)
            let status = try await server.send(.get, "/status", as: .viewer)
            #expect(status.status == .ok)
            #expect(try ServerFixture.decode(StatusResponse.self, status).mode == .watchdog)
            #expect(try await server.send(.get, "/recommendations", as: .viewer).status == .ok)
            let actions = try await server.send(.get, "/actions", as: .admin)
            #expect(actions.status == .notFound)
            #expect(try ServerFixture.decode(APIErrorBody.self, actions).error == "not_found")
            #expect(try await server.send(.post, "/emergency-stop", as: .admin).status == .notFound)
            // A person restores what the watchdog quarantined: the list and one gated call.
            #expect(try await server.send(.get, "/quarantine", as: .viewer).status == .ok)
            let run = try await server.send(.post, "/tools/run", as: .operator, json: #"{"tool":"list_quarantined"}"#)
            #expect(run.status == .ok)
            #expect(try ServerFixture.decode(ToolRunResponse.self, run).outcome == .executed)
        }
    }
}
