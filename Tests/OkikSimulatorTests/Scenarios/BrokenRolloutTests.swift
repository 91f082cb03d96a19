import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// The broken-rollout scenario: a healthy first revision, then a crash-looping second one that stalls the rollout.
@Suite struct BrokenRolloutTests {
    static let namespace = "okik-broken-rollout"

    @Test func theRolloutStallsWithTheOldReplicaSetServing() async throws {
        let scenario = try #require(BuiltInScenarios.named("broken-rollout"))
        let harness = try await ScenarioHarness.start([scenario])
        defer { Task { await harness.stop() } }
        let client = harness.client
        let deployment = try await client.namespaced(Deployment.self, in: .named(Self.namespace)).get("cart-service")
        #expect((deployment.status?.availableReplicas ?? 0) >= 3)
        #expect(deployment.metadata.generation == 2)
        #expect(deployment.metadata.annotations?["deployment.kubernetes.io/revision"] == "2")
        #expect(deployment.metadata.annotations?["sim.okik.io/rollout"] == nil, "the scripted rollout happens once")
        #expect(deployment.spec?.template?.spec?.containers?.first?.image == "registry.okik.io/cart-service:2.4.0")

        let sets = try await client.namespaced(ReplicaSet.self, in: .named(Self.namespace)).list().items
        #expect(sets.count == 2)
        let byRevision = Dictionary(
            uniqueKeysWithValues: sets.map { ($0.metadata.annotations?["deployment.kubernetes.io/revision"] ?? "", $0) })
        #expect(Set(byRevision.keys) == ["1", "2"])
        let old = try #require(byRevision["1"])
        let new = try #require(byRevision["2"])
        #expect(old.spec?.replicas == 3)
        #expect((old.status?.availableReplicas ?? 0) >= 3)
        #expect(old.spec?.template?.spec?.containers?.first?.image == "registry.okik.io/cart-service:2.3.1")
        #expect(new.status?.availableReplicas ?? 0 == 0)
        #expect(new.spec?.replicas == 2, "maxSurge 25% of 4 gives one extra pod: 3 old + 2 new")

        let pods = try await client.namespaced(Pod.self, in: .named(Self.namespace)).list().items
        let newHash = try #require(new.metadata.labels?["pod-template-hash"])
        let newPods = pods.filter { $0.metadata.labels?["pod-template-hash"] == newHash }
        #expect(newPods.count == 2)
        for pod in newPods {
            let status = try #require(pod.status?.containerStatuses?.first)
            #expect(status.state?.waiting?.reason == "CrashLoopBackOff")
            #expect((status.restartCount ?? 0) >= 4)
        }
        let oldPods = pods.filter { $0.metadata.labels?["pod-template-hash"] != newHash }
        #expect(oldPods.count == 3)
        #expect(oldPods.allSatisfy { $0.status?.containerStatuses?.first?.ready == true })
        let progressing = try #require(deployment.status?.conditions?.first { $0.type == "Progressing" })
        #expect(progressing.reason == "ProgressDeadlineExceeded")
    }

    @Test func theRenderedScenarioForRealClustersHasTheFirstRevisionOnly() throws {
        let scenario = try #require(BuiltInScenarios.named("broken-rollout"))
        let rendered = try ScenarioRenderer.yaml([scenario])
        #expect(!rendered.contains("sim.okik.io"))
        #expect(rendered.contains("replicas: 4"))
    }
}
