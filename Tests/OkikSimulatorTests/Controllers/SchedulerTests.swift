import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Scheduler and nodes")
struct SchedulerTests {
    @Test func podThatFitsNowhereIsUnschedulableWithTheRealMessage() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 3, cpu: "4", memory: "8Gi")
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "big", replicas: 1, requests: ["cpu": "100m", "memory": "64Gi"]))
        await cluster.advance(5)
        let pod = try #require(try await cluster.list(Pod.self).first)
        #expect(pod.status?.phase == "Pending")
        #expect(pod.spec?.nodeName == nil)
        let condition = try #require(pod.status?.conditions?.first(ofType: "PodScheduled"))
        #expect(condition.status == "False")
        #expect(condition.reason == "Unschedulable")
        let expected = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        #expect(condition.message == expected)
        let event = try #require(try await cluster.events(reason: "FailedScheduling").first)
        #expect(event.message == expected)
        #expect(event.type == "Warning")
    }

    @Test func taintsCordonAndSelectorsAreHonoured() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 0)
        defer { Task { await cluster.stop() } }
        var tainted = SimulatedCluster.node("node-a", cpu: "4", memory: "8Gi")
        tainted.put([["key": "dedicated", "value": "gpu", "effect": "NoSchedule"]], at: ["spec", "taints"])
        try await cluster.create(tainted)
        var cordoned = SimulatedCluster.node("node-b", cpu: "4", memory: "8Gi")
        cordoned.put(true, at: ["spec", "unschedulable"])
        try await cluster.create(cordoned)
        try await cluster.create(SimulatedCluster.node("node-c", cpu: "4", memory: "8Gi", labels: ["zone": "a"]))
        var deployment = SimulatedCluster.deployment("web", replicas: 1)
        deployment.put(["zone": "b"], at: ["spec", "template", "spec", "nodeSelector"])
        try await cluster.create(deployment)
        await cluster.advance(5)
        let pod = try #require(try await cluster.list(Pod.self).first)
        let message = pod.status?.conditions?.first(ofType: "PodScheduled")?.message ?? ""
        #expect(message.hasPrefix(
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable."))
        #expect(message.hasSuffix("preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."))
        // Relabel node-c: the pod is retried and lands there.
        try await cluster.modify("v1", "Node", "node-c", namespace: nil) { $0.put(["zone": "b"], at: ["metadata", "labels"]) }
        await cluster.advance(15)
        let placed = try #require(try await cluster.list(Pod.self).first)
        #expect(placed.spec?.nodeName == "node-c")
        #expect(placed.status?.phase == "Running")
        let node = try await cluster.get(Node.self, "node-b", namespace: nil)
        #expect(node.spec?.taints?.contains { $0.key == "node.kubernetes.io/unschedulable" } == true)
    }

    @Test func nodesReportConditionsAndCanBeMadeNotReady() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 2)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("web", replicas: 2))
        await cluster.advance(5)
        var node = try await cluster.get(Node.self, "node-1", namespace: nil)
        #expect(node.isReady)
        #expect(node.status?.conditions?.first(ofType: "MemoryPressure")?.reason == "KubeletHasSufficientMemory")
        #expect(node.status?.allocatable?["cpu"] != nil)
        try await cluster.modify("v1", "Node", "node-1", namespace: nil) {
            $0.put(["sim.okik.io/condition": "NotReady"], at: ["metadata", "annotations"])
        }
        await cluster.advance(1)
        node = try await cluster.get(Node.self, "node-1", namespace: nil)
        let ready = try #require(node.status?.conditions?.first(ofType: "Ready"))
        #expect(ready.status == "Unknown")
        #expect(ready.reason == "NodeStatusUnknown")
        #expect(ready.message == "Kubelet stopped posting node status.")
        #expect(node.spec?.taints?.contains { $0.key == "node.kubernetes.io/unreachable" } == true)
        let podsOnNode = try await cluster.list(Pod.self).filter { $0.spec?.nodeName == "node-1" }
        #expect(podsOnNode.allSatisfy { !$0.isReady })
        #expect(try await cluster.events(reason: "NodeNotReady").contains { $0.involvedObject?.kind == "Node" })
        try await cluster.modify("v1", "Node", "node-2", namespace: nil) {
            $0.put(["sim.okik.io/condition": "MemoryPressure"], at: ["metadata", "annotations"])
        }
        await cluster.advance(1)
        let pressured = try await cluster.get(Node.self, "node-2", namespace: nil)
        #expect(pressured.status?.conditions?.first(ofType: "MemoryPressure")?.status == "True")
        #expect(pressured.spec?.taints?.contains { $0.key == "node.kubernetes.io/memory-pressure" } == true)
    }

    @Test func eventsAreAggregatedWithCounts() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 1, cpu: "1", memory: "1Gi")
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("big", replicas: 1, requests: ["cpu": "2"]))
        await cluster.advance(900)
        let events = try await cluster.events(reason: "FailedScheduling")
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect((event.count ?? 0) >= 3)
        #expect(event.firstTimestamp != event.lastTimestamp)
        #expect(event.source?.component == "default-scheduler")
    }
}
