import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// What a user saw before the remediation guards, each reproduced: the guards must now stop it.
@Suite("Remediation guards: the reported problems, reproduced", .serialized)
struct RemediationReproTests {
    static let gate = GatekeeperConfiguration(level: .l2, rateLimits: .unlimited)

    /// A 4-replica Deployment whose new revision crash-loops while the old ReplicaSet still serves 3 of 4; by
    /// default for long enough to pass the restart threshold (5 restarts take about five and a half minutes of
    /// back-off).
    static func brokenRollout(_ cluster: SimulatedCluster, crashingFor crashing: Duration = .seconds(360)) async throws {
        let namespaces = cluster.client.clusterScoped(Namespace.self)
        _ = try await namespaces.create(Namespace(metadata: ObjectMeta(name: "shop")))
        let deployments = cluster.client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true, in: .named("shop"))
        _ = try await deployments.create(UnstructuredObject([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "checkout", "namespace": "shop"],
            "spec": [
                "replicas": 4, "selector": ["matchLabels": ["app": "checkout"]],
                "template": [
                    "metadata": ["labels": ["app": "checkout"]],
                    "spec": ["containers": [[
                        "name": "checkout", "image": "registry.example/checkout:1.0",
                        "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "200m", "memory": "256Mi"]],
                    ]]],
                ],
            ],
        ]))
        await cluster.simulator.advance(by: .seconds(60))
        _ = try await deployments.patch("checkout", .merge([
            "spec": ["template": [
                // It crashes 5 s after each start, before its readiness probe (30 s) would pass: never Ready.
                "metadata": ["annotations": ["sim.okik.io/behavior": "crashloop", "sim.okik.io/start-delay": "30s"]],
                "spec": ["containers": [["name": "checkout", "image": "registry.example/checkout:1.1"]]],
            ]],
        ]))
        await cluster.simulator.advance(by: crashing)
    }

    @Test("1. a failing rollout keeps serving and gets a rollback plan, not a quarantine")
    func brokenRolloutGetsARollback() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        try await Self.brokenRollout(cluster)
        let before = try await cluster.client.namespaced(Deployment.self, in: .named("shop")).get("checkout")
        #expect((before.status?.availableReplicas ?? 0) >= 3)
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: Self.gate, clock: cluster.clock,
            logger: testLogger)
        let report = try await Optimizer().run(client: cluster.client, namespace: "shop", clock: cluster.clock)
        let crash = try #require(report.findings.first { $0.code == .crashLoop })
        #expect(crash.severity == .high, "it still serves")
        #expect(crash.proposedCalls.map(\.tool) == ["rollback_deployment"])
        let result = try await Optimizer.reconcile(report, executor: executor)
        #expect(!result.actions.contains { $0.invocation.tool == "quarantine_deployment" })
        let plans = try await executor.approvals.pending()
        #expect(plans.map { $0.steps.map(\.invocation.tool) } == [["rollback_deployment"]])
        await cluster.simulator.advance(by: .seconds(30))
        let after = try await cluster.client.namespaced(Deployment.self, in: .named("shop")).get("checkout")
        #expect((after.status?.availableReplicas ?? 0) >= 3)
        #expect(after.spec?.replicas == 4)

        // Approved, the plan rolls back: the old revision serves all four again and nothing crash-loops.
        let approved = try await executor.approvals.approve(try #require(plans.first).id, by: Caller(.human, "alice"))
        #expect(approved.plan.state == .executed, "\(approved.message)")
        await cluster.simulator.advance(by: .seconds(120))
        let rolledBack = try await cluster.client.namespaced(Deployment.self, in: .named("shop")).get("checkout")
        #expect(rolledBack.spec?.template?.spec?.containers?.first?.image == "registry.example/checkout:1.0")
        #expect(rolledBack.status?.availableReplicas == 4)
    }

    @Test("1d. a new revision that crashed twice while it starts gets no rollback yet: it may still settle")
    func anEarlyCrashGetsNoRollback() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        // Two restarts: below the threshold of five.
        try await Self.brokenRollout(cluster, crashingFor: .seconds(45))
        let report = try await Optimizer().run(client: cluster.client, namespace: "shop", clock: cluster.clock)
        let crash = try #require(report.findings.first { $0.code == .crashLoop })
        #expect(crash.proposedCalls.isEmpty, "\(crash.proposedCalls)")
        #expect(crash.message.contains("below the restart threshold") || crash.recommendation.contains("below the restart threshold"), "\(crash)")
    }

    @Test("1c. a rollback decided for the failing revision changes nothing once someone fixed forward")
    func aRollbackDoesNotUndoAFixForward() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        try await Self.brokenRollout(cluster)
        let report = try await Optimizer().run(client: cluster.client, namespace: "shop", clock: cluster.clock)
        let rollback = try #require(report.findings.first { $0.code == .crashLoop }?.proposedCalls.first)
        #expect(rollback.arguments["fromRevision"] != nil, "\(rollback)")

        // The team fixes forward before OKIK acts: revision 3 serves.
        let deployments = cluster.client.namespaced(Deployment.self, in: .named("shop"))
        _ = try await deployments.patch("checkout", .merge([
            "spec": ["template": [
                "metadata": ["annotations": ["sim.okik.io/behavior": "healthy", "sim.okik.io/start-delay": "1s"]],
                "spec": ["containers": [["name": "checkout", "image": "registry.example/checkout:1.2"]]],
            ]],
        ]))
        await cluster.simulator.advance(by: .seconds(60))
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l4, rateLimits: .unlimited), clock: cluster.clock,
            logger: testLogger)
        let outcome = try await executor.execute(rollback, caller: Caller(.watchdog, "okik-watchdog"))
        guard case .failed(let failure) = outcome.outcome else {
            Issue.record("the rollback ran over the fix: \(outcome.textForModel)")
            return
        }
        #expect(failure.message.contains("rolled out since"), "\(failure.message)")
        let image = try await deployments.get("checkout").spec?.template?.spec?.containers?.first?.image
        #expect(image == "registry.example/checkout:1.2")
    }

    @Test("1b. the watchdog proposes the same rollback, and the optimizer joins its plan")
    func watchdogAndOptimizerShareOnePlan() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: Self.gate, clock: cluster.clock,
            logger: testLogger)
        let watchdog = Watchdog(
            caches: ClusterCaches(client: cluster.client, logger: testLogger), executor: executor, clock: cluster.clock,
            logger: testLogger)
        let task = Task { try await watchdog.run() }
        defer { task.cancel() }
        await watchdog.caches.waitUntilSynced()
        try await Self.brokenRollout(cluster)
        try await settle(watchdog, cluster)
        let report = try await Optimizer().run(client: cluster.client, namespace: "shop", clock: cluster.clock)
        _ = try await Optimizer.reconcile(report, executor: executor)
        let plans = try await executor.approvals.pending()
        #expect(plans.count == 1, "\(plans.map(\.fingerprint))")
        #expect(plans.first?.steps.first?.invocation.tool == "rollback_deployment")
        #expect(await watchdog.feed.recommendations().contains { $0.action?.invocation.tool == "rollback_deployment" })
    }

    @Test("2. node-notready at L4 cordons at most the allowance; dedicated and pressured nodes are not 'underused'")
    func nodesStayWithinTheAllowance() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l4, rateLimits: .unlimited), clock: cluster.clock, logger: testLogger)
        let report = try await Optimizer().run(client: cluster.client, clock: cluster.clock)
        let underused = report.findings.filter { $0.code == .underusedNode }.map(\.subject.name)
        #expect(!underused.contains("gpu-1") && !underused.contains("pressure-1"), "\(underused)")
        #expect(report.findings.filter { $0.code == .underusedNode }.allSatisfy { $0.planOnly })
        _ = try await Optimizer.reconcile(report, executor: executor)
        // Even a person approving every plan cannot take more nodes than the allowance.
        for plan in try await executor.approvals.pending() {
            _ = try await executor.approvals.approve(plan.id, by: Caller(.human, "alice"))
        }
        let nodes = try await cluster.client.clusterScoped(Node.self).list().items
        let cordoned = nodes.filter { $0.spec?.unschedulable == true }
        #expect(cordoned.count <= RemediationPolicy.default.cordonAllowance(nodes: nodes.count))
        #expect(nodes.contains { $0.isReady && $0.spec?.unschedulable != true })

        let notReady = try await SimulatedCluster.start("node-notready")
        defer { Task { await notReady.stop() } }
        let l4 = try await GatedToolExecutor.start(
            client: notReady.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l4, rateLimits: .unlimited), clock: notReady.clock, logger: testLogger)
        _ = try await Optimizer.reconcile(try await Optimizer().run(client: notReady.client, clock: notReady.clock), executor: l4)
        for plan in try await l4.approvals.pending() { _ = try await l4.approvals.approve(plan.id, by: Caller(.human, "alice")) }
        let after = try await notReady.client.clusterScoped(Node.self).list().items
        #expect(after.filter { $0.spec?.unschedulable == true }.count <= max(1, after.count / 10))
    }

    @Test("3. a namespace scan leaves node checks out and never writes outside its namespace")
    func namespaceScansStayInTheirNamespace() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l4, rateLimits: .unlimited), clock: cluster.clock, logger: testLogger)
        cluster.simulator.requests.reset()
        let report = try await Optimizer().run(client: cluster.client, namespace: "kube-system", clock: cluster.clock)
        #expect(!report.findings.contains { $0.subject.kind == "Node" })
        #expect(report.categories.flatMap(\.skipped).contains { $0.hasPrefix("underused-nodes: skipped") })
        _ = try await Optimizer.reconcile(report, executor: executor)
        let writes = cluster.simulator.requests.entries.filter { $0.method != "GET" }
        #expect(writes.isEmpty, "\(writes.map(\.path))")

        // The pass itself refuses a write outside its namespace, whatever proposes it.
        let pass = RemediationPass(namespace: "okik-idle")
        let outside = try await executor.execute(
            ToolInvocation(tool: "cordon_node", arguments: ["name": "worker-1"]), caller: Caller(.optimizer, "test"), pass: pass)
        #expect(outside.decision.kind == .deny && outside.decision.reason.contains("scope"))
    }

    @Test("4. nothing is rightsized or scaled from one sample, and one workload gets one write per pass")
    func noResizeFromOneSample() async throws {
        let cluster = try await SimulatedCluster.start("overprovisioned", "idle")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: Self.gate, clock: cluster.clock, logger: testLogger)
        let before = try await cluster.client.namespaced(Deployment.self, in: .allNamespaces).list().items
        let report = try await Optimizer().run(client: cluster.client, history: store, clock: cluster.clock)
        let result = try await Optimizer.reconcile(report, executor: executor)
        // Only plans for a person (an underused node's cordon and drain) come out of it; nothing ran.
        #expect(result.actions(.executed).isEmpty, "\(result.actions.map(\.call))")
        #expect(!result.actions.contains { ["update_resources", "scale_deployment"].contains($0.invocation.tool) })
        let after = try await cluster.client.namespaced(Deployment.self, in: .allNamespaces).list().items
        #expect(after.map { $0.spec } == before.map { $0.spec })
        #expect(report.findings.filter { $0.code == .overProvisioned }.allSatisfy { $0.severity == .info && $0.proposedCalls.isEmpty })

        // Two writes to one workload in one pass: the second is refused.
        let pass = RemediationPass()
        let caller = Caller(.optimizer, "test")
        let first = try await executor.execute(
            ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "okik-idle", "name": "legacy-reports", "replicas": 3]),
            caller: caller, pass: pass)
        #expect(first.decision.kind == .execute)
        let second = try await executor.execute(
            ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "okik-idle", "name": "legacy-reports"]),
            caller: caller, pass: pass)
        #expect(second.decision.kind == .deny && second.decision.reason.contains("one write per workload"))
    }

    @Test("4b. with a day of history: proposals stay above the peak and p99, Guaranteed stays Guaranteed")
    func rightsizingFromHistory() async throws {
        let cluster = try await SimulatedCluster.start("overprovisioned")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: Self.gate, clock: cluster.clock, logger: testLogger)
        // A day of samples, 30 minutes apart, from the simulated cluster itself.
        try await cluster.recordHistory(into: store)
        let key = ContainerKey(workload: ResourceRef(kind: "Deployment", namespace: "okik-overprovisioned", name: "search-indexer"), container: "search-indexer")
        let history = try #require(try await store.usageHistory(for: [key])[key])
        #expect(history.isSufficient(for: .default))
        let report = try await Optimizer().run(client: cluster.client, history: store, clock: cluster.clock)
        let finding = try #require(report.findings.first { $0.code == .overProvisioned && $0.subject.name == "search-indexer" })
        #expect(finding.severity == .low)
        let call = try #require(finding.proposedCalls.first)
        let memory = try Quantity(try #require(call.arguments["requests"]?["memory"]?.stringValue))
        #expect(memory.bytes >= history.memoryPeak)
        let result = try await Optimizer.reconcile(report, executor: executor)
        #expect(result.actions(.executed).contains { $0.invocation.tool == "update_resources" }, "\(result.actions.map(\.message))")
        let indexer = try await cluster.client.namespaced(Deployment.self, in: .named("okik-overprovisioned")).get("search-indexer")
        let containers = indexer.spec?.template?.spec?.containers ?? []
        // search-indexer was Guaranteed (requests equal to limits) and stays so.
        #expect(QoSClass(containers: containers) == .guaranteed)
        let limit = try #require(containers.first?.resources?.cpuLimit?.millicores)
        #expect(limit >= history.cpuPercentile(0.99))
        #expect((containers.first?.resources?.memoryLimit?.bytes ?? 0) >= history.memoryPeak)

        // A second resize within the cooldown waits for a person.
        let again = try await executor.execute(call, caller: Caller(.optimizer, "test"))
        #expect(again.decision.kind == .requireApproval && again.decision.reason.contains("resize-cooldown"))
    }

    @Test("5. two reconcile runs on one audit database leave one plan per change; watchdog and optimizer share one")
    func plansAreNotDuplicated() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let directory = try TemporaryPath()
        let l1 = GatekeeperConfiguration(level: .l1, rateLimits: .unlimited)
        for _ in 0..<2 {
            let store = try SQLiteAuditStore(path: directory.path)
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: store, configuration: l1, clock: cluster.clock, logger: testLogger)
            _ = try await Optimizer.reconcile(try await Optimizer().run(client: cluster.client, clock: cluster.clock), executor: executor)
        }
        let store = try SQLiteAuditStore(path: directory.path)
        let pending = try await store.plans(PlanQuery(states: [.pending]))
        #expect(pending.count == Set(pending.map(\.fingerprint)).count, "\(pending.map(\.fingerprint))")
        #expect(pending.filter { $0.steps.first?.invocation.tool == "quarantine_deployment" }.count == 1)
        #expect(try await store.entries(AuditQuery(kinds: [.planJoined])).count >= 1)
    }

    @Test("6. scores an SRE would sign")
    func honestScores() async throws {
        let all = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await all.stop() } }
        let allReport = try await Optimizer().run(client: all.client, clock: all.clock)
        #expect(allReport.score < 60)
        #expect(allReport.categories.first { $0.category == .availability }.map { $0.score <= HealthScore.criticalCap } == true)
        let namespaced = try await Optimizer().run(client: all.client, namespace: "okik-crashloop", clock: all.clock)
        #expect(namespaced.score <= HealthScore.criticalCap, "a live critical crash loop is an F")
        await #expect(throws: SnapshotError.self) {
            _ = try await Optimizer().run(client: all.client, namespace: "doesnotexist", clock: all.clock)
        }
        do {
            _ = try await Optimizer().run(client: all.client, namespace: "doesnotexist", clock: all.clock)
        } catch let error as SnapshotError {
            #expect(error.isNamespaceNotFound && error.description.contains("doesnotexist"))
        }

        let crashloop = try await SimulatedCluster.start("crashloop")
        defer { Task { await crashloop.stop() } }
        let alone = try await Optimizer().run(client: crashloop.client, clock: crashloop.clock)
        #expect(allReport.score <= alone.score, "adding broken things never raises the score")

        // Quarantine keeps the workload a (critical) finding until it is restored.
        let executor = try await GatedToolExecutor.start(
            client: crashloop.client, store: InMemoryAuditStore(), configuration: Self.gate, clock: crashloop.clock,
            logger: testLogger)
        _ = try await Optimizer.reconcile(alone, executor: executor)
        let quarantined = try await Optimizer().run(client: crashloop.client, clock: crashloop.clock)
        #expect(quarantined.findings.contains { $0.code == .quarantinedWorkload && $0.subject.name == "payments-api" })
        #expect(quarantined.score <= HealthScore.criticalCap)
    }

    @Test("7. tables group findings by code: a count and three examples")
    func findingsAreGrouped() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await cluster.stop() } }
        let report = try await Optimizer().run(client: cluster.client, clock: cluster.clock)
        let groups = report.groupedFindings(examples: 3)
        #expect(groups.reduce(0) { $0 + $1.count } == report.findings.count)
        #expect(groups.allSatisfy { $0.examples.count == min(3, $0.count) })
        #expect(Set(groups.map { "\($0.severity)/\($0.code)" }).count == groups.count)
        #expect(groups.count < report.findings.count)
    }

    /// Lets the watchdog catch up with the API.
    func settle(_ watchdog: Watchdog, _ cluster: SimulatedCluster) async throws {
        let pods = try await cluster.client.namespaced(Pod.self, in: .allNamespaces).list().items
        let deadline = ContinuousClock.now + .seconds(30)
        while await !watchdog.hasEvaluated(pods), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await watchdog.tick()
    }
}
