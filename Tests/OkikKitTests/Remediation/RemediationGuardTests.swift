import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// Each remediation guard on its own, against a healthy simulated cluster at L4 (where the level would run
/// everything): the guard, not the level, is what stops the call.
@Suite("Remediation guards, one by one", .serialized)
struct RemediationGuardTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)
    let caller = Caller(.agent, "guard-test")

    func withHealthy(
        _ configuration: GatekeeperConfiguration = Self.l4,
        _ body: (SimulatedCluster, GatedToolExecutor) async throws -> Void
    ) async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(), configuration: configuration, clock: cluster.clock,
            logger: testLogger)
        try await body(cluster, executor)
    }

    func call(_ executor: GatedToolExecutor, _ tool: String, _ arguments: JSON) async throws -> CallReport {
        try await executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: caller)
    }

    @Test("availability floor: a scale-down below the disruption budget needs a person; within it, it runs")
    func availabilityFloor() async throws {
        try await withHealthy { cluster, executor in
            let below = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "storefront", "replicas": 1])
            #expect(below.decision.kind == .requireApproval && below.decision.reason.contains("availability-floor"), "\(below.decision)")
            let deleted = try await call(executor, "delete_deployment", ["namespace": "okik-healthy", "name": "cart"])
            #expect(deleted.decision.kind == .requireApproval && deleted.decision.reason.contains("availability-floor"))
            let within = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 1])
            #expect(within.decision.kind == .execute, "\(within.decision)")
            let cart = try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("cart")
            #expect(cart.spec?.replicas == 1)
        }
    }

    @Test("quarantine only what serves nothing")
    func quarantineOnlyWhatServesNothing() async throws {
        try await withHealthy { cluster, executor in
            let report = try await call(executor, "quarantine_deployment", ["namespace": "okik-healthy", "name": "cart", "reason": "test"])
            #expect(report.decision.kind == .requireApproval && report.decision.reason.contains("quarantine-only-what-serves-nothing"))
            let cart = try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("cart")
            #expect(cart.spec?.replicas == 2)
        }
    }

    @Test("quarantine is judged on what serves, not on a quarantine annotation a person's restore left behind")
    func aLeftoverAnnotationDoesNotBypassTheServingCheck() async throws {
        try await withHealthy { cluster, executor in
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-healthy"))
            _ = try await deployments.patch("cart", .merge(["metadata": ["annotations": [QuarantineAnnotations.quarantined: "true"]]]))
            let report = try await call(executor, "quarantine_deployment", ["namespace": "okik-healthy", "name": "cart", "reason": "test"])
            #expect(report.decision.kind == .requireApproval && report.decision.reason.contains("quarantine-only-what-serves-nothing"), "\(report.decision)")
            #expect(try await deployments.get("cart").spec?.replicas == 2)
        }
    }

    @Test("nodes: at most the allowance cordoned, never the last schedulable node, never one whose pods fit nowhere")
    func nodeLimits() async throws {
        try await withHealthy { cluster, executor in
            let first = try await call(executor, "cordon_node", ["name": "worker-1"])
            #expect(first.decision.kind == .execute, "\(first.decision)")
            let second = try await call(executor, "cordon_node", ["name": "worker-2"])
            #expect(second.decision.kind == .deny && second.decision.reason.contains("node-cordon-limit"), "\(second.decision)")
        }
        let everything = GatekeeperConfiguration(
            level: .l4, rateLimits: .unlimited, remediation: RemediationPolicy(maxCordonedNodeShare: 1))
        try await withHealthy(everything) { cluster, executor in
            #expect(try await call(executor, "cordon_node", ["name": "worker-1"]).decision.kind == .execute)
            #expect(try await call(executor, "cordon_node", ["name": "worker-2"]).decision.kind == .execute)
            let last = try await call(executor, "cordon_node", ["name": "worker-3"])
            #expect(last.decision.kind == .deny && last.decision.reason.contains("last schedulable node"), "\(last.decision)")
        }
        try await withHealthy(everything) { cluster, executor in
            // Three pods of 1.2 CPU on three 2-CPU nodes: a node's big pod fits on no other node.
            try await create(cluster, "apps", "deployments", [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "big", "namespace": "okik-healthy"],
                "spec": [
                    "replicas": 3, "selector": ["matchLabels": ["app": "big"]],
                    "template": [
                        "metadata": ["labels": ["app": "big"]],
                        "spec": ["containers": [["name": "big", "image": "big:1", "resources": ["requests": ["cpu": "1200m", "memory": "256Mi"]]]]],
                    ],
                ],
            ])
            await cluster.simulator.advance(by: .seconds(30))
            let pods = try await cluster.client.namespaced(Pod.self, in: .named("okik-healthy")).list().items
            let node = try #require(pods.first { $0.name.hasPrefix("big-") && $0.spec?.nodeName != nil }?.spec?.nodeName)
            let report = try await call(executor, "cordon_node", ["name": .string(node)])
            #expect(report.decision.kind == .deny && report.decision.reason.contains("would fit on no other"), "\(report.decision)")
        }
    }

    @Test("autoscaler: the maximum raised only when the nodes have room, the minimum kept at the floor, the metrics replaced by a person")
    func autoscalerRoom() async throws {
        try await withHealthy { cluster, executor in
            let tooMany = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "maxReplicas": 100])
            #expect(tooMany.decision.kind == .deny && tooMany.decision.reason.contains("autoscaler-room"), "\(tooMany.decision)")
            let fits = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "maxReplicas": 7])
            #expect(fits.decision.kind == .execute, "\(fits.decision)")
            // Its disruption budget keeps 2: a minimum of 1 would let the autoscaler go below that.
            let lowMinimum = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "minReplicas": 1])
            #expect(lowMinimum.decision.kind == .requireApproval && lowMinimum.decision.reason.contains("availability-floor"), "\(lowMinimum.decision)")
            let withinFloor = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "minReplicas": 2])
            #expect(withinFloor.decision.kind == .execute, "\(withinFloor.decision)")
            // What it scales on is replaced only by a person.
            let metrics = try await call(executor, "update_hpa", [
                "namespace": "okik-healthy", "name": "storefront",
                "metrics": [["type": "Resource", "resource": ["name": "memory", "target": ["type": "Utilization", "averageUtilization": 90]]]],
            ])
            #expect(metrics.decision.kind == .requireApproval && metrics.decision.reason.contains("autoscaler-signal"), "\(metrics.decision)")
        }
    }

    @Test("rightsizing: nothing lowered without history, never below the peak, a Guaranteed pod stays Guaranteed, no request larger than the largest node")
    func rightsizing() async throws {
        let cluster = try await SimulatedCluster.start("overprovisioned")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: Self.l4, clock: cluster.clock, logger: testLogger)
        let target: JSON = ["namespace": "okik-overprovisioned", "name": "search-indexer", "container": "search-indexer"]
        func resize(_ requests: JSON, _ limits: JSON) async throws -> CallReport {
            var arguments = target
            arguments["requests"] = requests
            arguments["limits"] = limits
            return try await call(executor, "update_resources", arguments)
        }
        let early = try await resize(["memory": "512Mi"], ["memory": "512Mi"])
        #expect(early.decision.kind == .deny && early.decision.reason.contains("rightsizing-history"), "\(early.decision)")

        try await cluster.recordHistory(into: store)
        let belowPeak = try await resize(["memory": "100Mi"], ["memory": "100Mi"])
        #expect(belowPeak.decision.kind == .deny && belowPeak.decision.reason.contains("never-below-observed-usage"), "\(belowPeak.decision)")
        let burstable = try await resize(["memory": "512Mi"], ["memory": "1Gi"])
        #expect(burstable.decision.kind == .deny && burstable.decision.reason.contains("keep-qos-class"), "\(burstable.decision)")
        let tooBig = try await resize(["memory": "64Gi"], ["memory": "64Gi"])
        #expect(tooBig.decision.kind == .deny && tooBig.decision.reason.contains("node-capacity"), "\(tooBig.decision)")
        let fine = try await resize(["memory": "512Mi"], ["memory": "512Mi"])
        #expect(fine.decision.kind == .execute, "\(fine.decision)")
    }

    /// Creates an object through the dynamic client.
    func create(_ cluster: SimulatedCluster, _ group: String, _ resource: String, namespaced: Bool = true, _ object: JSON) async throws {
        let version = group.isEmpty ? "v1" : (group == "autoscaling" ? "v2" : "v1")
        let namespace = object["metadata"]?["namespace"]?.stringValue
        _ = try await cluster.client.dynamic(
            GroupVersionResource(group: group, version: version, resource: resource), namespaced: namespaced,
            in: namespace.map { .named($0) } ?? .allNamespaces
        ).create(UnstructuredObject(object))
    }

    @Test("rightsizing: an unset request counts as its limit, which the API server gives the pods")
    func rightsizingCountsADefaultedRequest() async throws {
        try await withHealthy { cluster, executor in
            try await create(cluster, "apps", "deployments", [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "cache", "namespace": "okik-healthy"],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "cache"]],
                    "template": [
                        "metadata": ["labels": ["app": "cache"]],
                        "spec": ["containers": [["name": "cache", "image": "cache:1", "resources": ["limits": ["memory": "4Gi"]]]]],
                    ],
                ],
            ])
            let report = try await call(executor, "update_resources", [
                "namespace": "okik-healthy", "name": "cache", "container": "cache", "requests": ["memory": "32Mi"],
            ])
            #expect(report.decision.kind == .deny && report.decision.reason.contains("rightsizing-history"), "\(report.decision)")
        }
    }

    @Test("deleting a namespace: pods that serve (whatever runs them) or bound claims need a person")
    func namespaceDeletionCountsEveryServingPodAndItsData() async throws {
        try await withHealthy { cluster, executor in
            for name in ["okik-operator", "okik-data", "okik-empty"] {
                try await create(cluster, "", "namespaces", namespaced: false, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
            }
            // A pod an operator made itself: no Deployment, no StatefulSet.
            try await create(cluster, "", "pods", [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "db-0", "namespace": "okik-operator", "labels": ["app": "db"]],
                "spec": ["containers": [["name": "db", "image": "postgres:17", "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]]]]],
            ])
            try await create(cluster, "", "persistentvolumeclaims", [
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": "archive", "namespace": "okik-data"],
                "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
            ])
            await cluster.simulator.advance(by: .seconds(60))
            let pod = try await cluster.client.namespaced(Pod.self, in: .named("okik-operator")).get("db-0")
            try #require(pod.isReady, "the operator's pod did not become Ready")
            let claim = try await cluster.client.namespaced(PersistentVolumeClaim.self, in: .named("okik-data")).get("archive")
            try #require(claim.status?.phase == "Bound", "the claim was not bound")

            let serving = try await call(executor, "delete_namespace", ["name": "okik-operator"])
            #expect(serving.decision.kind == .requireApproval && serving.decision.reason.contains("pod db-0"), "\(serving.decision)")
            let data = try await call(executor, "delete_namespace", ["name": "okik-data"])
            #expect(data.decision.kind == .requireApproval && data.decision.reason.contains("archive"), "\(data.decision)")
            let empty = try await call(executor, "delete_namespace", ["name": "okik-empty"])
            #expect(empty.decision.kind == .execute, "\(empty.decision)")
        }
    }

    @Test("the availability floor holds for an autoscaler whose target is a StatefulSet")
    func statefulSetAutoscalerKeepsItsFloor() async throws {
        try await withHealthy { cluster, executor in
            try await create(cluster, "apps", "statefulsets", [
                "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "quorum", "namespace": "okik-healthy"],
                "spec": [
                    "replicas": 5, "serviceName": "quorum", "selector": ["matchLabels": ["app": "quorum"]],
                    "template": [
                        "metadata": ["labels": ["app": "quorum"]],
                        "spec": ["containers": [["name": "quorum", "image": "etcd:3", "resources": ["requests": ["cpu": "50m", "memory": "64Mi"]]]]],
                    ],
                ],
            ])
            try await create(cluster, "policy", "poddisruptionbudgets", [
                "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": "quorum", "namespace": "okik-healthy"],
                "spec": ["minAvailable": 3, "selector": ["matchLabels": ["app": "quorum"]]],
            ])
            try await create(cluster, "autoscaling", "horizontalpodautoscalers", [
                "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "quorum", "namespace": "okik-healthy"],
                "spec": [
                    "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "StatefulSet", "name": "quorum"], "minReplicas": 5,
                    "maxReplicas": 5,
                ],
            ])
            await cluster.simulator.advance(by: .seconds(120))
            let report = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "quorum", "minReplicas": 1, "maxReplicas": 1])
            #expect(report.decision.kind == .requireApproval && report.decision.reason.contains("availability-floor"), "\(report.decision)")
        }
    }

    @Test("capacity: asking for more pods than the nodes have room for needs a person (or is refused for a maximum)")
    func scaleUpsNeedRoom() async throws {
        try await withHealthy { cluster, executor in
            let scaled = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 1000])
            #expect(scaled.decision.kind == .requireApproval && scaled.decision.reason.contains("capacity-room"), "\(scaled.decision)")
            let minimum = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "minReplicas": 500, "maxReplicas": 500])
            #expect(minimum.decision.kind == .deny && minimum.decision.reason.contains("autoscaler-room"), "\(minimum.decision)")
            let raisedMinimum = try await call(executor, "update_hpa", ["namespace": "okik-healthy", "name": "storefront", "minReplicas": 90])
            #expect(raisedMinimum.decision.kind == .requireApproval && raisedMinimum.decision.reason.contains("capacity-room"), "\(raisedMinimum.decision)")
            let created = try await call(executor, "create_hpa", ["namespace": "okik-healthy", "deployment": "cart", "minReplicas": 1000, "maxReplicas": 1000])
            #expect(created.decision.kind == .deny && created.decision.reason.contains("autoscaler-room"), "\(created.decision)")
            let modest = try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 3])
            #expect(modest.decision.kind == .execute, "\(modest.decision)")
            #expect(try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("cart").spec?.replicas == 3)
        }
    }

    @Test("a drain stops at the next eviction once the emergency stop is engaged")
    func aDrainStopsWhenTheEmergencyStopIsEngaged() async throws {
        try await withHealthy { cluster, executor in
            let node = "worker-1"
            let onNode = try await cluster.client.namespaced(Pod.self, in: .allNamespaces)
                .list(ListOptions(fieldSelector: "spec.nodeName=\(node)")).items
                .filter { $0.metadata.controllerReference.map { $0.kind != "DaemonSet" } ?? false && $0.namespace != "kube-system" }
            try #require(onNode.count >= 2, "worker-1 holds \(onNode.count) evictable pods")
            // Each eviction takes a second, so the stop lands while the drain runs.
            cluster.simulator.faults = FaultConfiguration(latency: .seconds(1), pathFilter: "/eviction")
            cluster.simulator.requests.reset()
            let drain = Task { try await call(executor, "drain_node", ["name": .string(node)]) }
            let until = Date().addingTimeInterval(30)
            while !cluster.simulator.requests.entries.contains(where: { $0.path.hasSuffix("/eviction") }), Date() < until {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await executor.controls.engageEmergencyStop(by: Caller(.human, "alice"), reason: "drill")
            let report = try await drain.value
            cluster.simulator.faults = .none
            guard case .failed(let failure) = report.outcome else {
                Issue.record("the drain was not stopped: \(report.textForModel)")
                return
            }
            #expect(failure.message.contains("emergency stop was engaged during the drain"), "\(failure.message)")
            let evictions = cluster.simulator.requests.entries.filter { $0.path.hasSuffix("/eviction") }.count
            #expect(evictions < onNode.count, "\(evictions) of \(onNode.count) pods were evicted")
        }
    }

    @Test("two callers deleting a workload's last two serving pods at once: one runs, the other needs a person")
    func concurrentWritesAreJudgedOneAfterTheOther() async throws {
        try await withHealthy { cluster, executor in
            let pods = try await cluster.client.namespaced(Pod.self, in: .named("okik-healthy")).list().items
                .filter { $0.name.hasPrefix("cart-") && $0.isReady }
            try #require(pods.count == 2, "cart runs \(pods.count) ready pods")
            let reports = try await withThrowingTaskGroup(of: CallReport.self) { group in
                for pod in pods {
                    group.addTask {
                        try await executor.execute(
                            ToolInvocation(tool: "delete_pod", arguments: ["namespace": "okik-healthy", "name": .string(pod.name)]),
                            caller: Caller(.agent, "caller-\(pod.name)"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let kinds = reports.map(\.decision.kind)
            #expect(kinds.filter { $0 == .execute }.count == 1, "\(reports.map(\.decision))")
            #expect(kinds.filter { $0 == .requireApproval }.count == 1, "\(reports.map(\.decision))")
        }
    }

    @Test("a stop engaged while the guards read the cluster still stops the write")
    func aStopDuringTheGuardsReadsStopsTheWrite() async throws {
        try await withHealthy { cluster, executor in
            // The guards' read of the disruption budgets takes a second; the stop lands during it.
            cluster.simulator.faults = FaultConfiguration(latency: .seconds(1), pathFilter: "/poddisruptionbudgets")
            cluster.simulator.requests.reset()
            let scale = Task { try await call(executor, "scale_deployment", ["namespace": "okik-healthy", "name": "cart", "replicas": 1]) }
            let until = Date().addingTimeInterval(30)
            while !cluster.simulator.requests.entries.contains(where: { $0.path.hasSuffix("/poddisruptionbudgets") }), Date() < until {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await executor.controls.engageEmergencyStop(by: Caller(.human, "alice"), reason: "drill")
            let report = try await scale.value
            cluster.simulator.faults = .none
            #expect(report.decision.kind == .deny && report.decision.reason.contains("emergency stop"), "\(report.decision)")
            #expect(try await cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("cart").spec?.replicas == 2)
        }
    }

    @Test("restoring a quarantine is a scale-up: a forged record of 500 replicas needs a person, a true one runs")
    func aRestoreNeedsRoomForWhatItRestores() async throws {
        try await withHealthy { cluster, executor in
            let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-healthy"))
            func quarantine(recording replicas: Int) async throws {
                _ = try await deployments.patch("cart", .merge([
                    "metadata": ["annotations": [
                        QuarantineAnnotations.quarantined: "true", QuarantineAnnotations.originalReplicas: .string(String(replicas)),
                    ]],
                    "spec": ["replicas": 0],
                ]))
                await cluster.simulator.advance(by: .seconds(30))
            }
            try await quarantine(recording: 500)
            let forged = try await call(executor, "unquarantine_deployment", ["namespace": "okik-healthy", "name": "cart"])
            #expect(forged.decision.kind == .requireApproval && forged.decision.reason.contains("capacity-room"), "\(forged.decision)")
            #expect(try await deployments.get("cart").spec?.replicas == 0)

            try await quarantine(recording: 2)
            let restored = try await call(executor, "unquarantine_deployment", ["namespace": "okik-healthy", "name": "cart"])
            #expect(restored.decision.kind == .execute, "\(restored.decision)")
            #expect(try await deployments.get("cart").spec?.replicas == 2)
        }
    }
}
