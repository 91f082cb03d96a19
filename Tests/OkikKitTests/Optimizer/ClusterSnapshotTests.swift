import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
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
}
