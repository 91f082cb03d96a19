import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Usage model, metrics and the HPA")
struct MetricsAndHPATests {
    static func hpa(_ name: String, target: String, min: Int, max: Int, cpu: Int) -> JSONValue {
        [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(target)],
                "minReplicas": .int(min), "maxReplicas": .int(max),
                "metrics": [["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": .int(cpu)]]]],
            ],
        ]
    }

    @Test func podAndNodeMetricsFollowTheUsageAnnotations() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 1)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "web", replicas: 1, annotations: ["sim.okik.io/cpu": "steady:250m", "sim.okik.io/memory": "ramp:100Mi->200Mi/10m"]))
        await cluster.advance(62)
        let metrics = try #require(try await cluster.list(PodMetrics.self).first)
        let usage = try #require(metrics.containers?.first?.usage)
        #expect(usage["cpu"]?.millicores == 250)
        let memory = try #require(usage["memory"]?.bytes)
        // One minute into a ten-minute ramp from 100Mi to 200Mi: about 110Mi.
        #expect(abs(Double(memory) - 110 * 1_048_576) < 2 * 1_048_576)
        let node = try #require(try await cluster.list(NodeMetrics.self).first)
        #expect((node.usage?["cpu"]?.millicores ?? 0) >= 250)
    }

    @Test func hpaScalesUpAndReportsScalingLimitedAtMax() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 3)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "api", replicas: 2, annotations: ["sim.okik.io/cpu": "steady:450m"], requests: ["cpu": "200m", "memory": "128Mi"]))
        try await cluster.create(Self.hpa("api", target: "api", min: 2, max: 5, cpu: 50))
        await cluster.advance(120)
        let hpa = try await cluster.get(HorizontalPodAutoscaler.self, "api")
        #expect(hpa.status?.desiredReplicas == 5)
        #expect(hpa.status?.currentReplicas == 5)
        let limited = try #require(hpa.status?.conditions?.first(ofType: "ScalingLimited"))
        #expect(limited.status == "True")
        #expect(limited.reason == "TooManyReplicas")
        #expect(limited.message == "the desired replica count is more than the maximum replica count")
        let active = try #require(hpa.status?.conditions?.first(ofType: "ScalingActive"))
        #expect(active.reason == "ValidMetricFound")
        #expect(hpa.status?.currentMetrics?.first?.resource?.current?.averageUtilization == 225)
        let deployment = try await cluster.get(Deployment.self, "api")
        #expect(deployment.spec?.replicas == 5)
        #expect(try await cluster.list(Pod.self).count == 5)
        let rescale = try await cluster.events(reason: "SuccessfulRescale").compactMap(\.message)
        #expect(rescale.contains { $0 == "New size: 5; reason: cpu resource utilization (percentage of request) above target" })
    }

    @Test func hpaWithinRangeAndMissingRequests() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 2)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "calm", replicas: 2, annotations: ["sim.okik.io/cpu": "steady:100m"], requests: ["cpu": "200m"]))
        try await cluster.create(Self.hpa("calm", target: "calm", min: 2, max: 6, cpu: 50))
        try await cluster.create(SimulatedCluster.deployment("bare", replicas: 1, requests: [:]))
        try await cluster.create(Self.hpa("bare", target: "bare", min: 1, max: 3, cpu: 50))
        await cluster.advance(60)
        let calm = try await cluster.get(HorizontalPodAutoscaler.self, "calm")
        #expect(calm.status?.conditions?.first(ofType: "ScalingLimited")?.reason == "DesiredWithinRange")
        #expect(calm.status?.conditions?.first(ofType: "AbleToScale")?.reason == "ReadyForNewScale")
        #expect(calm.status?.desiredReplicas == 2)
        let bare = try await cluster.get(HorizontalPodAutoscaler.self, "bare")
        let active = try #require(bare.status?.conditions?.first(ofType: "ScalingActive"))
        #expect(active.status == "False")
        #expect(active.reason == "FailedGetResourceMetric")
        #expect(active.message?.contains("missing request for cpu in container bare") == true)
    }

    @Test func scaleDownWaitsForTheStabilizationWindow() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 3)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "wave", replicas: 2, annotations: ["sim.okik.io/cpu": "steady:400m"], requests: ["cpu": "200m"]))
        try await cluster.create(Self.hpa("wave", target: "wave", min: 2, max: 8, cpu: 60))
        await cluster.advance(120)
        #expect(try await cluster.get(Deployment.self, "wave").spec?.replicas == 8)
        // The load drops (a new version that needs little CPU rolls out).
        try await cluster.modify("apps/v1", "Deployment", "wave") {
            $0.put("steady:20m", at: ["spec", "template", "metadata", "annotations", "sim.okik.io/cpu"])
        }
        await cluster.advance(120)
        let held = try await cluster.get(HorizontalPodAutoscaler.self, "wave")
        #expect(held.status?.desiredReplicas == 8)
        #expect(held.status?.conditions?.first(ofType: "AbleToScale")?.reason == "ScaleDownStabilized")
        await cluster.advance(400)
        let lowered = try await cluster.get(Deployment.self, "wave").spec?.replicas ?? 0
        #expect(lowered == 2)
        let rescale = try await cluster.events(reason: "SuccessfulRescale").compactMap(\.message)
        #expect(rescale.contains("New size: 2; reason: All metrics below target"))
    }
}
