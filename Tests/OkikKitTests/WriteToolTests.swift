import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Write tools against the simulator")
struct WriteToolTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)

    func deployment(_ harness: Harness, _ name: String, namespace: String = "shop") async throws -> Deployment {
        try await harness.client.namespaced(Deployment.self, in: .named(namespace)).get(name)
    }

    func run(_ harness: Harness, _ tool: String, _ arguments: JSON) async throws -> CallReport {
        try await harness.executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: agent)
    }

    @Test("remediate: scale_deployment, update_resources, create_hpa, update_hpa")
    func remediate() async throws {
        try await withHarness(Self.l4) { harness in
            // A day of usage history for the sidecar (peak 100Mi), so a memory limit may be set on it.
            let history = try #require(harness.store as? any UsageHistoryStore)
            let sidecarKey = ContainerKey(workload: ResourceRef(kind: "Deployment", namespace: "shop", name: "api"), container: "sidecar")
            try await history.recordUsage((0..<50).map { step in
                UsageSample(
                    key: sidecarKey, time: harness.clock.now.addingTimeInterval(Double(step - 50) * 1800),
                    cpuMillicores: 20, memoryBytes: 100 << 20)
            })
            let scaled = try output(try await run(harness, "scale_deployment", ["namespace": "shop", "name": "api", "replicas": 5]))
            #expect(scaled.data["from"]?.intValue == 2)
            #expect(try await deployment(harness, "api").spec?.replicas == 5)

            _ = try output(try await run(harness, "update_resources", [
                "namespace": "shop", "name": "api", "container": "sidecar",
                "requests": ["cpu": "50m", "memory": "64Mi"], "limits": ["memory": "128Mi"],
            ]))
            let sidecar = try await deployment(harness, "api").spec?.template?.spec?.containers?.first { $0.name == "sidecar" }
            #expect(sidecar?.resources?.requests?["cpu"]?.description == "50m")
            #expect(sidecar?.resources?.limits?["memory"]?.description == "128Mi")
            let app = try await deployment(harness, "api").spec?.template?.spec?.containers?.first { $0.name == "app" }
            #expect(app?.resources?.requests?["cpu"]?.description == "100m", "other containers are untouched")

            let created = try output(try await run(harness, "create_hpa", [
                "namespace": "shop", "deployment": "api", "minReplicas": 2, "maxReplicas": 6, "cpuUtilization": 70,
            ]))
            #expect(created.summary.contains("2-6 replicas at 70% CPU"))
            _ = try output(try await run(harness, "update_hpa", ["namespace": "shop", "name": "api", "maxReplicas": 8]))
            let hpa = try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).get("api")
            #expect(hpa.spec?.minReplicas == 2)
            #expect(hpa.spec?.maxReplicas == 8)
        }
    }

    @Test("remediate bad inputs", arguments: [
        ("scale_deployment", ["namespace": "shop", "name": "api", "replicas": 0] as JSON, "outOfRange"),
        ("scale_deployment", ["namespace": "shop", "name": "api", "replicas": 5000] as JSON, "outOfRange"),
        ("scale_deployment", ["namespace": "shop", "name": "api", "replicas": 2.5] as JSON, "wrongType"),
        ("scale_deployment", ["namespace": "shop", "name": "API", "replicas": 2] as JSON, "invalidName"),
        ("scale_deployment", ["namespace": "shop", "replicas": 2] as JSON, "missingField"),
        ("update_resources", ["namespace": "shop", "name": "api", "container": "app"] as JSON, "missingField"),
        ("update_resources", ["namespace": "shop", "name": "api", "container": "app", "requests": ["cpu": "lots"]] as JSON, "invalidValue"),
        ("update_resources", ["namespace": "shop", "name": "api", "container": "app", "requests": ["cpu": "2"], "limits": ["cpu": "1"]] as JSON, "invalidValue"),
        ("update_resources", ["namespace": "shop", "name": "api", "container": "app", "requests": ["gpu": "1"]] as JSON, "unknownField"),
        ("create_hpa", ["namespace": "shop", "deployment": "api", "minReplicas": 5, "maxReplicas": 2] as JSON, "outOfRange"),
        ("create_hpa", ["namespace": "shop", "deployment": "api", "minReplicas": 1, "maxReplicas": 2, "cpuUtilization": 150] as JSON, "outOfRange"),
        ("update_hpa", ["namespace": "shop", "name": "web"] as JSON, "missingField"),
        ("update_hpa", ["namespace": "shop", "name": "web", "cpuUtilization": 70, "metrics": []] as JSON, "invalidValue"),
        ("quarantine_deployment", ["namespace": "shop", "name": "web", "reason": "  "] as JSON, "invalidValue"),
        ("delete_pod", ["namespace": "shop", "name": "web-1", "gracePeriodSeconds": -1] as JSON, "outOfRange"),
        ("cordon_node", ["name": "node_1"] as JSON, "invalidName"),
        ("delete_namespace", ["name": "a.b"] as JSON, "invalidName"),
    ])
    func badInputs(tool: String, arguments: JSON, code: String) async throws {
        try await withHarness(Self.l4) { harness in
            let before = harness.simulator.requests.writeCount(includingDryRuns: true)
            let error = try inputError(try await run(harness, tool, arguments))
            #expect(error.code.description == code, "\(error.message)")
            #expect(harness.simulator.requests.writeCount(includingDryRuns: true) == before)
        }
    }

    @Test("update_resources names the containers when one is unknown")
    func unknownContainer() async throws {
        try await withHarness(Self.l4) { harness in
            let failed = try failure(try await run(harness, "update_resources", [
                "namespace": "shop", "name": "api", "container": "db", "requests": ["cpu": "1"],
            ]))
            #expect(failed.code == "unknownContainer")
            #expect(failed.message.contains("app, sidecar"))
        }
    }

    @Test("restart: rollout_restart, delete_pod, delete_hpa")
    func restart() async throws {
        try await withHarness(Self.l4) { harness in
            _ = try output(try await run(harness, "rollout_restart", ["namespace": "shop", "name": "api"]))
            let annotations = try await deployment(harness, "api").spec?.template?.metadata?.annotations
            #expect(annotations?["kubectl.kubernetes.io/restartedAt"] != nil)

            // web-2 serves and its disruption budget wants 2 healthy: deleting it waits for a person.
            let guarded = try await run(harness, "delete_pod", ["namespace": "shop", "name": "web-2"])
            #expect(guarded.decision.kind == .requireApproval && guarded.decision.reason.contains("availability-floor"))
            #expect(try await harness.client.namespaced(Pod.self, in: .named("shop")).getIfPresent("web-2") != nil)
            // web-1 crash-loops and serves nothing: it may go.
            _ = try output(try await run(harness, "delete_pod", ["namespace": "shop", "name": "web-1"]))
            #expect(try await harness.client.namespaced(Pod.self, in: .named("shop")).getIfPresent("web-1") == nil)
            let orphan = try failure(try await run(harness, "delete_pod", ["namespace": "shop", "name": "lonely"]))
            #expect(orphan.code == "precondition")

            _ = try output(try await run(harness, "delete_hpa", ["namespace": "shop", "name": "web"]))
            #expect(try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).getIfPresent("web") == nil)
        }
    }

    @Test("destructive: scale_to_zero, cordon/uncordon, delete_deployment, delete_namespace")
    func destructive() async throws {
        try await withHarness(Self.l4) { harness in
            _ = try output(try await run(harness, "scale_to_zero", ["namespace": "shop", "name": "api"]))
            let api = try await deployment(harness, "api")
            #expect(api.spec?.replicas == 0)
            #expect(api.metadata.annotations?[QuarantineAnnotations.scaledToZeroFrom] == "2")

            // node-1 is the only schedulable node: never cordoned.
            let last = try await run(harness, "cordon_node", ["name": "node-1"])
            #expect(last.decision.kind == .deny && last.decision.reason.contains("last schedulable node"))
            try await addNode(harness, "node-2")
            _ = try output(try await run(harness, "cordon_node", ["name": "node-1"]))
            #expect(try await harness.client.clusterScoped(Node.self).get("node-1").spec?.unschedulable == true)
            let again = try output(try await run(harness, "cordon_node", ["name": "node-1"]))
            #expect(again.data["changed"] == false)
            _ = try output(try await run(harness, "uncordon_node", ["name": "node-1"]))
            #expect(try await harness.client.clusterScoped(Node.self).get("node-1").spec?.unschedulable != true)

            _ = try output(try await run(harness, "delete_deployment", ["namespace": "shop", "name": "api"]))
            #expect(try await harness.client.namespaced(Deployment.self, in: .named("shop")).getIfPresent("api") == nil)

            _ = try output(try await run(harness, "delete_namespace", ["name": "staging"]))
            let missing = try failure(try await run(harness, "delete_namespace", ["name": "nowhere"]))
            #expect(missing.code == "NotFound")
        }
    }

    /// Adds a Ready node with room.
    func addNode(_ harness: Harness, _ name: String) async throws {
        let nodes = harness.client.clusterScoped(Node.self)
        _ = try await nodes.create(Node(metadata: ObjectMeta(name: name)))
        _ = try await nodes.patchStatus(name, .merge(["status": [
            "allocatable": ["cpu": "4", "memory": "8Gi", "pods": "110"], "capacity": ["cpu": "4", "memory": "8Gi", "pods": "110"],
            "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady"]],
        ]]))
    }

    @Test("quarantine scales to zero, records annotations, holds the HPA; unquarantine restores exactly")
    func quarantineRoundTrip() async throws {
        try await withHarness(Self.l4) { harness in
            let quarantined = try output(try await run(harness, "quarantine_deployment", [
                "namespace": "shop", "name": "web", "reason": "CrashLoopBackOff: 14 restarts",
            ]))
            #expect(quarantined.data["originalReplicas"]?.intValue == 3)
            let web = try await deployment(harness, "web")
            let annotations = web.metadata.annotations ?? [:]
            #expect(web.spec?.replicas == 0)
            #expect(annotations[QuarantineAnnotations.quarantined] == "true")
            #expect(annotations[QuarantineAnnotations.originalReplicas] == "3")
            #expect(annotations[QuarantineAnnotations.reason] == "CrashLoopBackOff: 14 restarts")
            #expect(annotations[QuarantineAnnotations.quarantinedBy] == "agent:test-agent")
            #expect(annotations[QuarantineAnnotations.quarantinedAt] == Timestamp(harness.clock.now).rfc3339)
            let hpa = try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).get("web")
            #expect(hpa.spec?.minReplicas == 1)
            #expect(hpa.spec?.maxReplicas == 1)
            #expect(hpa.metadata.annotations?[QuarantineAnnotations.originalMinReplicas] == "2")
            #expect(hpa.metadata.annotations?[QuarantineAnnotations.originalMaxReplicas] == "10")

            // Idempotent: a second quarantine changes nothing.
            let writes = harness.simulator.requests.writeCount()
            let again = try output(try await run(harness, "quarantine_deployment", [
                "namespace": "shop", "name": "web", "reason": "again",
            ]))
            #expect(again.data["alreadyQuarantined"] == true)
            #expect(harness.simulator.requests.writeCount() == writes)
            #expect(try await deployment(harness, "web").metadata.annotations?[QuarantineAnnotations.reason] == "CrashLoopBackOff: 14 restarts")

            // Scaling and HPA edits are refused while quarantined. Setting the replicas of a Deployment an HPA scales
            // waits for a person (autoscaler-owns-replicas); approved, the tool still refuses it.
            let scale = try await run(harness, "scale_deployment", ["namespace": "shop", "name": "web", "replicas": 4])
            guard case .queued(let plan) = scale.outcome else {
                Issue.record("expected a plan, got \(scale.textForModel)")
                return
            }
            let approved = try await harness.executor.approvals.approve(plan.id, by: Caller(.human, "alice"))
            #expect(approved.plan.state == .failed && approved.message.contains("quarantined"), "\(approved.message)")
            #expect(try failure(try await run(harness, "update_hpa", ["namespace": "shop", "name": "web", "maxReplicas": 4])).code == "precondition")

            // Listed across namespaces.
            let listed = try output(try await run(harness, "list_quarantined", [:]))
            #expect(listed.data["total"]?.intValue == 1)
            #expect(listed.data["items"]?.arrayValue?.first?["reason"]?.stringValue == "CrashLoopBackOff: 14 restarts")

            _ = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            let restored = try await deployment(harness, "web")
            #expect(restored.spec?.replicas == 3)
            #expect(restored.metadata.annotations?.keys.contains { $0.hasPrefix("okik.io/") } != true)
            #expect(restored.metadata.labels?[QuarantineAnnotations.quarantined] == nil)
            let restoredHPA = try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).get("web")
            #expect(restoredHPA.spec?.minReplicas == 2)
            #expect(restoredHPA.spec?.maxReplicas == 10)
            #expect(restoredHPA.metadata.annotations?.keys.contains { $0.hasPrefix("okik.io/") } != true)

            // Idempotent: unquarantining again changes nothing.
            let writesAfter = harness.simulator.requests.writeCount()
            let noop = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            #expect(noop.data["quarantined"] == false)
            #expect(harness.simulator.requests.writeCount() == writesAfter)
            #expect(try output(try await run(harness, "list_quarantined", ["namespace": "shop"])).data["total"]?.intValue == 0)
        }
    }

    @Test("quarantine of a Deployment without an HPA, and of a missing one")
    func quarantineWithoutHPA() async throws {
        try await withHarness(Self.l4) { harness in
            let result = try output(try await run(harness, "quarantine_deployment", ["namespace": "shop", "name": "api", "reason": "bad"]))
            #expect(result.data["heldHPAs"]?.arrayValue?.isEmpty == true)
            _ = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "api"]))
            #expect(try await deployment(harness, "api").spec?.replicas == 2)
            let missing = try failure(try await run(harness, "quarantine_deployment", ["namespace": "shop", "name": "ghost", "reason": "x"]))
            #expect(missing.code == "NotFound")
        }
    }

    func hpa(_ harness: Harness, _ name: String = "web") async throws -> HorizontalPodAutoscaler {
        try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).get(name)
    }

    /// What the HPA controller does between two calls (the harness runs no controllers): clamps the target's replicas
    /// to the HPA's bounds, except at zero, where scaling is disabled.
    func reconcileHPA(_ harness: Harness, _ name: String = "web") async throws {
        let bounds = try await hpa(harness, name).spec
        let replicas = try await deployment(harness, name).spec?.replicas ?? 1
        let clamped = min(max(replicas, bounds?.minReplicas ?? 1), bounds?.maxReplicas ?? replicas)
        guard replicas > 0, clamped != replicas else { return }
        _ = try await harness.client.namespaced(Deployment.self, in: .named("shop"))
            .patch(name, .merge(["spec": ["replicas": .int(clamped)]]))
    }

    @Test("a quarantine that fails halfway, then is retried, still unquarantines to the true originals",
          arguments: ["/deployments/web", "/horizontalpodautoscalers/web"])
    func quarantineRetryAfterPartialFailure(failingPath: String) async throws {
        try await withHarness(Self.l4) { harness in
            let arguments: JSON = ["namespace": "shop", "name": "web", "reason": "CrashLoopBackOff: 14 restarts"]
            harness.simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: failingPath, methodFilter: "PATCH")
            let failed = try failure(try await run(harness, "quarantine_deployment", arguments))
            harness.simulator.faults = .none
            // Failing at the HPA, after the Deployment went to zero, the failure says so: that change stands.
            if failingPath.contains("horizontalpodautoscalers") {
                #expect(failed.applied == ["set deployment shop/web to 0 replicas (it had 3)"], "\(failed)")
                #expect(failed.message.contains("these changes stand"), "\(failed)")
            } else {
                #expect(failed.applied == nil, "\(failed)")
            }
            try await reconcileHPA(harness)

            // The watchdog's retry finishes the quarantine: Deployment at zero, HPA held, the first originals kept.
            let retried = try output(try await run(harness, "quarantine_deployment", arguments))
            #expect(retried.data["originalReplicas"]?.intValue == 3)
            #expect(try await deployment(harness, "web").spec?.replicas == 0)
            let held = try await hpa(harness)
            #expect(held.spec?.minReplicas == 1 && held.spec?.maxReplicas == 1)
            #expect(held.metadata.annotations?[QuarantineAnnotations.originalMinReplicas] == "2")
            #expect(held.metadata.annotations?[QuarantineAnnotations.originalMaxReplicas] == "10")

            _ = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            #expect(try await deployment(harness, "web").spec?.replicas == 3)
            let restored = try await hpa(harness)
            #expect(restored.spec?.minReplicas == 2)
            #expect(restored.spec?.maxReplicas == 10)
            #expect(restored.metadata.annotations?.keys.contains { $0.hasPrefix("okik.io/") } != true)
        }
    }

    @Test("an HPA already held by an earlier partial run keeps its recorded originals")
    func quarantineKeepsRecordedHPAOriginals() async throws {
        try await withHarness(Self.l4) { harness in
            // What an earlier run left: the HPA annotated with its true bounds and pinned; the Deployment untouched.
            _ = try await harness.client.namespaced(HorizontalPodAutoscaler.self, in: .named("shop")).patch("web", .merge([
                "metadata": ["annotations": [
                    QuarantineAnnotations.quarantined: "true", QuarantineAnnotations.heldFor: "web",
                    QuarantineAnnotations.originalMinReplicas: "2", QuarantineAnnotations.originalMaxReplicas: "10",
                ]],
                "spec": ["minReplicas": 1, "maxReplicas": 1],
            ]))
            _ = try output(try await run(harness, "quarantine_deployment", [
                "namespace": "shop", "name": "web", "reason": "CrashLoopBackOff: 14 restarts",
            ]))
            #expect(try await hpa(harness).metadata.annotations?[QuarantineAnnotations.originalMinReplicas] == "2")
            _ = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            #expect(try await deployment(harness, "web").spec?.replicas == 3)
            #expect(try await hpa(harness).spec?.minReplicas == 2)
            #expect(try await hpa(harness).spec?.maxReplicas == 10)
        }
    }

    @Test("an unquarantine that fails halfway, then is retried, restores the recorded replicas and bounds",
          arguments: ["/deployments/web", "/horizontalpodautoscalers/web"])
    func unquarantineRetryAfterPartialFailure(failingPath: String) async throws {
        try await withHarness(Self.l4) { harness in
            _ = try output(try await run(harness, "quarantine_deployment", [
                "namespace": "shop", "name": "web", "reason": "CrashLoopBackOff: 14 restarts",
            ]))
            harness.simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: failingPath, methodFilter: "PATCH")
            _ = try failure(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            harness.simulator.faults = .none
            try await reconcileHPA(harness)
            _ = try output(try await run(harness, "unquarantine_deployment", ["namespace": "shop", "name": "web"]))
            #expect(try await deployment(harness, "web").spec?.replicas == 3)
            #expect(try await hpa(harness).spec?.minReplicas == 2)
            #expect(try await hpa(harness).spec?.maxReplicas == 10)
        }
    }

    @Test("update_hpa changes only the CPU target, keeps the other metrics in order, and its inverse restores them")
    func updateHPAKeepsOtherMetrics() async throws {
        try await withHarness(Self.l4) { harness in
            let metrics: [JSONValue] = [
                ["type": "Resource", "resource": ["name": "memory", "target": ["type": "Utilization", "averageUtilization": 80]]],
                ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 50]]],
                ["type": "External", "external": [
                    "metric": ["name": "queue_depth"], "target": ["type": "AverageValue", "averageValue": "30"],
                ]],
            ]
            let raw = harness.client.dynamic(HorizontalPodAutoscaler.groupVersionResource, namespaced: true, in: .named("shop"))
            _ = try await raw.patch("web", .merge(["spec": ["metrics": .array(metrics)]]))

            let invocation = ToolInvocation(tool: "update_hpa", arguments: ["namespace": "shop", "name": "web", "cpuUtilization": 70])
            let updated = try output(try await harness.executor.execute(invocation, caller: agent))
            let after = try #require(try await raw.get("web").json.value(at: ["spec", "metrics"])?.arrayValue)
            try #require(after.count == 3)
            #expect(after[0] == metrics[0], "memory is kept")
            #expect(after[1].value(at: ["resource", "name"]) == "cpu")
            #expect(after[1].value(at: ["resource", "target", "averageUtilization"])?.intValue == 70)
            #expect(after[2] == metrics[2], "the external metric is kept")
            #expect(updated.data["before"]?["metrics"] == .array(metrics))

            let inverse = try #require(Inverse.of(invocation, output: updated))
            try await approveInverse(inverse, harness)
            #expect(try await raw.get("web").json.value(at: ["spec", "metrics"]) == .array(metrics))
            let bounds = try await hpa(harness).spec
            #expect(bounds?.minReplicas == 2 && bounds?.maxReplicas == 10)
        }
    }

    @Test("update_hpa appends a CPU metric to an HPA without one; the inverse removes it")
    func updateHPAAppendsCPU() async throws {
        try await withHarness(Self.l4) { harness in
            let memory: JSONValue = ["type": "Resource", "resource": ["name": "memory", "target": ["type": "Utilization", "averageUtilization": 80]]]
            let raw = harness.client.dynamic(HorizontalPodAutoscaler.groupVersionResource, namespaced: true, in: .named("shop"))
            _ = try await raw.patch("web", .merge(["spec": ["metrics": [memory]]]))
            let invocation = ToolInvocation(tool: "update_hpa", arguments: ["namespace": "shop", "name": "web", "cpuUtilization": 60])
            let updated = try output(try await harness.executor.execute(invocation, caller: agent))
            let after = try #require(try await raw.get("web").json.value(at: ["spec", "metrics"])?.arrayValue)
            #expect(after.first == memory)
            #expect(after.last?.value(at: ["resource", "name"]) == "cpu")
            #expect(after.last?.value(at: ["resource", "target", "averageUtilization"])?.intValue == 60)
            try await approveInverse(try #require(Inverse.of(invocation, output: updated)), harness)
            #expect(try await raw.get("web").json.value(at: ["spec", "metrics"]) == [memory])
        }
    }

    /// Runs an inverse that replaces an HPA's metrics: the guard (autoscaler-signal) queues it whatever the level,
    /// and a person approves it.
    func approveInverse(_ inverse: ToolInvocation, _ harness: Harness) async throws {
        let report = try await harness.executor.execute(inverse, caller: agent)
        guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued: \(report.textForModel)") }
        #expect(report.decision.reason.contains("autoscaler-signal"), "\(report.decision)")
        let approved = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
        #expect(approved.plan.state == .executed, "\(approved.message)")
    }
}
