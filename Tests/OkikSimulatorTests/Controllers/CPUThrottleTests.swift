import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// CPU usage is throttled: by each container's limit, and by the node's allocatable CPU on an over-committed node.
@Suite struct CPUThrottleTests {
    @Test func anOvercommittedNodeNeverReportsMoreThanItsAllocatableCPU() async throws {
        // One 2-CPU node; three pods each wanting 1.5 CPU with requests of 100m (the scheduler places all three).
        let cluster = try await SimulatedCluster.start(nodes: 1, cpu: "2", memory: "8Gi")
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "busy", replicas: 3, annotations: ["sim.okik.io/cpu": "steady:1500m"],
            requests: ["cpu": "100m", "memory": "128Mi"]))
        // A pod that wants less than its request keeps all of it.
        try await cluster.create(SimulatedCluster.deployment(
            "quiet", replicas: 1, annotations: ["sim.okik.io/cpu": "steady:200m"],
            requests: ["cpu": "300m", "memory": "128Mi"]))
        await cluster.advance(65)

        let node = try #require(try await cluster.list(NodeMetrics.self).first)
        let nodeCPU = try #require(node.usage?["cpu"]?.millicores)
        let allocatable = try #require(try await cluster.get(Node.self, "node-1", namespace: nil).status?.allocatable?["cpu"]?.millicores)
        #expect(nodeCPU <= allocatable, "node uses \(nodeCPU)m of \(allocatable)m")
        #expect(nodeCPU >= allocatable - 5, "the node is saturated: \(nodeCPU)m of \(allocatable)m")

        let pods = try await cluster.list(PodMetrics.self)
        #expect(pods.count == 4)
        let cpu = pods.map { ($0.metadata.name ?? "", $0.containers?.first?.usage?["cpu"]?.millicores ?? 0) }
        let total = cpu.map(\.1).reduce(0, +)
        #expect(total <= allocatable - 120, "pods use \(total)m")
        for (name, usage) in cpu where name.hasPrefix("busy") {
            #expect(usage < 1500 && usage > 100, "\(name) uses \(usage)m")
        }
        #expect(cpu.first { $0.0.hasPrefix("quiet") }?.1 == 200)
        // The three busy pods share what is left equally.
        let busy = cpu.filter { $0.0.hasPrefix("busy") }.map(\.1)
        #expect((busy.max() ?? 0) - (busy.min() ?? 0) <= 1)
    }

    @Test func aContainerIsThrottledAtItsLimit() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 1)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "capped", replicas: 1, annotations: ["sim.okik.io/cpu": "steady:800m"],
            requests: ["cpu": "200m", "memory": "128Mi"], limits: ["cpu": "500m", "memory": "256Mi"]))
        await cluster.advance(65)
        let metrics = try #require(try await cluster.list(PodMetrics.self).first)
        #expect(metrics.containers?.first?.usage?["cpu"]?.millicores == 500)
    }

    @Test func theHPASeesThrottledUsage() async throws {
        // Wanting 900m against a 300m limit: the autoscaler sees 300m, 150% of the 200m request, not 450%.
        let cluster = try await SimulatedCluster.start(nodes: 3)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "api", replicas: 2, annotations: ["sim.okik.io/cpu": "steady:900m"],
            requests: ["cpu": "200m", "memory": "128Mi"], limits: ["cpu": "300m", "memory": "256Mi"]))
        try await cluster.create(MetricsAndHPATests.hpa("api", target: "api", min: 2, max: 10, cpu: 50))
        await cluster.advance(20)
        let hpa = try await cluster.get(HorizontalPodAutoscaler.self, "api")
        #expect(hpa.status?.currentMetrics?.first?.resource?.current?.averageUtilization == 150)
    }
}
