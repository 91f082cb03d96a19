import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// What the on-call SRE would not let OKIK do on its own, found by review after the first guards: each write here
/// ran at L4 before, and now needs a person (or is refused) while a plain case still runs.
@Suite("Remediation guards: judgement a person keeps", .serialized)
struct RemediationJudgementTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)
    let caller = Caller(.agent, "judgement-test")

    func with(
        _ scenario: String, configuration: GatekeeperConfiguration = Self.l4,
        _ body: (SimulatedCluster, GatedToolExecutor) async throws -> Void
    ) async throws {
        let cluster = try await SimulatedCluster.start(scenario)
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: configuration, clock: cluster.clock,
            logger: testLogger)
        try await body(cluster, executor)
    }

    func call(_ executor: GatedToolExecutor, _ tool: String, _ arguments: JSON) async throws -> CallReport {
        try await executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: caller)
    }

    @Test("a revision that ran for hours and now crash-loops is quarantined only by a person: its cause is likely outside it")
    func aProvenRevisionIsNotQuarantinedAlone() async throws {
        try await with("crashloop") { cluster, executor in
            // Two hours on, the same loop in the same revision (minutes old, it would run: the watchdog's tests
            // quarantine it at L2): a person decides.
            await cluster.simulator.advance(by: .seconds(7200))
            let proven = try await call(executor, "quarantine_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "reason": "test"])
            #expect(proven.decision.kind == .requireApproval && proven.decision.reason.contains("quarantine-proven-revision"), "\(proven.decision)")
            #expect(try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api").spec?.replicas == 2)
        }
    }

    @Test("many Deployments failing together: after three quarantines in a quarter hour, the next needs a person")
    func aBurstOfQuarantinesNeedsAPerson() async throws {
        try await with("healthy") { cluster, executor in
            try await Self.crashLoopingWorkers(cluster)
            var decisions: [GateDecision.Kind] = []
            var last: CallReport?
            for index in 1...4 {
                let report = try await call(executor, "quarantine_deployment", [
                    "namespace": "okik-healthy", "name": .string("worker-\(index)"), "reason": "crash loop",
                ])
                decisions.append(report.decision.kind)
                last = report
            }
            #expect(decisions == [.execute, .execute, .execute, .requireApproval], "\(decisions)")
            #expect(last?.decision.reason.contains("quarantine-burst") == true, "\(String(describing: last?.decision))")
        }
    }

    /// Four fresh Deployments, worker-1 ... worker-4 in okik-healthy, that crash-loop and serve nothing.
    static func crashLoopingWorkers(_ cluster: SimulatedCluster) async throws {
        let deployments = cluster.client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true,
            in: .named("okik-healthy"))
        for index in 1...4 {
            _ = try await deployments.create(UnstructuredObject([
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": .string("worker-\(index)"), "namespace": "okik-healthy"],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": .string("worker-\(index)")]],
                    "template": [
                        "metadata": [
                            "labels": ["app": .string("worker-\(index)")],
                            "annotations": ["sim.okik.io/behavior": "crashloop", "sim.okik.io/start-delay": "30s"],
                        ],
                        "spec": ["containers": [["name": "worker", "image": "worker:1", "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]],
                    ],
                ],
            ]))
        }
        await cluster.simulator.advance(by: .seconds(60))
    }

    @Test("quarantines a person approved are theirs: they neither count toward the burst nor make the next approval stale")
    func approvedQuarantinesAreNotABurst() async throws {
        // At L1 every quarantine waits for a person.
        try await with("healthy", configuration: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited)) { cluster, executor in
            try await Self.crashLoopingWorkers(cluster)
            var plans: [ActionPlan] = []
            for index in 1...4 {
                let report = try await call(executor, "quarantine_deployment", [
                    "namespace": "okik-healthy", "name": .string("worker-\(index)"), "reason": "crash loop",
                ])
                guard case .queued(let plan) = report.outcome else {
                    Issue.record("expected a plan at L1, got \(report.textForModel)")
                    return
                }
                plans.append(plan)
            }
            for plan in plans {
                let decided = try await executor.approvals.approve(plan.id, by: Caller(.human, "alice"))
                #expect(decided.plan.state == .executed, "\(decided.message)")
            }
        }
    }

    @Test("a resize of a Deployment with the Recreate strategy stops every pod first: a person decides")
    func aRecreateResizeNeedsAPerson() async throws {
        try await with("healthy") { cluster, executor in
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-healthy"))
            _ = try await deployments.patch("cart", .merge(["spec": ["strategy": ["type": "Recreate", "rollingUpdate": nil]]]))
            let raise = try await call(executor, "update_resources", [
                "namespace": "okik-healthy", "name": "cart", "container": "cart", "limits": ["memory": "512Mi"],
            ])
            #expect(raise.decision.kind == .requireApproval && raise.decision.reason.contains("availability-floor"), "\(raise.decision)")
            #expect(raise.decision.reason.contains("Recreate"), "\(raise.decision)")
            // The same raise under a rolling update runs.
            let rolling = try await call(executor, "update_resources", [
                "namespace": "okik-healthy", "name": "storefront", "container": "storefront", "limits": ["memory": "768Mi"],
            ])
            #expect(rolling.decision.kind == .execute, "\(rolling.decision)")
        }
    }

    @Test("a raised request must fit in the room the nodes have, not only on the largest empty node")
    func aRaisedRequestNeedsRoom() async throws {
        try await with("healthy") { cluster, executor in
            // 1.8 CPU fits on an empty 2-CPU node, but every node already runs a daemon and other pods.
            let crowded = try await call(executor, "update_resources", [
                "namespace": "okik-healthy", "name": "cart", "container": "cart",
                "requests": ["cpu": "1800m"], "limits": ["cpu": "2"],
            ])
            #expect(crowded.decision.kind == .requireApproval && crowded.decision.reason.contains("capacity-room"), "\(crowded.decision)")
            let cart = try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("cart")
            #expect(cart.spec?.template?.spec?.containers?.first?.resources?.requests?["cpu"] == (try Quantity("100m")))
            let modest = try await call(executor, "update_resources", [
                "namespace": "okik-healthy", "name": "cart", "container": "cart", "requests": ["cpu": "150m"],
            ])
            #expect(modest.decision.kind == .execute, "\(modest.decision)")
        }
    }

    @Test("an autoscaler's maximum is raised once per cooldown: a signal that never settles cannot ratchet it up")
    func anAutoscalerMaximumIsNotRatcheted() async throws {
        try await with("healthy") { _, executor in
            let first = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "maxReplicas": 7])
            #expect(first.decision.kind == .execute, "\(first.decision)")
            let again = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "maxReplicas": 8])
            #expect(again.decision.kind == .requireApproval && again.decision.reason.contains("autoscaler-cooldown"), "\(again.decision)")
            // Lowering it back is not a raise.
            let lower = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "maxReplicas": 6])
            #expect(lower.decision.kind == .execute, "\(lower.decision)")
        }
    }

    @Test("setting the replicas of a Deployment an autoscaler scales needs a person: the autoscaler would undo it")
    func scalingAnAutoscaledDeploymentNeedsAPerson() async throws {
        try await with("healthy") { cluster, executor in
            let scaled = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "storefront", "replicas": 4])
            #expect(scaled.decision.kind == .requireApproval && scaled.decision.reason.contains("autoscaler-owns-replicas"), "\(scaled.decision)")
            #expect(try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("storefront").spec?.replicas == 3)
        }
    }

    @Test("a StatefulSet pod is never deleted with a zero grace period: two pods with one identity could run")
    func noForceDeleteOfAStatefulSetPod() async throws {
        try await with("healthy") { cluster, executor in
            let pods = cluster.client.namespaced(Pod.self, in: .named("okik-healthy"))
            let forced = try await call(executor, "delete_pod", ["namespace": "okik-healthy", "name": "catalog-db-0", "gracePeriodSeconds": 0])
            guard case .failed(let failure) = forced.outcome else {
                Issue.record("the forced delete ran: \(forced.textForModel)")
                return
            }
            #expect(failure.message.contains("StatefulSet"), "\(failure.message)")
            #expect(try await pods.get("catalog-db-0").metadata.deletionTimestamp == nil)
        }
    }

    @Test("a rollback whose Deployment changed between its read and its write fails instead of undoing the change")
    func aRollbackRacingAFixForwardFails() async throws {
        try await with("healthy") { cluster, executor in
            try await RemediationReproTests.brokenRollout(cluster)
            // The rollback's write waits 4 s on the wire; meanwhile the team fixes forward.
            cluster.simulator.faults = FaultConfiguration(
                latency: .seconds(4), pathFilter: "/deployments/checkout", methodFilter: "PATCH", budget: 1)
            let rollback = Task {
                try await executor.execute(
                    ToolInvocation(tool: "rollback_deployment", arguments: ["namespace": "shop", "name": "checkout", "toRevision": 1]),
                    caller: caller)
            }
            try await Task.sleep(for: .seconds(2))
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("shop"))
            var fixed = try await deployments.get("checkout")
            fixed.spec?.template?.spec?.containers?[0].image = "registry.example/checkout:1.2"
            _ = try await deployments.update(fixed)
            let report = try await rollback.value
            guard case .failed = report.outcome else {
                Issue.record("the rollback wrote over the fix: \(report.textForModel)")
                return
            }
            #expect(try await deployments.get("checkout").spec?.template?.spec?.containers?.first?.image == "registry.example/checkout:1.2")
        }
    }

    @Test("a drain (cluster-scoped: it evicts in every namespace) and a namespaced write never run their checks and writes interleaved")
    func aDrainRunsAloneAmongWrites() async throws {
        try await with("healthy") { cluster, executor in
            // Each eviction takes a second on the wire, so the drain is still running when the scale is asked for.
            cluster.simulator.faults = FaultConfiguration(latency: .seconds(1), pathFilter: "/eviction")
            defer { cluster.simulator.faults = .none }
            cluster.simulator.requests.reset()
            let drain = Task { try await call(executor, "drain_node", ["name": "worker-1"]) }
            let until = Date().addingTimeInterval(30)
            while !cluster.simulator.requests.entries.contains(where: { $0.path.hasSuffix("/eviction") }), Date() < until {
                try await Task.sleep(for: .milliseconds(20))
            }
            let scale = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 1])
            let drained = try await drain.value
            #expect(scale.decision.kind == .execute, "\(scale.decision)")
            #expect(drained.decision.kind == .execute, "\(drained.decision)")
            let entries = cluster.simulator.requests.entries
            let lastEviction = try #require(entries.lastIndex { $0.path.hasSuffix("/eviction") })
            let scaleWrite = try #require(entries.firstIndex { $0.method != "GET" && $0.path.contains("/deployments/cart") })
            #expect(scaleWrite > lastEviction, "the scale-down was written while the drain was still evicting")
        }
    }

    @Test("a drain that fails halfway says what it did: the cordon and the evictions before the failure stand")
    func aDrainThatFailsHalfwaySaysWhatItDid() async throws {
        try await with("healthy") { cluster, executor in
            let onNode = try await cluster.client.namespaced(Pod.self, in: .allNamespaces)
                .list(ListOptions(fieldSelector: "spec.nodeName=worker-1")).items
                .filter { $0.metadata.controllerReference.map { $0.kind != "DaemonSet" } ?? false }
                .sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
            try #require(onNode.count >= 2, "worker-1 holds \(onNode.count) evictable pods")
            // The second pod's eviction answers 500 (a webhook down, say).
            cluster.simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: "/pods/\(onNode[1].name)/eviction")
            defer { cluster.simulator.faults = .none }
            let report = try await call(executor, "drain_node", ["name": "worker-1"])
            guard case .failed(let failure) = report.outcome else {
                Issue.record("the drain did not fail: \(report.textForModel)")
                return
            }
            #expect(failure.applied == ["cordoned node worker-1", "evicted pod \(onNode[0].namespace ?? "")/\(onNode[0].name)"], "\(failure)")
            #expect(failure.message.contains("these changes stand"), "\(failure.message)")
        }
    }

    @Test("usage history counts only when it is spread over the day: thirty samples in half an hour are not a day")
    func historyMustCoverTheDay() {
        let key = ContainerKey(workload: ResourceRef(kind: "Deployment", namespace: "shop", name: "web"), container: "web")
        let start = Date(timeIntervalSince1970: 1_767_229_200)
        func sample(_ offset: Double) -> UsageSample {
            UsageSample(key: key, time: start.addingTimeInterval(offset), cpuMillicores: 100, memoryBytes: 1 << 28)
        }
        // One sample, then 29 a minute apart a day later: span and count pass, coverage does not.
        var bunched = ContainerUsageHistory(sample(0))
        for minute in 0..<29 { bunched.add(sample(86_400 + Double(minute) * 60)) }
        #expect(bunched.spanSeconds >= 86_400 && bunched.samples == 30)
        #expect(!bunched.isSufficient(for: .default), "\(bunched.extent)")
        // Every 30 minutes for a day: sufficient.
        var spread = ContainerUsageHistory(sample(0))
        for half in 1...49 { spread.add(sample(Double(half) * 1800)) }
        #expect(spread.isSufficient(for: .default), "\(spread.extent)")
        // A history stored before coverage was kept decodes, and counts as uncovered until it builds some.
        let encoded = try? JSONEncoder().encode(spread)
        var object = (try? JSONSerialization.jsonObject(with: encoded ?? Data())) as? [String: Any] ?? [:]
        object["sampledHours"] = nil
        let old = try? JSONDecoder().decode(ContainerUsageHistory.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old?.samples == spread.samples)
        #expect(old?.isSufficient(for: .default) == false)
    }
}
