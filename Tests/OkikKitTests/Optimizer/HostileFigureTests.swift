import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// Resource figures are tenants' to write, and `limits.memory: 5Ei` is a valid quantity: OKIK's sums and scaled
/// figures of them hold at the bounds instead of trapping, in the optimizer and in the watchdog.
@Suite("Hostile resource figures")
struct HostileFigureTests {
    /// Two containers whose memory limits add up past `Int64.max`, and a CPU limit of ten quadrillion cores.
    static let greedy = #"[{"name": "main", "image": "shop/web:1.0", "resources": {"requests": {"cpu": "1m", "memory": "64Mi"}, "limits": {"cpu": "1e16", "memory": "5Ei"}}}, {"name": "side", "image": "shop/side:1.0", "resources": {"requests": {"cpu": "1m", "memory": "64Mi"}, "limits": {"cpu": "1e16", "memory": "5Ei"}}}]"#

    @Test func theOptimizerScoresASnapshotWhoseFiguresOverflow() throws {
        let now = CheckTableTests.now
        let deployment: Deployment = CheckTableTests.decode(#"""
            {"metadata": {"name": "web", "namespace": "shop", "uid": "d-web", "creationTimestamp": "2026-01-01T00:00:00Z"},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": \#(Self.greedy)}}},
             "status": {"replicas": 2, "availableReplicas": 2, "readyReplicas": 2}}
            """#)
        func pod(_ name: String, node: String?, phase: String) -> Pod {
            CheckTableTests.decode(#"""
                {"metadata": {"name": "\#(name)", "namespace": "shop", "uid": "p-\#(name)", "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"app": "web"},
                              "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-abc", "uid": "rs-web", "controller": true}]},
                 "spec": {\#(node.map { #""nodeName": "\#($0)","# } ?? "") "containers": \#(Self.greedy)},
                 "status": {"phase": "\#(phase)", "conditions": [{"type": "Ready", "status": "\#(phase == "Running" ? "True" : "False")"}]}}
                """#)
        }
        let pending: Pod = CheckTableTests.decode(#"""
            {"metadata": {"name": "huge", "namespace": "shop", "uid": "p-huge", "creationTimestamp": "2026-01-01T00:00:00Z"},
             "spec": {"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"memory": "5Ei", "cpu": "1e16"}}},
                                     {"name": "b", "image": "b:1", "resources": {"requests": {"memory": "5Ei", "cpu": "1e16"}}}]},
             "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/1 nodes are available: 1 Insufficient memory."}]}}
            """#)
        let snapshot = ClusterSnapshot(
            takenAt: now, pods: [pod("web-1", node: "node-1", phase: "Running"), pod("web-2", node: "node-1", phase: "Running"), pending],
            deployments: [deployment], replicaSets: [CheckTableTests.replicaSet("web")], nodes: [CheckTableTests.node("node-1")],
            autoscalers: [CheckTableTests.autoscaler(min: 2, max: 4, target: 80)],
            metrics: .available(
                pods: [CheckTableTests.podMetrics("web-1", cpu: "5m", memory: "60Mi")], nodes: []))
        let report = Optimizer().evaluate(snapshot)
        #expect(report.findings.contains { $0.code == .nodeOvercommitted })
        #expect((0...100).contains(report.score))
    }

    @Test func theWatchdogIndexesPodsWhoseFiguresOverflow() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited),
            clock: cluster.clock, logger: testLogger)
        let watchdog = Watchdog(
            caches: ClusterCaches(client: cluster.client, logger: testLogger), executor: executor,
            configuration: WatchdogConfiguration(), clock: cluster.clock, logger: testLogger)
        let task = Task { try await watchdog.run() }
        defer { task.cancel() }
        await watchdog.caches.pods.waitUntilSynced()
        let containers = try JSONValue.parse(Data(Self.greedy.utf8))
        _ = try await cluster.client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true,
            in: .named("okik-healthy")
        ).create(UnstructuredObject([
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "greedy", "namespace": "okik-healthy"],
            "spec": [
                "replicas": 2, "selector": ["matchLabels": ["app": "greedy"]],
                "template": ["metadata": ["labels": ["app": "greedy"]], "spec": ["containers": containers]],
            ],
        ]))
        await cluster.simulator.advance(by: .seconds(60))
        let greedy = try await cluster.client.namespaced(Pod.self, in: .named("okik-healthy")).list().items
            .filter { $0.name.hasPrefix("greedy-") && $0.spec?.nodeName != nil }
        try #require(!greedy.isEmpty, "no greedy pod was scheduled")
        // The pods' events reached the watchdog's index (a trap would have ended the test process), and it still ticks.
        #expect(await WatchdogTests.eventually { await watchdog.caches.pods.snapshot().contains { $0.name.hasPrefix("greedy-") } })
        try await watchdog.tick()
        // Healthy pods, however large their figures: nothing about them reaches the feed.
        #expect(await !watchdog.feed.recommendations().contains { $0.subject.name == "greedy" })
    }
}
