import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Cluster snapshot", .serialized)
struct ClusterSnapshotTests {
    @Test func resolvesOwnersAndUsage() async throws {
        let cluster = try await SimulatedCluster.start("healthy", "failing-cronjob")
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot()
        let storefront = ResourceRef(kind: "Deployment", namespace: "okik-healthy", name: "storefront")
        let pods = snapshot.pods(of: storefront)
        #expect(pods.count == 3)
        #expect(pods.allSatisfy { snapshot.owner(of: $0) == storefront })
        let database = ResourceRef(kind: "StatefulSet", namespace: "okik-healthy", name: "catalog-db")
        #expect(snapshot.pods(of: database).count == 2)
        let cronPods = snapshot.pods.filter { $0.namespace == "okik-failing-cronjob" }
        #expect(!cronPods.isEmpty)
        #expect(cronPods.allSatisfy { snapshot.owner(of: $0) == ResourceRef(kind: "CronJob", namespace: "okik-failing-cronjob", name: "nightly-export") })
        // Usage against requests: storefront uses a steady 140m of its 200m and 190Mi of 256Mi.
        let figures = try #require(snapshot.workload(storefront)?.containers.first)
        #expect(figures.cpuRequest == 200 && figures.memoryRequest == 256 << 20)
        #expect(figures.sampledPods == 3)
        #expect((130...150).contains(figures.cpuUsage ?? 0), "cpu usage \(figures.cpuUsage ?? -1)")
        #expect(figures.memoryUsage.map { abs($0 - 190 << 20) < 8 << 20 } == true)
        #expect(snapshot.workloads.map(\.ref) == snapshot.workloads.map(\.ref).sorted())
    }

    @Test func cachesGiveTheSameSnapshotAsOnePass() async throws {
        let cluster = try await SimulatedCluster.start("healthy", "crashloop")
        defer { Task { await cluster.stop() } }
        let caches = ClusterCaches(client: cluster.client, logger: testLogger)
        let informers = Task { try await caches.run() }
        defer { informers.cancel() }
        await caches.waitUntilSynced()
        let cached = await caches.snapshot(clock: cluster.clock)
        let listed = try await cluster.snapshot()
        #expect(cached.pods.count == listed.pods.count && cached.deployments.count == listed.deployments.count)
        #expect(cached.nodes.count == listed.nodes.count && cached.events.count == listed.events.count)
        let fromCache = Optimizer().evaluate(cached)
        let fromList = Optimizer().evaluate(listed)
        #expect(fromCache.findings.map(\.id) == fromList.findings.map(\.id))
        #expect(fromCache.score == fromList.score)
    }

    @Test func oneNamespaceSnapshotStaysInIt() async throws {
        let cluster = try await SimulatedCluster.start("healthy", "crashloop")
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot(namespace: "okik-crashloop")
        #expect(snapshot.namespace == "okik-crashloop")
        #expect(!snapshot.pods.isEmpty && snapshot.pods.allSatisfy { $0.namespace == "okik-crashloop" })
        #expect(snapshot.namespaces.map(\.name) == ["okik-crashloop"])
        let report = Optimizer().evaluate(snapshot)
        #expect(report.namespace == "okik-crashloop")
        #expect(report.findings.filter { $0.subject.namespace != nil }.allSatisfy { $0.subject.namespace == "okik-crashloop" })
    }

    @Test func aForbiddenListFailsTheSnapshotWithTheKind() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        cluster.simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: "/deployments")
        await #expect(throws: SnapshotError.self) { try await cluster.snapshot() }
        do {
            _ = try await cluster.snapshot()
        } catch let error as SnapshotError {
            #expect(error.resource == "deployments")
            #expect(error.description.hasPrefix("cannot list deployments:"))
        }
    }

    /// One object the typed models cannot decode no longer fails the scan: it is left out of every check, reported
    /// as OKK-509 naming it, counted in the diagnostics, and every other finding stays as it was.
    @Test func anUndecodableObjectIsSkippedWithAFindingThatNamesIt() async throws {
        let cluster = try await SimulatedCluster.start("healthy", "crashloop")
        defer { Task { await cluster.stop() } }
        let before = Optimizer().evaluate(try await cluster.snapshot())
        #expect(!before.findings.isEmpty)

        // Written straight into the store, past the API's checks: a quantity no model can parse, and a field of the
        // wrong type.
        let store = cluster.simulator.store
        let pods = try #require(store.registry.definition(apiVersion: "v1", kind: "Pod"))
        _ = try await store.create(pods, namespace: "okik-healthy", object: [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "weird", "namespace": "okik-healthy"],
            "spec": ["containers": [["name": "app", "image": "app:1", "resources": ["requests": ["cpu": "lots"]]]]],
        ])
        let autoscalers = try #require(store.registry.definition(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler"))
        _ = try await store.create(autoscalers, namespace: "okik-healthy", object: [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": "odd", "namespace": "okik-healthy"],
            "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "storefront"],
                     "minReplicas": "two", "maxReplicas": 3],
        ])

        let snapshot = try await cluster.snapshot()
        #expect(snapshot.unreadableObjects.map { "\($0.kind) \($0.name ?? "")" } == ["HorizontalPodAutoscaler odd", "Pod weird"])
        #expect(!snapshot.pods.contains { $0.name == "weird" })
        let report = Optimizer().evaluate(snapshot)
        let unreadable = report.findings.filter { $0.code == .objectUnreadable }
        #expect(unreadable.map(\.subject) == [
            ResourceRef(kind: "HorizontalPodAutoscaler", namespace: "okik-healthy", name: "odd"),
            ResourceRef(kind: "Pod", namespace: "okik-healthy", name: "weird"),
        ])
        #expect(unreadable.allSatisfy { $0.severity == .medium && $0.code.description == "OKK-509" })
        let pod = try #require(unreadable.last)
        #expect(pod.message.hasPrefix("object could not be read: Pod okik-healthy/weird: spec.containers[0].resources.requests.cpu: "), "\(pod.message)")
        #expect(pod.message.contains("lots"))
        #expect(pod.evidence["field"] == "spec.containers[0].resources.requests.cpu")
        let autoscaler = try #require(unreadable.first)
        #expect(autoscaler.message.contains("spec.minReplicas"), "\(autoscaler.message)")
        #expect(report.diagnostics.contains { $0.hasPrefix("2 objects could not be read") }, "\(report.diagnostics)")
        // Everything else is found exactly as before.
        #expect(report.findings.filter { $0.code != .objectUnreadable }.map(\.id) == before.findings.map(\.id))
        #expect(before.diagnostics.allSatisfy { report.diagnostics.contains($0) })
    }

    /// The informers behind the watchdog and the server: a bad object in the initial list or in a watch event is left
    /// out and named, and the informer keeps delivering every other change.
    @Test func informersLeaveOutUndecodableObjectsAndKeepWatching() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let store = cluster.simulator.store
        let pods = try #require(store.registry.definition(apiVersion: "v1", kind: "Pod"))
        func badPod(_ name: String) -> OkikKubeClient.JSONValue {
            ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "okik-healthy"],
             "spec": ["containers": [["name": "app", "image": "app:1", "resources": ["requests": ["cpu": "lots"]]]]]]
        }
        _ = try await store.create(pods, namespace: "okik-healthy", object: badPod("listed-bad"))
        let caches = ClusterCaches(client: cluster.client, logger: testLogger)
        let running = Task { try await caches.run() }
        defer { running.cancel() }
        await caches.waitUntilSynced()
        let changes = await caches.pods.changes()
        _ = try await store.create(pods, namespace: "okik-healthy", object: badPod("watched-bad"))
        _ = try await cluster.client.namespaced(Pod.self, in: .named("okik-healthy")).create(
            Pod(metadata: ObjectMeta(name: "fine", namespace: "okik-healthy"), spec: PodSpec(containers: [Container(name: "app", image: "app:1")])))
        var sawFine = false
        for await event in changes {
            if case .added(let pod) = event, pod.name == "fine" { sawFine = true; break }
        }
        #expect(sawFine, "the informer kept watching past the bad object")
        #expect(caches.pods.unreadable.compactMap(\.name) == ["listed-bad", "watched-bad"])
        #expect(await caches.pods.object(namespace: "okik-healthy", name: "watched-bad") == nil)
        let snapshot = await caches.snapshot(clock: cluster.clock)
        #expect(snapshot.unreadableObjects.compactMap(\.name).sorted() == ["listed-bad", "watched-bad"])
    }
}
