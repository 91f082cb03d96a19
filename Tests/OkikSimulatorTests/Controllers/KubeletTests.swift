import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Kubelet: container behaviours")
struct KubeletTests {
    @Test func crashLoopFollowsTheKubeletBackOff() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        // Pull 2s, run 5s, restarts at 7s (immediate), 22s (+10s), 47s (+20s), 92s (+40s), 177s (+80s).
        try await cluster.create(SimulatedCluster.deployment(
            "crasher", replicas: 1, annotations: ["sim.okik.io/behavior": "crashloop"]))
        await cluster.advance(176)
        var pod = try #require(try await cluster.list(Pod.self).first)
        #expect(pod.restartCount == 4)
        let status = try #require(pod.status?.containerStatuses?.first)
        #expect(status.state?.waiting?.reason == "CrashLoopBackOff")
        #expect(status.state?.waiting?.message?.hasPrefix("back-off 1m20s restarting failed container=crasher pod=\(pod.metadata.name ?? "")_default(") == true)
        #expect(status.lastState?.terminated?.reason == "Error")
        #expect(status.lastState?.terminated?.exitCode == 1)
        #expect(pod.status?.phase == "Running")
        await cluster.advance(1)
        pod = try #require(try await cluster.list(Pod.self).first)
        #expect(pod.restartCount == 5)
        #expect(pod.status?.containerStatuses?.first?.state?.running != nil)
        let backOff = try #require(try await cluster.events(reason: "BackOff").first)
        #expect(backOff.type == "Warning")
        #expect(backOff.message?.hasPrefix("Back-off restarting failed container crasher in pod") == true)
        #expect((backOff.count ?? 0) >= 4)
        let logs = cluster.simulator.logs.lines(
            for: PodLogStore.Key(namespace: "default", pod: pod.metadata.name ?? "", container: "crasher"), previous: true)
        #expect(logs?.contains { $0.contains("exiting with code 1") } == true)
    }

    @Test func backOffIsCappedAtFiveMinutes() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "crasher", replicas: 1, annotations: ["sim.okik.io/behavior": "crashloop", "sim.okik.io/run-for": "1s"]))
        await cluster.advance(3600)
        let pod = try #require(try await cluster.list(Pod.self).first)
        let message = pod.status?.containerStatuses?.first?.state?.waiting?.message ?? ""
        let running = pod.status?.containerStatuses?.first?.state?.running != nil
        #expect(running || message.hasPrefix("back-off 5m0s restarting failed container=crasher"))
        // 1 + 10 + 20 + 40 + 80 + 160 + 300 * n: about 16 restarts in an hour.
        #expect((14...17).contains(pod.restartCount))
    }

    @Test func memoryPastTheLimitIsOOMKilled() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "hog", replicas: 1, annotations: ["sim.okik.io/memory": "leak:100Mi+50Mi/10s"],
            requests: ["cpu": "100m", "memory": "128Mi"], limits: ["memory": "256Mi"]))
        // Crosses 256Mi after (256-100)/5 = 31.2s of running.
        await cluster.advance(40)
        let pod = try #require(try await cluster.list(Pod.self).first)
        let status = try #require(pod.status?.containerStatuses?.first)
        #expect(status.lastState?.terminated?.reason == "OOMKilled")
        #expect(status.lastState?.terminated?.exitCode == 137)
        #expect(status.restartCount == 1)
        let oom = try #require(try await cluster.events(reason: "OOMKilling").first)
        #expect(oom.involvedObject?.kind == "Node")
        #expect(oom.message?.hasPrefix("Memory cgroup out of memory: Killed process") == true)
    }

    @Test func oomBehaviourKillsAtRunFor() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "hog", replicas: 1, annotations: ["sim.okik.io/behavior": "oom"], limits: ["memory": "128Mi"]))
        await cluster.advance(200)
        let status = try #require(try await cluster.list(Pod.self).first?.status?.containerStatuses?.first)
        #expect(status.lastState?.terminated?.reason == "OOMKilled")
        #expect((status.restartCount ?? 0) >= 3)
    }

    @Test func imagePullFailureBacksOff() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "broken", replicas: 1, image: "registry.example.com/team/app:does-not-exist",
            annotations: ["sim.okik.io/behavior": "imagepull"]))
        await cluster.advance(2)
        var pod = try #require(try await cluster.list(Pod.self).first)
        #expect(pod.status?.containerStatuses?.first?.state?.waiting?.reason == "ErrImagePull")
        await cluster.advance(30)
        pod = try #require(try await cluster.list(Pod.self).first)
        #expect(pod.status?.phase == "Pending")
        #expect(pod.status?.containerStatuses?.first?.state?.waiting?.reason == "ImagePullBackOff")
        let failed = try await cluster.events(reason: "Failed").compactMap(\.message)
        #expect(failed.contains("Error: ImagePullBackOff"))
        #expect(failed.contains { $0.hasPrefix("Failed to pull image \"registry.example.com/team/app:does-not-exist\"") })
    }

    @Test func slowStartBecomesReadyAfterTheDelay() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "slow", replicas: 1, annotations: ["sim.okik.io/behavior": "slowstart", "sim.okik.io/start-delay": "45s"]))
        await cluster.advance(30)
        #expect(try await cluster.list(Pod.self).first?.isReady == false)
        await cluster.advance(20)
        #expect(try await cluster.list(Pod.self).first?.isReady == true)
    }
}
