import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Deployment and ReplicaSet controllers")
struct DeploymentControllerTests {
    @Test func deploymentCreatesReplicaSetAndReadyPods() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("web", replicas: 3))
        await cluster.advance(5)
        let sets = try await cluster.list(ReplicaSet.self, namespace: "default")
        #expect(sets.count == 1)
        let hash = try #require(sets.first?.metadata.labels?["pod-template-hash"])
        #expect(sets.first?.metadata.name == "web-\(hash)")
        #expect(sets.first?.metadata.annotations?["deployment.kubernetes.io/revision"] == "1")
        let pods = try await cluster.list(Pod.self, namespace: "default")
        #expect(pods.count == 3)
        #expect(pods.allSatisfy { $0.metadata.name?.hasPrefix("web-\(hash)-") == true })
        #expect(pods.allSatisfy { $0.status?.phase == "Running" && $0.isReady })
        #expect(pods.allSatisfy { $0.metadata.ownerReferences?.first?.uid == sets.first?.metadata.uid })
        let deployment = try await cluster.get(Deployment.self, "web")
        #expect(deployment.status?.replicas == 3)
        #expect(deployment.status?.readyReplicas == 3)
        #expect(deployment.status?.availableReplicas == 3)
        #expect(deployment.status?.updatedReplicas == 3)
        #expect(deployment.status?.conditions?.first(ofType: "Available")?.reason == "MinimumReplicasAvailable")
        #expect(deployment.status?.conditions?.first(ofType: "Progressing")?.reason == "NewReplicaSetAvailable")
        let scaling = try await cluster.events(reason: "ScalingReplicaSet")
        #expect(scaling.first?.message == "Scaled up replica set web-\(hash) from 0 to 3")
        #expect(try await cluster.events(reason: "SuccessfulCreate").count == 3)
        #expect(try await cluster.events(reason: "Scheduled").count == 3)
        #expect(try await cluster.events(reason: "Started").count == 3)
    }

    @Test func scalingToZeroDeletesPods() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("web", replicas: 4))
        await cluster.advance(5)
        #expect(try await cluster.list(Pod.self).count == 4)
        try await cluster.modify("apps/v1", "Deployment", "web") { $0.put(.int(0), at: ["spec", "replicas"]) }
        await cluster.advance(1)
        #expect(try await cluster.list(Pod.self).isEmpty)
        let deployment = try await cluster.get(Deployment.self, "web")
        #expect((deployment.status?.replicas ?? 0) == 0)
        let scaled = try await cluster.events(reason: "ScalingReplicaSet").compactMap(\.message)
        #expect(scaled.contains { $0.hasSuffix("from 4 to 0") && $0.hasPrefix("Scaled down") })
    }

    @Test func deletedPodIsReplaced() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("web", replicas: 2))
        await cluster.advance(5)
        let victim = try #require(try await cluster.list(Pod.self).first?.metadata.name)
        try await cluster.delete("v1", "Pod", victim)
        await cluster.advance(5)
        let pods = try await cluster.list(Pod.self)
        #expect(pods.count == 2)
        #expect(!pods.contains { $0.metadata.name == victim })
    }

    @Test func rolloutRestartCreatesNewReplicaSetAndScalesOldDown() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment("web", replicas: 4))
        await cluster.advance(5)
        try await cluster.modify("apps/v1", "Deployment", "web") {
            $0.put("2026-01-01T00:00:05Z", at: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"])
        }
        await cluster.advance(60)
        let sets = try await cluster.list(ReplicaSet.self)
        #expect(sets.count == 2)
        let newest = try #require(sets.first { $0.metadata.annotations?["deployment.kubernetes.io/revision"] == "2" })
        let oldest = try #require(sets.first { $0.metadata.annotations?["deployment.kubernetes.io/revision"] == "1" })
        #expect(newest.spec?.replicas == 4)
        #expect(oldest.spec?.replicas == 0)
        let pods = try await cluster.list(Pod.self)
        #expect(pods.count == 4)
        #expect(pods.allSatisfy { $0.metadata.labels?["pod-template-hash"] == newest.metadata.labels?["pod-template-hash"] })
        let deployment = try await cluster.get(Deployment.self, "web")
        #expect(deployment.status?.updatedReplicas == 4)
        #expect(deployment.status?.conditions?.first(ofType: "Progressing")?.reason == "NewReplicaSetAvailable")
    }

    @Test func podsThatNeverBecomeReadyExceedTheProgressDeadline() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.deployment(
            "api", replicas: 2, annotations: ["sim.okik.io/behavior": "unready"], progressDeadline: 120))
        await cluster.advance(60)
        var deployment = try await cluster.get(Deployment.self, "api")
        #expect(deployment.status?.conditions?.first(ofType: "Progressing")?.status == "True")
        #expect(deployment.status?.conditions?.first(ofType: "Available")?.reason == "MinimumReplicasUnavailable")
        await cluster.advance(100)
        deployment = try await cluster.get(Deployment.self, "api")
        let progressing = try #require(deployment.status?.conditions?.first(ofType: "Progressing"))
        #expect(progressing.status == "False")
        #expect(progressing.reason == "ProgressDeadlineExceeded")
        let replicaSet = try #require(try await cluster.list(ReplicaSet.self).first?.metadata.name)
        #expect(progressing.message == "ReplicaSet \"\(replicaSet)\" has timed out progressing.")
        #expect(try await cluster.events(reason: "Unhealthy").first?.message
            == "Readiness probe failed: HTTP probe failed with statuscode: 503")
    }
}
