import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// A person approves a plan for the cluster as it was when the plan was made. When the step runs, the guards judge
/// it again: a guard that now asks for a person about something the plan did not show, or a workload rolled out
/// since, makes the step stale, and it is refused instead of run.
@Suite("Stale plans", .serialized)
struct StalePlanTests {
    static let l1 = GatekeeperConfiguration(level: .l1, rateLimits: .unlimited)
    let agent = Caller(.agent, "stale-test")
    let person = Caller(.human, "alice")

    func withHealthy(_ body: (SimulatedCluster, GatedToolExecutor) async throws -> Void) async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: Self.l1, clock: cluster.clock,
            logger: testLogger)
        try await body(cluster, executor)
    }

    func queue(_ executor: GatedToolExecutor, _ tool: String, _ arguments: JSON) async throws -> ActionPlan {
        let report = try await executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: agent)
        guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued: \(report.textForModel)") }
        return plan
    }

    @Test("a scale-down the guards allowed becomes stale when a disruption budget now asks for more")
    func aNewBudgetMakesAScaleDownStale() async throws {
        try await withHealthy { cluster, executor in
            let plan = try await queue(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 1])
            #expect(plan.steps.first?.conditions?.approvalRule == nil, "only the level asked for a person")
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-healthy"))
            // The service's owners raise its disruption budget to two.
            _ = try await cluster.client.namespaced(PodDisruptionBudget.self, in: .named("okik-healthy"))
                .patch("cart", .merge(["spec": ["minAvailable": 2]]))

            let report = try await executor.approvals.approve(plan.id, by: person)
            #expect(report.plan.state == .failed, "\(report.message)")
            #expect(report.plan.reason?.contains("stale plan") == true && report.plan.reason?.contains("availability-floor") == true, "\(report.plan.reason ?? "")")
            #expect(try await deployments.get("cart").spec?.replicas == 2)
        }
    }

    @Test("a plan whose workload was rolled out since it was made is stale; an unchanged one runs")
    func aRolloutSinceMakesAPlanStale() async throws {
        try await withHealthy { cluster, executor in
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-healthy"))
            let stale = try await queue(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 3])
            let revision = try #require(stale.steps.first?.conditions?.revisions["Deployment okik-healthy/cart"])
            let fresh = try await queue(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "storefront", "replicas": 4])

            // Someone fixes forward: a new image, a new revision.
            let cart = try await deployments.get("cart")
            let container = try #require(cart.spec?.template?.spec?.containers?.first?.name)
            _ = try await deployments.patch("cart", .strategicMerge([
                "spec": ["template": ["spec": ["containers": [["name": .string(container), "image": "cart:fixed"]]]]],
            ]))
            await cluster.simulator.advance(by: .seconds(30))
            #expect(try await deployments.get("cart").metadata.annotations?["deployment.kubernetes.io/revision"] != revision)

            let refused = try await executor.approvals.approve(stale.id, by: person)
            #expect(refused.plan.state == .failed)
            #expect(refused.plan.reason?.contains("was rolled out since the plan was made") == true, "\(refused.plan.reason ?? "")")
            #expect(try await deployments.get("cart").spec?.replicas == 2)

            let ran = try await executor.approvals.approve(fresh.id, by: person)
            #expect(ran.plan.state == .executed, "\(ran.message)")
            #expect(try await deployments.get("storefront").spec?.replicas == 4)
        }
    }
}
