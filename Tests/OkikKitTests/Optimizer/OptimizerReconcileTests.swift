import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
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

        // Quarantine (the crash loop serves nothing past the threshold) and remediate run at L2 ...
        let executed = result.actions(.executed).map(\.invocation.tool)
        #expect(executed.contains("quarantine_deployment"), "\(result.actions.map { "\($0.call) -> \($0.outcome): \($0.message)" })")
        #expect(executed.contains("update_hpa"))
        // ... but nothing is rightsized from one sample: the over-provisioned workload gets an info finding only.
        #expect(!executed.contains("update_resources"))
        #expect(report.findings.contains { $0.code == .overProvisioned && $0.severity == .info && $0.proposedCalls.isEmpty })
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect(payments.spec?.replicas == 0)
        #expect(payments.metadata.annotations?[QuarantineAnnotations.quarantinedBy] == "optimizer:okik-optimizer")
        let hpa = try await cluster.client.namespaced(HorizontalPodAutoscaler.self, in: .named("okik-hpa-saturated")).get("checkout-api")
        #expect((hpa.spec?.maxReplicas ?? 0) > 4)

        // ... anything queued waits for a person as a plan.
        let queued = result.actions(.queued)
        let pending = try await executor.approvals.pending()
        #expect(Set(pending.map(\.id)) == Set(queued.compactMap(\.planID)))
        #expect(result.actions(.failed).isEmpty && result.actions(.invalid).isEmpty)

        // Every call was audited with the optimizer as the actor, and nothing ran twice.
        let entries = await store.entries(AuditQuery())
        #expect(entries.filter { $0.kind == .decision }.count == result.actions.count)
        #expect(entries.allSatisfy { $0.actor == "optimizer:okik-optimizer" })
        #expect(Set(result.actions.map(\.call)).count == result.actions.count)

        // After the fixes the crash loop is gone from a new report, but the quarantined workload still counts: it serves
        // nothing until a person fixes and restores it.
        await cluster.simulator.advance(by: .seconds(60))
        let after = Optimizer().evaluate(try await cluster.snapshot())
        #expect(!after.findings.contains { $0.code == .crashLoop })
        #expect(after.findings.contains { $0.code == .quarantinedWorkload && $0.subject.name == "payments-api" && $0.severity == .critical })
        #expect(after.score >= report.score && after.score <= HealthScore.criticalCap)
    }

    @Test func atL0NothingRunsAndEverythingIsDenied() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: GatekeeperConfiguration(level: .l0),
            clock: cluster.clock, logger: testLogger)
        let result = try await Optimizer.reconcile(Optimizer().evaluate(try await cluster.snapshot()), executor: executor)
        #expect(!result.actions.isEmpty)
        #expect(result.actions.allSatisfy { $0.outcome != .executed })
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect(payments.spec?.replicas != 0)
    }
}
