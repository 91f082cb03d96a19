import Foundation
import OkikKit
import OkikKubeClient
import Testing

/// Checks the scenarios do not exercise, on small snapshots built from API-shaped JSON: each case must yield its
/// code, and its healthy twin must not.
@Suite("Built-in checks on hand-made snapshots")
struct CheckTableTests {
    static let now = Date(timeIntervalSince1970: 1_767_229_200)  // 2026-01-01T01:00:00Z
    static let created = #""creationTimestamp": "2026-01-01T00:00:00Z""#

    static func decode<T: Decodable>(_ json: String) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(json.utf8)) } catch { fatalError("\(error)\n\(json)") }
    }

    static func deployment(_ name: String, replicas: Int = 2, available: Int = 2, resources: String = #"{"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "200m", "memory": "256Mi"}}"#,
                           conditions: String = "[]", annotations: String = "{}") -> Deployment {
        decode(#"""
            {"metadata": {"name": "\#(name)", "namespace": "shop", "uid": "d-\#(name)", \#(created), "annotations": \#(annotations)},
             "spec": {"replicas": \#(replicas), "selector": {"matchLabels": {"app": "\#(name)"}},
                      "template": {"metadata": {"labels": {"app": "\#(name)"}},
                                   "spec": {"containers": [{"name": "main", "image": "shop/\#(name):1.0", "resources": \#(resources)}]}}},
             "status": {"replicas": \#(replicas), "availableReplicas": \#(available), "readyReplicas": \#(available), "conditions": \#(conditions)}}
            """#)
    }

    static func replicaSet(_ deployment: String) -> ReplicaSet {
        decode(#"""
            {"metadata": {"name": "\#(deployment)-abc", "namespace": "shop", "uid": "rs-\#(deployment)",
                          "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "\#(deployment)", "uid": "d-\#(deployment)", "controller": true}]}}
            """#)
    }

    static func pod(_ name: String, owner: String, node: String = "node-1", status: String, resources: String = #"{"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "200m", "memory": "256Mi"}}"#,
                    volumes: String = "[]") -> Pod {
        decode(#"""
            {"metadata": {"name": "\#(name)", "namespace": "shop", "uid": "p-\#(name)", \#(created), "labels": {"app": "\#(owner)", "pod-template-hash": "abc"},
                          "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "\#(owner)-abc", "uid": "rs-\#(owner)", "controller": true}]},
             "spec": {"nodeName": "\#(node)", "containers": [{"name": "main", "image": "shop/\#(owner):1.0", "resources": \#(resources)}], "volumes": \#(volumes)},
             "status": \#(status)}
            """#)
    }

    static let running = #"{"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [{"name": "main", "ready": true, "restartCount": 0, "state": {"running": {}}}]}"#

    static func node(_ name: String, cpu: String = "4", memory: String = "16Gi") -> Node {
        decode(#"""
            {"metadata": {"name": "\#(name)", "uid": "n-\#(name)", \#(created)},
             "status": {"allocatable": {"cpu": "\#(cpu)", "memory": "\#(memory)", "pods": "110"},
                        "conditions": [{"type": "Ready", "status": "True"}]}}
            """#)
    }

    static func podMetrics(_ name: String, cpu: String, memory: String) -> PodMetrics {
        decode(#"{"metadata": {"name": "\#(name)", "namespace": "shop"}, "containers": [{"name": "main", "usage": {"cpu": "\#(cpu)", "memory": "\#(memory)"}}]}"#)
    }

    static func autoscaler(min: Int, max: Int, conditions: String = "[]", target: Int = 70) -> HorizontalPodAutoscaler {
        decode(#"""
            {"metadata": {"name": "web", "namespace": "shop", \#(created)},
             "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": \#(min), "maxReplicas": \#(max),
                      "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": \#(target)}}}]},
             "status": {"currentReplicas": \#(min), "desiredReplicas": \#(min), "conditions": \#(conditions)}}
            """#)
    }

    static func run(_ snapshot: ClusterSnapshot) -> [FindingCode] {
        Optimizer().evaluate(snapshot).findings.map(\.code)
    }

    static func metrics(_ pods: [PodMetrics]) -> MetricsSnapshot { .available(pods: pods, nodes: []) }

    @Test func memoryAndCPUNearTheirLimits() {
        let web = Self.deployment("web")
        let pod = Self.pod("web-1", owner: "web", status: Self.running)
        let hot = ClusterSnapshot(
            takenAt: Self.now, pods: [pod], deployments: [web], replicaSets: [Self.replicaSet("web")], nodes: [Self.node("node-1")],
            metrics: Self.metrics([Self.podMetrics("web-1", cpu: "195m", memory: "250Mi")]))
        let report = Optimizer().evaluate(hot)
        #expect(report.findings.contains { $0.code == .memoryNearLimit && $0.proposedCalls.first?.tool == "update_resources" })
        #expect(report.findings.contains { $0.code == .cpuNearLimit })
        let calm = ClusterSnapshot(
            takenAt: Self.now, pods: [pod], deployments: [web], replicaSets: [Self.replicaSet("web")], nodes: [Self.node("node-1")],
            metrics: Self.metrics([Self.podMetrics("web-1", cpu: "60m", memory: "100Mi")]))
        #expect(!Self.run(calm).contains(.memoryNearLimit) && !Self.run(calm).contains(.cpuNearLimit))
    }

    @Test func nodeOvercommitByMemoryLimits() {
        let big = #"{"requests": {"cpu": "100m", "memory": "1Gi"}, "limits": {"memory": "4Gi"}}"#
        let pods = (1...4).map { Self.pod("web-\($0)", owner: "web", status: Self.running, resources: big) }
        let snapshot = ClusterSnapshot(
            takenAt: Self.now, pods: pods, deployments: [Self.deployment("web", replicas: 4, available: 4, resources: big)],
            replicaSets: [Self.replicaSet("web")], nodes: [Self.node("node-1", memory: "8Gi")])
        #expect(Self.run(snapshot).contains(.nodeOvercommitted))
        let roomy = ClusterSnapshot(
            takenAt: Self.now, pods: pods, deployments: [Self.deployment("web", replicas: 4, available: 4, resources: big)],
            replicaSets: [Self.replicaSet("web")], nodes: [Self.node("node-1", memory: "16Gi")])
        #expect(!Self.run(roomy).contains(.nodeOvercommitted))
    }

    @Test func restartsConfigErrorsAndStalledRollouts() {
        let restarting = #"{"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [{"name": "main", "ready": true, "restartCount": 7, "state": {"running": {}}, "lastState": {"terminated": {"exitCode": 2, "reason": "Error"}}}]}"#
        let config = #"{"phase": "Pending", "containerStatuses": [{"name": "main", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "CreateContainerConfigError", "message": "configmap \"web-config\" not found"}}}]}"#
        let stalled = #"[{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-abc\" has timed out progressing."}]"#
        let snapshot = ClusterSnapshot(
            takenAt: Self.now,
            pods: [Self.pod("web-1", owner: "web", status: restarting), Self.pod("web-2", owner: "web", status: config)],
            deployments: [Self.deployment("web", available: 1, conditions: stalled)], replicaSets: [Self.replicaSet("web")],
            nodes: [Self.node("node-1")])
        let report = Optimizer().evaluate(snapshot)
        #expect(report.findings.contains { $0.code == .frequentRestarts && $0.evidence["restarts (highest)"] == "7" })
        #expect(report.findings.contains { $0.code == .containerConfigError && $0.message.contains("web-config") })
        #expect(report.findings.contains { $0.code == .rolloutStalled })
        #expect(report.findings.contains { $0.code == .lowAvailability && $0.severity == .medium })
    }

    @Test func budgetsThatBlockEveryDisruption() {
        let budget: PodDisruptionBudget = Self.decode(#"""
            {"metadata": {"name": "web", "namespace": "shop"}, "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
             "status": {"expectedPods": 2, "currentHealthy": 2, "desiredHealthy": 2, "disruptionsAllowed": 0}}
            """#)
        let fine: PodDisruptionBudget = Self.decode(#"""
            {"metadata": {"name": "web", "namespace": "shop"}, "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}},
             "status": {"expectedPods": 2, "currentHealthy": 2, "desiredHealthy": 1, "disruptionsAllowed": 1}}
            """#)
        #expect(Self.run(ClusterSnapshot(takenAt: Self.now, budgets: [budget])).contains(.budgetBlocksDisruption))
        #expect(!Self.run(ClusterSnapshot(takenAt: Self.now, budgets: [fine])).contains(.budgetBlocksDisruption))
    }

    @Test func zeroReplicasUnusedClaimsAndEmptyNamespaces() {
        let quarantined = Self.deployment("old", replicas: 0, available: 0, annotations: #"{"okik.io/quarantined": "true"}"#)
        let forgotten = Self.deployment("legacy", replicas: 0, available: 0)
        let claim: PersistentVolumeClaim = Self.decode(#"{"metadata": {"name": "scratch", "namespace": "shop"}, "spec": {"resources": {"requests": {"storage": "5Gi"}}}, "status": {"phase": "Bound", "capacity": {"storage": "5Gi"}}}"#)
        let mounted = Self.pod("web-1", owner: "web", status: Self.running, volumes: #"[{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]"#)
        let used: PersistentVolumeClaim = Self.decode(#"{"metadata": {"name": "data", "namespace": "shop"}, "status": {"phase": "Bound"}}"#)
        let namespaces: [Namespace] = ["shop", "forgotten", "kube-system", "default"].map { Self.decode(#"{"metadata": {"name": "\#($0)"}}"#) }
        let report = Optimizer().evaluate(
            ClusterSnapshot(
                takenAt: Self.now, namespaces: namespaces, pods: [mounted], deployments: [quarantined, forgotten, Self.deployment("web")],
                replicaSets: [Self.replicaSet("web")], nodes: [Self.node("node-1")], claims: [claim, used]))
        #expect(report.findings.filter { $0.code == .deploymentAtZero }.map(\.subject.name) == ["legacy"])
        #expect(report.findings.filter { $0.code == .unusedClaim }.map(\.subject.name) == ["scratch"])
        #expect(report.findings.filter { $0.code == .emptyNamespace }.map(\.subject.name) == ["forgotten"])
        #expect(report.findings.first { $0.code == .emptyNamespace }?.severity == .info)
    }

    @Test func autoscalerMetricsRangeAndTargets() {
        let failing = #"[{"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric", "message": "unable to get metrics for resource cpu"}]"#
        let noRequests = Self.deployment("web", resources: #"{"limits": {"memory": "256Mi"}}"#)
        let capped = Self.deployment("web", resources: #"{"requests": {"cpu": "500m"}, "limits": {"cpu": "500m", "memory": "1Gi"}}"#)
        let metricsDown = ClusterSnapshot(takenAt: Self.now, deployments: [Self.deployment("web")], autoscalers: [Self.autoscaler(min: 2, max: 6, conditions: failing)])
        #expect(Self.run(metricsDown).contains(.autoscalerMetricsUnavailable))
        let fixed = ClusterSnapshot(takenAt: Self.now, deployments: [Self.deployment("web")], autoscalers: [Self.autoscaler(min: 3, max: 3)])
        #expect(Self.run(fixed).contains(.autoscalerFixed))
        let unrequested = ClusterSnapshot(takenAt: Self.now, deployments: [noRequests], autoscalers: [Self.autoscaler(min: 2, max: 6)])
        #expect(Self.run(unrequested).contains(.autoscalerTargetWithoutRequests))
        let unreachable = ClusterSnapshot(takenAt: Self.now, deployments: [capped], autoscalers: [Self.autoscaler(min: 2, max: 6, target: 120)])
        #expect(Self.run(unreachable).contains(.autoscalerTargetUnreachable))
        let healthy = ClusterSnapshot(takenAt: Self.now, deployments: [capped], autoscalers: [Self.autoscaler(min: 2, max: 6, target: 80)])
        #expect(Self.run(healthy).filter { $0.category == .scaling }.isEmpty)
    }

    @Test func cronJobsLateOrSuspended() {
        func cronJob(_ name: String, suspend: Bool, last: String) -> CronJob {
            Self.decode(#"""
                {"metadata": {"name": "\#(name)", "namespace": "shop", \#(Self.created)},
                 "spec": {"schedule": "*/10 * * * *", "suspend": \#(suspend), "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "shop/report:1", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}}]}}}}},
                 "status": {"lastScheduleTime": "\#(last)"}}
                """#)
        }
        let late = cronJob("late", suspend: false, last: "2026-01-01T00:20:00Z")      // due 00:30, now 01:00
        let onTime = cronJob("on-time", suspend: false, last: "2026-01-01T00:50:00Z")  // due 01:00
        let paused = cronJob("paused", suspend: true, last: "2026-01-01T00:20:00Z")
        let report = Optimizer().evaluate(ClusterSnapshot(takenAt: Self.now, cronJobs: [late, onTime, paused]))
        #expect(report.findings.filter { $0.code == .cronJobNotScheduling }.map(\.subject.name) == ["late"])
        #expect(report.findings.filter { $0.code == .cronJobSuspended }.map(\.subject.name) == ["paused"])
    }

    @Test func daemonSetsMisscheduledAndStatefulSetsNotReady() {
        let daemon: DaemonSet = Self.decode(#"""
            {"metadata": {"name": "agent", "namespace": "shop", \#(Self.created)}, "spec": {"template": {"spec": {"containers": [{"name": "main"}]}}},
             "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 3, "numberAvailable": 3, "numberMisscheduled": 1}}
            """#)
        let database: StatefulSet = Self.decode(#"""
            {"metadata": {"name": "db", "namespace": "shop", \#(Self.created)}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "main"}]}}},
             "status": {"replicas": 3, "readyReplicas": 1, "currentReplicas": 3}}
            """#)
        let report = Optimizer().evaluate(ClusterSnapshot(takenAt: Self.now, statefulSets: [database], daemonSets: [daemon]))
        #expect(report.findings.contains { $0.code == .daemonSetMisscheduled && $0.evidence["misscheduled"] == "1" })
        #expect(report.findings.contains { $0.code == .statefulSetNotReady && $0.message.contains("1 of 3") })
        #expect(!report.findings.contains { $0.code == .daemonSetUnavailable })
    }

    @Test func schedulingAdviceNamesOnlyWhatBlocks() {
        let taints = #"0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 Insufficient memory."#
        let capacity = [NodeCapacity(node: "a", freeCPU: 4000, freeMemory: 1 << 30, schedulable: true)]
        let context = WatchdogContext(
            now: Self.now, configuration: WatchdogConfiguration(pendingTimeout: .seconds(60)),
            owner: ResourceRef(kind: "Deployment", namespace: "shop", name: "web"), nodeCapacity: { capacity })
        let pending: Pod = Self.decode(#"""
            {"metadata": {"name": "web-1", "namespace": "shop", \#(Self.created)},
             "spec": {"containers": [{"name": "main", "resources": {"requests": {"cpu": "100m", "memory": "2Gi"}}}]},
             "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "\#(taints)"}]}}
            """#)
        let alerts = PendingTimeoutRule().evaluate(pending, context: context)
        #expect(alerts.count == 1)
        let advice = alerts.first?.recommendation ?? ""
        #expect(advice.contains("Lower the memory request (2Gi per pod)"))
        #expect(advice.contains("toleration for dedicated"))
        #expect(!advice.contains("node.kubernetes.io"))
        #expect(!advice.contains("CPU request"))
    }
}
