import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import Testing

/// POST /optimise over the simulator: the report, the namespace and category filters, reconcile's admin check, and
/// the 404 and 400s.
@Suite("POST /optimise", .serialized)
struct OptimiseRouteTests {
    @Test func theReportHasTheScenariosFindings() async throws {
        try await ServerFixture.run(scenario: "crashloop") { server in
            let response = try await server.send(.post, "/optimise", as: .operator, json: #"{"category":"all"}"#)
            #expect(response.status == .ok)
            let report = try ServerFixture.decode(OptimizationReport.self, response)
            #expect(report.schema == OptimizationReport.schemaVersion)
            #expect(report.findings.contains {
                $0.code.description == FindingCode.crashLoop.description && $0.subject.namespace == "okik-crashloop"
            })
            #expect(report.score < 100)
            #expect(report.reconcile == nil)
            #expect(try await server.runtime.executor.approvals.pending().isEmpty)
        }
    }

    @Test func aNamespaceAndACategoryNarrowTheScan() async throws {
        try await ServerFixture.run(scenario: "crashloop") { server in
            let response = try await server.send(
                .post, "/optimise", as: .operator, json: #"{"namespace":"okik-crashloop","category":"availability"}"#)
            #expect(response.status == .ok)
            let report = try ServerFixture.decode(OptimizationReport.self, response)
            #expect(report.namespace == "okik-crashloop")
            #expect(report.categories.map(\.category.id) == ["availability"])
            #expect(!report.findings.isEmpty)
            #expect(report.findings.allSatisfy { $0.subject.namespace == "okik-crashloop" })
        }
    }

    @Test func reconcileNeedsTheAdminRoleAndThenGoesThroughTheGate() async throws {
        try await ServerFixture.run(scenario: "crashloop") { server in
            for role in [AccessRole.operator, .approver] {
                let refused = try await server.send(.post, "/optimise", as: role, json: #"{"reconcile":true}"#)
                #expect(refused.status == .forbidden, "\(role)")
                let body = try ServerFixture.decode(APIErrorBody.self, refused)
                #expect(body.error == "forbidden")
                #expect(body.message.contains("needs the admin role"))
            }
            #expect(try await server.runtime.executor.approvals.pending().isEmpty)
            #expect(try await server.runtime.store.actions(ActionQuery(limit: 10)).isEmpty)

            let response = try await server.send(.post, "/optimise", as: .admin, json: #"{"reconcile":true}"#)
            #expect(response.status == .ok)
            let report = try ServerFixture.decode(OptimizationReport.self, response)
            let reconcile = try #require(report.reconcile)
            #expect(!reconcile.actions.isEmpty)
            // At L1 every write waits for a person: what reconcile queued is what /actions lists.
            let queued = Set(reconcile.actions(.queued).compactMap(\.planID))
            let pending = try ServerFixture.decode(PlansResponse.self, try await server.send(.get, "/actions", as: .viewer))
            #expect(Set(pending.plans.map(\.id)) == queued)
            #expect(reconcile.actions(.executed).isEmpty)
        }
    }

    @Test func anUnknownNamespaceIsA404() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.post, "/optimise", as: .operator, json: #"{"namespace":"no-such-ns"}"#)
            #expect(response.status == .notFound)
            let body = try ServerFixture.decode(APIErrorBody.self, response)
            #expect(body.error == "not_found")
            #expect(body.message.contains("no-such-ns"))
        }
    }

    @Test(arguments: [
        (#"{"category":"speed"}"#, "category", "unknown category \"speed\""),
        (#"{"category":"availability,speed"}"#, "category", "unknown category \"speed\""),
        (#"{"category":","}"#, "category", "is empty"),
        (#"{"namespace":" "}"#, "namespace", "must not be blank"),
        (#"{"reconcile":"yes"}"#, "reconcile", "true or false"),
        (#"{"dryRun":true}"#, "dryRun", "unknown field"),
    ])
    func aBadBodyIsA400NamingTheField(json: String, field: String, message: String) async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.post, "/optimise", as: .admin, json: json)
            #expect(response.status == .badRequest)
            let body = try ServerFixture.decode(APIErrorBody.self, response)
            #expect(body.field == field)
            #expect(body.message.contains(message), "\(body.message)")
        }
    }
}
