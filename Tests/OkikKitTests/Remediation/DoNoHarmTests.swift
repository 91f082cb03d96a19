import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// The "do no harm" suite: every built-in scenario in one simulated cluster, the watchdog and the optimizer's
/// reconcile running for two simulated hours, and the safety invariants checked at every step.
@Suite("Do no harm: two hours of every scenario under the watchdog and reconcile", .serialized)
struct DoNoHarmTests {
    /// L2 with nobody approving, and L4 with a person who approves every plan OKIK proposes (the worst case for
    /// anything that needs approval: only the guards' refusals stand between a plan and the cluster).
    @Test(arguments: [AutonomyLevel.l2, .l4])
    func twoHoursOfEveryScenario(level: AutonomyLevel) async throws {
        let run = try await GuardedRun.start(BuiltInScenarios.all, level: level)
        defer { Task { await run.stop() } }
        let start = try await run.state()
        let protected = start.servingDeployments
        #expect(protected.count >= 5, "the scenarios should start with serving workloads: \(protected.map(\.key))")
        var elapsed = Duration.zero
        var step = 0
        while elapsed < .seconds(7200) {
            try await run.advance(by: .seconds(30))
            elapsed += .seconds(30)
            step += 1
            if step % 10 == 0 {
                try await run.reconcile()
                if level == .l4 { try await run.approveEverything() }
            }
            let now = try await run.state()
            try await run.checkInvariants(now, protecting: protected, at: elapsed)
        }
        // Each problem got its right remedy.
        let state = try await run.state()
        let payments = try #require(state.deployments["okik-crashloop/payments-api"])
        #expect(QuarantineAnnotations.isQuarantined(payments.metadata), "a crash loop that serves nothing is quarantined")
        let renderer = try #require(state.deployments["okik-oom/report-renderer"])
        let limit = renderer.spec?.template?.spec?.containers?.first?.resources?.memoryLimit?.bytes ?? 0
        #expect(limit > 256 << 20, "an OOM-killed container gets more memory")
        #expect(!QuarantineAnnotations.isQuarantined(renderer.metadata), "an OOM crash loop is not quarantined")
        // The broken rollout kept serving and was rolled back: by a person's approval at L4 (restart runs at L4),
        // as a plan waiting for a person at L2.
        let cart = try #require(state.deployments["okik-broken-rollout/cart-service"])
        #expect(!QuarantineAnnotations.isQuarantined(cart.metadata), "a rollout whose old revision serves is not quarantined")
        #expect((cart.status?.availableReplicas ?? 0) >= 3)
        let rollbacks = await run.store.entries(AuditQuery(kinds: [.outcome], tool: RollbackDeploymentTool.name, limit: 100))
        if level == .l4 {
            #expect(rollbacks.contains { $0.outcome == .succeeded }, "the broken rollout was rolled back")
        } else {
            #expect(rollbacks.isEmpty)
            let pending = try await run.executor.approvals.pending()
            #expect(pending.contains { $0.steps.first?.invocation.tool == RollbackDeploymentTool.name })
        }
        try await run.checkAudit()
    }
}

/// A simulated cluster with OKIK's watchdog and optimizer acting on it through one executor, and the checks of the
/// safety invariants.
struct GuardedRun {
    let cluster: SimulatedCluster
    let executor: GatedToolExecutor
    let store: InMemoryAuditStore
    let watchdog: Watchdog
    let task: Task<Void, any Error>
    let policy: RemediationPolicy

    static func start(_ scenarios: [Scenario], level: AutonomyLevel) async throws -> GuardedRun {
        let cluster = try await SimulatedCluster.start(scenarios)
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: GatekeeperConfiguration(level: level, rateLimits: .unlimited),
            clock: cluster.clock, logger: testLogger)
        let watchdog = Watchdog(
            caches: ClusterCaches(client: cluster.client, logger: testLogger), executor: executor, clock: cluster.clock,
            logger: testLogger)
        let task = Task { try await watchdog.run() }
        await watchdog.caches.waitUntilSynced()
        let run = GuardedRun(
            cluster: cluster, executor: executor, store: store, watchdog: watchdog, task: task,
            policy: executor.configuration.remediation)
        try await run.settle()
        return run
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await cluster.stop()
    }

    /// Moves simulated time on and lets the watchdog catch up.
    func advance(by duration: Duration) async throws {
        await cluster.simulator.advance(by: duration)
        try await settle()
    }

    /// Waits (in real time, briefly) until the watchdog has seen every pod as the API serves it now.
    func settle() async throws {
        let pods = try await cluster.client.namespaced(Pod.self, in: .allNamespaces).list().items
        let deadline = ContinuousClock.now + .seconds(30)
        while await !watchdog.hasEvaluated(pods), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await watchdog.tick()
    }

    /// One optimizer pass: scan (recording usage history) and reconcile at the executor's level.
    func reconcile() async throws {
        let report = try await Optimizer().run(client: cluster.client, history: store, clock: cluster.clock)
        _ = try await Optimizer.reconcile(report, executor: executor)
    }

    /// A person who approves every pending plan.
    func approveEverything() async throws {
        for plan in try await executor.approvals.pending() {
            _ = try await executor.approvals.approve(plan.id, by: Caller(.human, "rubber-stamp"))
        }
        try await settle()
    }

    /// What the invariants look at.
    struct State {
        var deployments: [String: Deployment]
        var pods: [Pod]
        var nodes: [Node]
        var budgets: [PodDisruptionBudget]

        /// Deployments that serve (available > 0) and have never restarted a container: the healthy ones.
        var servingDeployments: [String: Deployment] {
            deployments.filter { key, deployment in
                (deployment.status?.availableReplicas ?? 0) > 0 && !hasRestarts(key)
            }
        }

        func pods(of key: String) -> [Pod] {
            let parts = key.split(separator: "/").map(String.init)
            return pods.filter { $0.namespace == parts[0] && $0.name.hasPrefix(parts[1] + "-") }
        }

        func hasRestarts(_ key: String) -> Bool {
            pods(of: key).contains { pod in (pod.status?.containerStatuses ?? []).contains { ($0.restartCount ?? 0) > 0 } }
        }
    }

    func state() async throws -> State {
        let client = cluster.client
        let deployments = try await client.namespaced(Deployment.self, in: .allNamespaces).list().items
        return State(
            deployments: Dictionary(deployments.map { ("\($0.namespace ?? "")/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a }),
            pods: try await client.namespaced(Pod.self, in: .allNamespaces).list().items,
            nodes: try await client.clusterScoped(Node.self).list().items,
            budgets: try await client.namespaced(PodDisruptionBudget.self, in: .allNamespaces).list().items)
    }

    /// The invariants that must hold at every step.
    func checkInvariants(_ state: State, protecting healthy: [String: Deployment], at elapsed: Duration) async throws {
        let when = "after \(elapsed.components.seconds)s"
        // No healthy workload below its floor (unless it broke by itself: its own containers restarted).
        for (key, before) in healthy {
            guard let now = state.deployments[key], !state.hasRestarts(key) else { continue }
            let labels = before.spec?.template?.metadata?.labels ?? [:]
            let budgets = state.budgets.filter { $0.namespace == before.namespace && ($0.spec?.selector?.matches(labels) ?? false) }
            let floor = max(1, budgets.map { WorkloadAvailability.minimumHealthy($0, expected: before.spec?.replicas ?? 1) }.max() ?? 1)
            let available = now.status?.availableReplicas ?? 0
            #expect(available >= min(floor, before.status?.availableReplicas ?? 0), "\(when): \(key) has \(available) available, floor \(floor)")
            #expect(!QuarantineAnnotations.isQuarantined(now.metadata), "\(when): healthy \(key) was quarantined")
        }
        // Cordoned nodes within the limit, never the last schedulable node, no pod stranded by a cordon.
        let cordoned = state.nodes.filter { $0.spec?.unschedulable == true }
        #expect(cordoned.count <= policy.cordonAllowance(nodes: state.nodes.count), "\(when): cordoned \(cordoned.map(\.name))")
        #expect(state.nodes.contains { $0.isReady && $0.spec?.unschedulable != true }, "\(when): no schedulable node left")
        for pod in state.pods where pod.status?.phase == "Pending" {
            let message = pod.status?.conditions?.first(ofType: "PodScheduled")?.message ?? ""
            #expect(!message.contains("were unschedulable"), "\(when): \(pod.namespace ?? "")/\(pod.name) is stranded by a cordon: \(message)")
        }
        // No two pending plans make the same change.
        let pending = try await executor.approvals.pending()
        #expect(Set(pending.map(\.fingerprint)).count == pending.count, "\(when): duplicate plans \(pending.map(\.fingerprint))")
    }

    /// What the audit says was done: no resize lowered anything without enough history, none went below the observed
    /// peak, and no workload was written twice in one reconcile pass.
    func checkAudit() async throws {
        let outcomes = await store.entries(AuditQuery(kinds: [.outcome], tool: UpdateResourcesTool.name, limit: 10_000, newestFirst: false))
        let history = try await store.usageHistory(for: nil)
        for entry in outcomes where entry.outcome == .succeeded {
            guard let before = entry.result?["before"], let after = entry.result?["after"],
                let namespace = entry.arguments?["namespace"]?.stringValue, let name = entry.arguments?["name"]?.stringValue,
                let container = entry.arguments?["container"]?.stringValue
            else { continue }
            let key = ContainerKey(workload: ResourceRef(kind: "Deployment", namespace: namespace, name: name), container: container)
            let sufficient = history[key]?.isSufficient(for: policy) ?? false
            for field in ["requests", "limits"] {
                for resource in ["cpu", "memory"] {
                    guard let new = after[field]?[resource]?.stringValue.flatMap({ try? Quantity($0) }) else { continue }
                    let old = before[field]?[resource]?.stringValue.flatMap { try? Quantity($0) }
                    let lowered = old.map { new < $0 } ?? (field == "limits")
                    if lowered {
                        #expect(sufficient, "\(key): \(field).\(resource) lowered to \(new) without enough history")
                    }
                    if resource == "memory", let peak = history[key]?.memoryPeak {
                        #expect(new.bytes >= peak || !lowered, "\(key): \(field).memory \(new) below the observed peak")
                    }
                }
            }
        }
    }
}
