import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Optimizer reconcile through the gatekeeper", .serialized)
struct OptimizerReconcileTests {
    @Test func atL2TheOptimizerFixesWhatL2MayAndQueuesTheRest() async throws {
        let cluster = try await SimulatedCluster.start("crashloop", "overprovisioned", "hpa-saturated", "daemonset-gap")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store,
            configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
            logger: testLogger)
        let report = Optimizer().evaluate(try await cluster.snapshot())
        let result = try await Optimizer.reconcile(report, executor: executor)

        // Quarantine and remediate run at L2 ...
        let executed = result.actions("executed").map(\.invocation.tool)
        #expect(executed.contains("quarantine_deployment"), "\(result.actions.map { "\($0.call) -> \($0.outcome): \($0.message)" })")
        #expect(executed.contains("update_resources"))
        #expect(executed.contains("update_hpa"))
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect(payments.spec?.replicas == 0)
        #expect(payments.metadata.annotations?[QuarantineAnnotations.quarantinedBy] == "optimizer:okik-optimizer")
        let hpa = try await cluster.client.namespaced(HorizontalPodAutoscaler.self, in: .named("okik-hpa-saturated")).get("checkout-api")
        #expect((hpa.spec?.maxReplicas ?? 0) > 4)

        // ... destructive calls (cordoning an almost unused node) wait for approval.
        let queued = result.actions("queued")
        #expect(!queued.isEmpty && queued.allSatisfy { $0.invocation.tool == "cordon_node" })
        let pending = await executor.approvals.pending()
        #expect(Set(pending.map(\.id)) == Set(queued.compactMap(\.planID)))
        #expect(result.actions("failed").isEmpty && result.actions("invalid").isEmpty)

        // Every call was audited with the optimizer as the actor, and nothing ran twice.
        let entries = await store.entries(AuditQuery())
        #expect(entries.filter { $0.kind == .decision }.count == result.actions.count)
        #expect(entries.allSatisfy { $0.actor == "optimizer:okik-optimizer" })
        #expect(Set(result.actions.map(\.call)).count == result.actions.count)

        // After the fixes the crash loop is gone from a new report.
        await cluster.simulator.advance(by: .seconds(60))
        let after = Optimizer().evaluate(try await cluster.snapshot())
        #expect(!after.findings.contains { $0.code == .crashLoop })
        #expect(after.score > report.score)
    }

    @Test func atL0NothingRunsAndEverythingIsDenied() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: GatekeeperConfiguration(level: .l0),
            clock: cluster.clock, logger: testLogger)
        let result = try await Optimizer.reconcile(Optimizer().evaluate(try await cluster.snapshot()), executor: executor)
        #expect(!result.actions.isEmpty)
        #expect(result.actions.allSatisfy { $0.outcome != "executed" })
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect(payments.spec?.replicas != 0)
    }
}
