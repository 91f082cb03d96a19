import Foundation
import OkikKubeClient

/// Everything the optimizer's checks read, taken once and shared by all of them: the objects, pod and node metrics,
/// owner resolution and usage-versus-request figures per workload container.
///
/// Build one with ``collect(from:namespace:clock:progress:)`` (one concurrent pass over the API) or with
/// ``init(takenAt:namespace:namespaces:pods:deployments:replicaSets:statefulSets:daemonSets:jobs:cronJobs:nodes:autoscalers:claims:budgets:quotas:events:metrics:diagnostics:unreadableObjects:)``
/// from objects you already hold, such as ``ResourceCache`` snapshots.
public struct ClusterSnapshot: Sendable {
    /// When the objects were read (the clock the run uses; virtual in simulations).
    public let takenAt: Date
    /// The namespace the snapshot is limited to; nil for the whole cluster.
    public let namespace: String?
    /// Namespaces (all of them, even for a one-namespace snapshot, when readable).
    public let namespaces: [Namespace]
    /// Pods.
    public let pods: [Pod]
    /// Deployments.
    public let deployments: [Deployment]
    /// ReplicaSets.
    public let replicaSets: [ReplicaSet]
    /// StatefulSets.
    public let statefulSets: [StatefulSet]
    /// DaemonSets.
    public let daemonSets: [DaemonSet]
    /// Jobs.
    public let jobs: [Job]
    /// CronJobs.
    public let cronJobs: [CronJob]
    /// Nodes.
    public let nodes: [Node]
    /// HorizontalPodAutoscalers (autoscaling/v2).
    public let autoscalers: [HorizontalPodAutoscaler]
    /// PersistentVolumeClaims.
    public let claims: [PersistentVolumeClaim]
    /// PodDisruptionBudgets.
    public let budgets: [PodDisruptionBudget]
    /// ResourceQuotas.
    public let quotas: [ResourceQuota]
    /// core/v1 Events.
    public let events: [Event]
    /// Pod and node metrics, or why there are none.
    public let metrics: MetricsSnapshot
    /// Problems met while collecting (each reported once), such as a missing metrics-server or objects that could
    /// not be read.
    public let diagnostics: [String]
    /// Objects the client could not decode, left out of every check (``UnreadableObjectCheck`` reports each as
    /// OKK-509), ordered by kind, namespace and name.
    public let unreadableObjects: [UndecodableItem]
    let index: SnapshotIndex

    /// Creates a snapshot from objects already read; owner resolution and usage figures are computed here, once.
    public init(
        takenAt: Date, namespace: String? = nil, namespaces: [Namespace] = [], pods: [Pod] = [],
        deployments: [Deployment] = [], replicaSets: [ReplicaSet] = [], statefulSets: [StatefulSet] = [],
        daemonSets: [DaemonSet] = [], jobs: [Job] = [], cronJobs: [CronJob] = [], nodes: [Node] = [],
        autoscalers: [HorizontalPodAutoscaler] = [], claims: [PersistentVolumeClaim] = [],
        budgets: [PodDisruptionBudget] = [], quotas: [ResourceQuota] = [], events: [Event] = [],
        metrics: MetricsSnapshot = .unavailable(reason: "no metrics were collected"), diagnostics: [String] = [],
        unreadableObjects: [UndecodableItem] = []
    ) {
        self.takenAt = takenAt
        self.namespace = namespace
        self.namespaces = namespaces
        self.pods = pods
        self.deployments = deployments
        self.replicaSets = replicaSets
        self.statefulSets = statefulSets
        self.daemonSets = daemonSets
        self.jobs = jobs
        self.cronJobs = cronJobs
        self.nodes = nodes
        self.autoscalers = autoscalers
        self.claims = claims
        self.budgets = budgets
        self.quotas = quotas
        self.events = events
        self.metrics = metrics
        var diagnostics = diagnostics
        if case .unavailable(let reason) = metrics, !diagnostics.contains(where: { $0.hasPrefix("metrics unavailable") }) {
            diagnostics.append("metrics unavailable: \(reason); checks that need usage figures are skipped")
        }
        let unreadable = unreadableObjects.sorted {
            ($0.kind, $0.namespace ?? "", $0.name ?? "", $0.index) < ($1.kind, $1.namespace ?? "", $1.name ?? "", $1.index)
        }
        if !unreadable.isEmpty, !diagnostics.contains(where: { $0.contains("could not be read") }) {
            diagnostics.append(Self.unreadableDiagnostic(unreadable))
        }
        self.diagnostics = diagnostics
        self.unreadableObjects = unreadable
        self.index = SnapshotIndex(
            pods: pods, replicaSets: replicaSets, jobs: jobs, deployments: deployments, statefulSets: statefulSets,
            daemonSets: daemonSets, cronJobs: cronJobs, events: events, metrics: metrics)
    }

    /// `2 objects could not be read and were left out of every check (OKK-509): Pod shop/a, Node n1`, naming at
    /// most five.
    static func unreadableDiagnostic(_ objects: [UndecodableItem]) -> String {
        let count = objects.count == 1 ? "1 object" : "\(objects.count) objects"
        var names = objects.prefix(5).map(\.objectDescription).joined(separator: ", ")
        if objects.count > 5 { names += ", and \(objects.count - 5) more" }
        return "\(count) could not be read and \(objects.count == 1 ? "was" : "were") left out of every check (\(FindingCode.objectUnreadable)): \(names)"
    }

    /// Whether pod and node metrics are present.
    public var hasMetrics: Bool {
        if case .available = metrics { return true }
        return false
    }

    /// The top-level workload that owns a pod (pod -> ReplicaSet -> Deployment, pod -> Job -> CronJob,
    /// StatefulSet, DaemonSet), or the pod itself when nothing controls it.
    public func owner(of pod: Pod) -> ResourceRef {
        index.owner(of: pod)
    }

    /// Every workload with its pods and per-container figures, ordered by namespace, kind and name.
    public var workloads: [WorkloadFigures] { index.workloads }

    /// The workload figures for one workload, if it has pods or a template.
    public func workload(_ ref: ResourceRef) -> WorkloadFigures? {
        index.workloadsByRef[ref]
    }

    /// The metrics of a pod, when metrics are available and the pod has been sampled.
    public func metrics(of pod: Pod) -> PodMetrics? {
        index.podMetrics[SnapshotIndex.key(pod.metadata.namespace, pod.name)]
    }

    /// The metrics of a node, when available.
    public func metrics(ofNode name: String) -> NodeMetrics? {
        index.nodeMetrics[name]
    }

    /// The pods scheduled on a node.
    public func pods(onNode name: String) -> [Pod] {
        (index.podsByNode[name] ?? []).map { pods[$0] }
    }

    /// What the live pods on a node ask for (count, requests, memory limits); empty for a node without pods.
    public func load(onNode name: String) -> NodeLoad {
        index.nodeLoads[name] ?? NodeLoad()
    }

    /// The ReplicaSets a Deployment controls (its revisions).
    public func replicaSets(of deployment: ResourceRef) -> [ReplicaSet] {
        (index.replicaSetsByDeployment[deployment] ?? []).map { replicaSets[$0] }
    }

    /// A Deployment by reference.
    public func deployment(_ ref: ResourceRef) -> Deployment? {
        index.deploymentsByRef[ref].map { deployments[$0] }
    }

    /// The pods of a workload.
    public func pods(of workload: ResourceRef) -> [Pod] {
        (index.podsByOwner[workload] ?? []).map { pods[$0] }
    }

    /// Events about one object, newest last.
    public func events(about ref: ResourceRef) -> [Event] {
        (index.eventsByObject[ref] ?? []).map { events[$0] }
    }
}

/// Pod and node metrics from metrics.k8s.io, or why they are missing.
public enum MetricsSnapshot: Sendable {
    /// Metrics were read.
    case available(pods: [PodMetrics], nodes: [NodeMetrics])
    /// The metrics API did not answer (usually: no metrics-server).
    case unavailable(reason: String)
}
