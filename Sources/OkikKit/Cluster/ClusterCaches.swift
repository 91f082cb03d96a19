import Foundation
import Logging
import OkikKubeClient

/// Informers (``ResourceCache``s kept current by list + watch) for every kind a ``ClusterSnapshot`` holds, so that
/// repeated snapshots and the ``Watchdog`` read memory instead of re-listing the cluster.
///
/// ```swift
/// let caches = ClusterCaches(client: client, logger: logger)
/// let informers = Task { try await caches.run() }
/// await caches.waitUntilSynced()
/// let snapshot = try await caches.snapshot()
/// ```
public final class ClusterCaches: Sendable {
    /// The client the caches list and watch through.
    public let client: KubeClient
    /// The namespace watched; nil for all.
    public let namespace: String?
    /// Pods.
    public let pods: ResourceCache<Pod>
    /// ReplicaSets (owner resolution).
    public let replicaSets: ResourceCache<ReplicaSet>
    /// Deployments.
    public let deployments: ResourceCache<Deployment>
    /// StatefulSets.
    public let statefulSets: ResourceCache<StatefulSet>
    /// DaemonSets.
    public let daemonSets: ResourceCache<DaemonSet>
    /// Jobs.
    public let jobs: ResourceCache<Job>
    /// CronJobs.
    public let cronJobs: ResourceCache<CronJob>
    /// Nodes.
    public let nodes: ResourceCache<Node>
    /// Namespaces.
    public let namespaces: ResourceCache<Namespace>
    /// HPAs.
    public let autoscalers: ResourceCache<HorizontalPodAutoscaler>
    /// PersistentVolumeClaims.
    public let claims: ResourceCache<PersistentVolumeClaim>
    /// PodDisruptionBudgets.
    public let budgets: ResourceCache<PodDisruptionBudget>
    /// ResourceQuotas.
    public let quotas: ResourceCache<ResourceQuota>
    /// Events.
    public let events: ResourceCache<Event>

    /// Creates the caches (nothing is read until ``run()``).
    public init(client: KubeClient, namespace: String? = nil, logger: Logger) {
        self.client = client
        self.namespace = namespace
        let selector: NamespaceSelector = namespace.map { .named($0) } ?? .allNamespaces
        pods = ResourceCache(client.namespaced(Pod.self, in: selector), logger: logger)
        replicaSets = ResourceCache(client.namespaced(ReplicaSet.self, in: selector), logger: logger)
        deployments = ResourceCache(client.namespaced(Deployment.self, in: selector), logger: logger)
        statefulSets = ResourceCache(client.namespaced(StatefulSet.self, in: selector), logger: logger)
        daemonSets = ResourceCache(client.namespaced(DaemonSet.self, in: selector), logger: logger)
        jobs = ResourceCache(client.namespaced(Job.self, in: selector), logger: logger)
        cronJobs = ResourceCache(client.namespaced(CronJob.self, in: selector), logger: logger)
        nodes = ResourceCache(client.clusterScoped(Node.self), logger: logger)
        namespaces = ResourceCache(client.clusterScoped(Namespace.self), logger: logger)
        autoscalers = ResourceCache(client.namespaced(HorizontalPodAutoscaler.self, in: selector), logger: logger)
        claims = ResourceCache(client.namespaced(PersistentVolumeClaim.self, in: selector), logger: logger)
        budgets = ResourceCache(client.namespaced(PodDisruptionBudget.self, in: selector), logger: logger)
        quotas = ResourceCache(client.namespaced(ResourceQuota.self, in: selector), logger: logger)
        events = ResourceCache(client.namespaced(Event.self, in: selector), logger: logger)
    }

    /// Runs every informer until the task is cancelled.
    /// - Throws: the first informer failure retrying cannot cure (such as forbidden), or `CancellationError`.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.pods.run() }
            group.addTask { try await self.replicaSets.run() }
            group.addTask { try await self.deployments.run() }
            group.addTask { try await self.statefulSets.run() }
            group.addTask { try await self.daemonSets.run() }
            group.addTask { try await self.jobs.run() }
            group.addTask { try await self.cronJobs.run() }
            group.addTask { try await self.nodes.run() }
            group.addTask { try await self.namespaces.run() }
            group.addTask { try await self.autoscalers.run() }
            group.addTask { try await self.claims.run() }
            group.addTask { try await self.budgets.run() }
            group.addTask { try await self.quotas.run() }
            group.addTask { try await self.events.run() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Suspends until every informer holds its initial list.
    public func waitUntilSynced() async {
        await pods.waitUntilSynced()
        await replicaSets.waitUntilSynced()
        await deployments.waitUntilSynced()
        await statefulSets.waitUntilSynced()
        await daemonSets.waitUntilSynced()
        await jobs.waitUntilSynced()
        await cronJobs.waitUntilSynced()
        await nodes.waitUntilSynced()
        await namespaces.waitUntilSynced()
        await autoscalers.waitUntilSynced()
        await claims.waitUntilSynced()
        await budgets.waitUntilSynced()
        await quotas.waitUntilSynced()
        await events.waitUntilSynced()
    }

    /// True once every informer holds its initial list: the caches are running (or ran) and can answer a
    /// ``snapshot(clock:)`` without listing the cluster.
    public var hasSynced: Bool {
        get async {
            guard await pods.hasSynced, await replicaSets.hasSynced, await deployments.hasSynced,
                await statefulSets.hasSynced, await daemonSets.hasSynced, await jobs.hasSynced,
                await cronJobs.hasSynced, await nodes.hasSynced, await namespaces.hasSynced,
                await autoscalers.hasSynced, await claims.hasSynced, await budgets.hasSynced, await quotas.hasSynced,
                await events.hasSynced
            else { return false }
            return true
        }
    }

    /// A snapshot of the cached objects, read concurrently, with metrics fetched now (metrics.k8s.io cannot be
    /// watched). Call after ``waitUntilSynced()``.
    public func snapshot(clock: any WallClock = SystemWallClock()) async -> ClusterSnapshot {
        let unreadable = UnreadableObjects()
        async let metrics = ClusterSnapshot.readMetrics(
            client, namespace.map { .named($0) } ?? .allNamespaces, unreadable: unreadable)
        async let pods = self.pods.snapshot()
        async let replicaSets = self.replicaSets.snapshot()
        async let deployments = self.deployments.snapshot()
        async let statefulSets = self.statefulSets.snapshot()
        async let daemonSets = self.daemonSets.snapshot()
        async let jobs = self.jobs.snapshot()
        async let cronJobs = self.cronJobs.snapshot()
        async let nodes = self.nodes.snapshot()
        async let namespaces = self.namespaces.snapshot()
        async let autoscalers = self.autoscalers.snapshot()
        async let claims = self.claims.snapshot()
        async let budgets = self.budgets.snapshot()
        async let quotas = self.quotas.snapshot()
        async let events = self.events.snapshot()
        let scoped = await namespaces.filter { namespace == nil || $0.name == namespace }
        // Objects the informers left out because they cannot be decoded become OKK-509 findings, as in a collect.
        for items in [
            self.pods.unreadable, self.replicaSets.unreadable, self.deployments.unreadable, self.statefulSets.unreadable,
            self.daemonSets.unreadable, self.jobs.unreadable, self.cronJobs.unreadable, self.nodes.unreadable,
            self.namespaces.unreadable, self.autoscalers.unreadable, self.claims.unreadable, self.budgets.unreadable,
            self.quotas.unreadable, self.events.unreadable,
        ] {
            unreadable.add(items)
        }
        return ClusterSnapshot(
            takenAt: clock.now, namespace: namespace, namespaces: scoped, pods: await pods,
            deployments: await deployments, replicaSets: await replicaSets, statefulSets: await statefulSets,
            daemonSets: await daemonSets, jobs: await jobs, cronJobs: await cronJobs, nodes: await nodes,
            autoscalers: await autoscalers, claims: await claims, budgets: await budgets, quotas: await quotas,
            events: await events, metrics: await metrics, unreadableObjects: unreadable.all)
    }
}
