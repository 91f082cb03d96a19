import Foundation
import OkikKubeClient
import Synchronization

extension ClusterSnapshot {
    /// What a collection has read so far, for progress indicators.
    public struct Progress: Sendable {
        /// The kind just read, such as `pods`.
        public var resource: String
        /// How many objects of it.
        public var count: Int
        /// How many kinds are done, of ``total``.
        public var completed: Int
        /// How many kinds the collection reads.
        public var total: Int
    }

    /// Reads every kind the checks need in one concurrent pass. A missing metrics API (no metrics-server) is recorded
    /// once in ``metrics`` and ``diagnostics``. An object the client cannot decode is left out and recorded in
    /// ``unreadableObjects`` (and counted in ``diagnostics``), so one odd object does not cost the whole scan; any
    /// other failure throws, so a check never sees half a cluster.
    /// - Parameters:
    ///   - client: The cluster.
    ///   - namespace: One namespace, or nil for the whole cluster.
    ///   - clock: The time the snapshot is stamped with.
    ///   - progress: Called as each kind arrives (from any task).
    /// - Throws: ``KubeError`` from the API, naming the kind that failed.
    public static func collect(
        from client: KubeClient, namespace: String? = nil, clock: any WallClock = SystemWallClock(),
        progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> ClusterSnapshot {
        let selector: NamespaceSelector = namespace.map { .named($0) } ?? .allNamespaces
        if let namespace {
            do {
                if try await client.clusterScoped(Namespace.self).getIfPresent(namespace) == nil {
                    throw SnapshotError.namespaceNotFound(namespace)
                }
            } catch let error as KubeError where error.code == .forbidden {
                // May not read namespaces: the namespaced lists below say whether this one is readable.
            } catch let error as KubeError {
                throw SnapshotError.listFailed(resource: Namespace.resourceName, error)
            }
        }
        let counter = ProgressCounter(total: 16, report: progress)
        let unreadable = UnreadableObjects()
        func read<R: NamespacedResource>(_ type: R.Type) async throws -> [R] {
            do {
                let list = try await client.namespaced(type, in: selector).listLenient()
                unreadable.add(list.skipped)
                counter.done(R.resourceName, list.items.count)
                return list.items
            } catch let error as KubeError {
                throw SnapshotError.listFailed(resource: R.resourceName, error)
            }
        }
        func readCluster<R: ClusterScopedResource>(_ type: R.Type) async throws -> [R] {
            do {
                let list = try await client.clusterScoped(type).listLenient()
                unreadable.add(list.skipped)
                counter.done(R.resourceName, list.items.count)
                return list.items
            } catch let error as KubeError {
                throw SnapshotError.listFailed(resource: R.resourceName, error)
            }
        }
        async let namespaces = readCluster(Namespace.self)
        async let nodes = readCluster(Node.self)
        async let pods = read(Pod.self)
        async let deployments = read(Deployment.self)
        async let replicaSets = read(ReplicaSet.self)
        async let statefulSets = read(StatefulSet.self)
        async let daemonSets = read(DaemonSet.self)
        async let jobs = read(Job.self)
        async let cronJobs = read(CronJob.self)
        async let autoscalers = read(HorizontalPodAutoscaler.self)
        async let claims = read(PersistentVolumeClaim.self)
        async let budgets = read(PodDisruptionBudget.self)
        async let quotas = read(ResourceQuota.self)
        async let events = read(Event.self)
        async let metrics = readMetrics(client, selector, counter, unreadable: unreadable)
        let takenAt = clock.now
        var scopedNamespaces = try await namespaces
        if let namespace { scopedNamespaces = scopedNamespaces.filter { $0.name == namespace } }
        return ClusterSnapshot(
            takenAt: takenAt, namespace: namespace, namespaces: scopedNamespaces, pods: try await pods,
            deployments: try await deployments, replicaSets: try await replicaSets, statefulSets: try await statefulSets,
            daemonSets: try await daemonSets, jobs: try await jobs, cronJobs: try await cronJobs, nodes: try await nodes,
            autoscalers: try await autoscalers, claims: try await claims, budgets: try await budgets,
            quotas: try await quotas, events: try await events, metrics: await metrics,
            unreadableObjects: unreadable.all)
    }

    /// Reads pod and node metrics; a missing metrics API becomes ``MetricsSnapshot/unavailable(reason:)``. Metrics
    /// that cannot be decoded are left out and go to `unreadable` (when given), like objects.
    static func readMetrics(
        _ client: KubeClient, _ selector: NamespaceSelector, _ counter: ProgressCounter? = nil,
        unreadable: UnreadableObjects? = nil
    ) async -> MetricsSnapshot {
        defer { counter?.done("metrics", 2) }
        do {
            async let pods = client.namespaced(PodMetrics.self, in: selector).listLenient()
            async let nodes = client.clusterScoped(NodeMetrics.self).listLenient()
            let (podList, nodeList) = try await (pods, nodes)
            unreadable?.add(podList.skipped + nodeList.skipped)
            return MetricsSnapshot.available(pods: podList.items, nodes: nodeList.items)
        } catch let error as KubeError {
            return .unavailable(
                reason: "metrics.k8s.io answered \(error.httpStatus.map(String.init) ?? error.code.description) (\(error.message)); is metrics-server installed?")
        } catch {
            return .unavailable(reason: "metrics.k8s.io could not be read: \(error)")
        }
    }
}

/// Why a snapshot could not be taken.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// The resource that failed, such as `pods`.
    public var resource: String
    /// The API's error.
    public var underlying: KubeError

    static func listFailed(resource: String, _ error: KubeError) -> SnapshotError {
        SnapshotError(resource: resource, underlying: error)
    }

    static func namespaceNotFound(_ name: String) -> SnapshotError {
        SnapshotError(
            resource: Namespace.resourceName,
            underlying: KubeError(code: .notFound, message: "namespace \"\(name)\" does not exist", httpStatus: 404))
    }

    /// Whether the scan named a namespace that does not exist.
    public var isNamespaceNotFound: Bool { resource == Namespace.resourceName && underlying.code == .notFound }

    /// `cannot list pods: forbidden: ...`, or `namespace "x" does not exist`.
    public var description: String {
        isNamespaceNotFound ? underlying.message : "cannot list \(resource): \(underlying)"
    }
}

/// Counts finished kinds for progress reports.
final class ProgressCounter: Sendable {
    private let state = Mutex(0)
    let total: Int
    let report: (@Sendable (ClusterSnapshot.Progress) -> Void)?

    init(total: Int, report: (@Sendable (ClusterSnapshot.Progress) -> Void)?) {
        self.total = total
        self.report = report
    }

    func done(_ resource: String, _ count: Int) {
        let completed = state.withLock { value in
            value += 1
            return value
        }
        report?(ClusterSnapshot.Progress(resource: resource, count: count, completed: completed, total: total))
    }
}

/// Collects the objects the concurrent lists of a collection could not decode.
final class UnreadableObjects: Sendable {
    private let objects = Mutex<[UndecodableItem]>([])

    func add(_ items: [UndecodableItem]) {
        guard !items.isEmpty else { return }
        objects.withLock { $0 += items }
    }

    /// Everything added so far (the snapshot sorts them).
    var all: [UndecodableItem] { objects.withLock { $0 } }
}
