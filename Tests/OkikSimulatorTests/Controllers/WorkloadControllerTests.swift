import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Jobs, CronJobs, DaemonSets, StatefulSets, claims, namespaces")
struct WorkloadControllerTests {
    static func job(_ name: String, behavior: String, completions: Int = 1, parallelism: Int = 1, backoffLimit: Int = 6)
        -> JSONValue
    {
        [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "completions": .int(completions), "parallelism": .int(parallelism), "backoffLimit": .int(backoffLimit),
                "template": [
                    "metadata": ["annotations": ["sim.okik.io/behavior": .string(behavior)]],
                    "spec": ["restartPolicy": "Never", "containers": [["name": "work", "image": "busybox:1.36"]]],
                ],
            ],
        ]
    }

    @Test func jobCompletesWithParallelism() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(Self.job("batch", behavior: "complete", completions: 4, parallelism: 2))
        await cluster.advance(60)
        let job = try await cluster.get(Job.self, "batch")
        #expect(job.status?.succeeded == 4)
        #expect(job.status?.conditions?.first(ofType: "Complete")?.status == "True")
        #expect(job.status?.completionTime != nil)
        let pods = try await cluster.list(Pod.self)
        #expect(pods.count == 4)
        #expect(pods.allSatisfy { $0.status?.phase == "Succeeded" })
        #expect(pods.allSatisfy { $0.metadata.labels?["job-name"] == "batch" })
    }

    @Test func failingJobReachesBackoffLimitExceeded() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(Self.job("migrate", behavior: "fail", backoffLimit: 2))
        await cluster.advance(600)
        let job = try await cluster.get(Job.self, "migrate")
        let failed = try #require(job.status?.conditions?.first(ofType: "Failed"))
        #expect(failed.status == "True")
        #expect(failed.reason == "BackoffLimitExceeded")
        #expect(failed.message == "Job has reached the specified backoff limit")
        #expect(job.status?.failed == 3)
        let pods = try await cluster.list(Pod.self)
        #expect(pods.count == 3)
        #expect(pods.allSatisfy { $0.status?.phase == "Failed" })
        #expect(try await cluster.events(reason: "BackoffLimitExceeded").count == 1)
    }

    @Test func cronJobSchedulesJobsOnTheClock() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        let cronJob: JSONValue = [
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": "report", "namespace": "default"],
            "spec": [
                "schedule": "*/5 * * * *",
                "jobTemplate": ["spec": ["template": [
                    "metadata": ["annotations": ["sim.okik.io/behavior": "fail"]],
                    "spec": ["restartPolicy": "Never", "containers": [["name": "report", "image": "busybox:1.36"]]],
                ]]],
            ],
        ]
        try await cluster.create(cronJob)
        await cluster.advance(16 * 60)
        let jobs = try await cluster.list(Job.self)
        #expect(!jobs.isEmpty)
        let start = cluster.simulator.clock.now.addingTimeInterval(-16 * 60)
        let firstMinute = Int((start.timeIntervalSince1970 / 300).rounded(.down) * 5 + 5)
        #expect(jobs.contains { $0.metadata.name == "report-\(firstMinute)" || $0.metadata.name == "report-\(firstMinute + 5)" })
        #expect(jobs.allSatisfy { $0.metadata.ownerReferences?.first?.kind == "CronJob" })
        let status = try await cluster.get(CronJob.self, "report").status
        #expect(status?.lastScheduleTime != nil)
        #expect(try await cluster.events(reason: "SuccessfulCreate").contains { $0.message?.hasPrefix("Created job report-") == true })
        // Suspended: no new jobs.
        try await cluster.modify("batch/v1", "CronJob", "report") { $0.put(true, at: ["spec", "suspend"]) }
        let before = try await cluster.list(Job.self).map(\.metadata.name)
        await cluster.advance(15 * 60)
        let after = try await cluster.list(Job.self).map(\.metadata.name)
        #expect(Set(after).isSubset(of: Set(before)))
    }

    @Test func daemonSetCoversSchedulableNodes() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 0)
        defer { Task { await cluster.stop() } }
        try await cluster.create(SimulatedCluster.node("node-1", cpu: "4", memory: "8Gi"))
        var cordoned = SimulatedCluster.node("node-2", cpu: "4", memory: "8Gi")
        cordoned.put(true, at: ["spec", "unschedulable"])
        try await cluster.create(cordoned)
        var tainted = SimulatedCluster.node("node-3", cpu: "4", memory: "8Gi")
        tainted.put([["key": "dedicated", "value": "gpu", "effect": "NoSchedule"]], at: ["spec", "taints"])
        try await cluster.create(tainted)
        try await cluster.create(SimulatedCluster.node("node-4", cpu: "100m", memory: "8Gi"))
        let daemonSet: JSONValue = [
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "agent", "namespace": "default"],
            "spec": [
                "selector": ["matchLabels": ["app": "agent"]],
                "template": [
                    "metadata": ["labels": ["app": "agent"]],
                    "spec": ["containers": [["name": "agent", "image": "fluent-bit:3.1", "resources": ["requests": ["cpu": "200m"]]]]],
                ],
            ],
        ]
        try await cluster.create(daemonSet)
        await cluster.advance(30)
        let status = try #require(try await cluster.get(DaemonSet.self, "agent").status)
        #expect(status.desiredNumberScheduled == 3)
        #expect(status.currentNumberScheduled == 2)
        #expect(status.numberReady == 2)
        #expect(status.numberUnavailable == 1)
        #expect(status.numberMisscheduled == 0)
        let pods = try await cluster.list(Pod.self)
        #expect(Set(pods.compactMap(\.spec?.nodeName)) == ["node-1", "node-2"])
        #expect(pods.contains { $0.status?.phase == "Pending" })
    }

    @Test func statefulSetCreatesPodsInOrderWithClaims() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create([
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": ["name": "standard", "annotations": ["storageclass.kubernetes.io/is-default-class": "true"]],
            "provisioner": "rancher.io/local-path",
        ])
        let statefulSet: JSONValue = [
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "db", "namespace": "default"],
            "spec": [
                "replicas": 3, "serviceName": "db", "selector": ["matchLabels": ["app": "db"]],
                "template": [
                    "metadata": ["labels": ["app": "db"], "annotations": ["sim.okik.io/start-delay": "20s"]],
                    "spec": ["containers": [["name": "db", "image": "postgres:16"]]],
                ],
                "volumeClaimTemplates": [[
                    "metadata": ["name": "data"],
                    "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "10Gi"]]],
                ]],
            ],
        ]
        try await cluster.create(statefulSet)
        await cluster.advance(10)
        #expect(try await cluster.list(Pod.self).map(\.metadata.name) == ["db-0"])
        await cluster.advance(120)
        let pods = try await cluster.list(Pod.self)
        #expect(pods.map(\.metadata.name) == ["db-0", "db-1", "db-2"])
        #expect(pods.allSatisfy { $0.isReady })
        let claims = try await cluster.list(PersistentVolumeClaim.self)
        #expect(claims.map(\.metadata.name) == ["data-db-0", "data-db-1", "data-db-2"])
        #expect(claims.allSatisfy { $0.status?.phase == "Bound" })
        let status = try await cluster.get(StatefulSet.self, "db").status
        #expect(status?.readyReplicas == 3)
        #expect(try await cluster.list(PersistentVolume.self).count == 3)
    }

    @Test func claimWithoutStorageStaysPending() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create([
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": "cache", "namespace": "default"],
            "spec": ["storageClassName": "longhorn", "accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
        ])
        await cluster.advance(10)
        let claim = try await cluster.get(PersistentVolumeClaim.self, "cache")
        #expect(claim.status?.phase == "Pending")
        let event = try #require(try await cluster.events(reason: "ProvisioningFailed").first)
        #expect(event.message == "storageclass.storage.k8s.io \"longhorn\" not found")
        try await cluster.create([
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": ["name": "longhorn"],
            "provisioner": "driver.longhorn.io",
        ])
        await cluster.advance(5)
        #expect(try await cluster.get(PersistentVolumeClaim.self, "cache").status?.phase == "Bound")
    }

    @Test func namespacesAreActiveAndUnchangedByTheRuntimesNoOpWrites() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]])
        await cluster.advance(5)
        // The runtime writes each namespace's phase; when it is already Active that is a no-op and stores nothing.
        let namespaces = try await cluster.list(Namespace.self)
        #expect(namespaces.map { $0.metadata.name ?? "" } == ["default", "kube-node-lease", "kube-public", "kube-system", "shop"])
        #expect(namespaces.allSatisfy { $0.status?.phase == "Active" && $0.metadata.resourceVersion != nil })
    }

    @Test func deletingANamespaceRemovesItsWorkloads() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.stop() } }
        try await cluster.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]])
        try await cluster.create(SimulatedCluster.deployment("web", namespace: "shop", replicas: 2))
        await cluster.advance(5)
        #expect(try await cluster.list(Pod.self, namespace: "shop").count == 2)
        try await cluster.delete("v1", "Namespace", "shop", namespace: nil)
        await cluster.advance(30)
        #expect(try await cluster.list(Pod.self, namespace: "shop").isEmpty)
        #expect(try await cluster.list(ReplicaSet.self, namespace: "shop").isEmpty)
    }
}
