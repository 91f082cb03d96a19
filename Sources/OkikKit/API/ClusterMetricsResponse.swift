import Foundation
import OkikKubeClient

/// GET /metrics as JSON: the cluster at a glance (nodes, pods, Deployments, CPU and memory) and OKIK's own counts.
/// A Prometheus scraper asking for text gets the exposition of ``OkikMetrics`` and the HTTP metrics instead.
public struct ClusterMetricsResponse: Codable, Sendable, Hashable {
    /// Node counts.
    public struct Nodes: Codable, Sendable, Hashable {
        /// All nodes.
        public var total: Int
        /// With condition Ready=True.
        public var ready: Int
        /// Ready and not cordoned.
        public var schedulable: Int
    }

    /// Pod counts.
    public struct Pods: Codable, Sendable, Hashable {
        /// All pods.
        public var total: Int
        /// By `status.phase` (`Running`, `Pending`, `Succeeded`, `Failed`, `Unknown`).
        public var byPhase: [String: Int]
        /// Running but not Ready.
        public var runningNotReady: Int
        /// Container restarts (init containers too), summed over the pods.
        public var restarts: Int
    }

    /// Deployment counts.
    public struct Deployments: Codable, Sendable, Hashable {
        /// All Deployments.
        public var total: Int
        /// With fewer available replicas than desired.
        public var unavailable: Int
    }

    /// One resource (CPU in millicores, memory in bytes) over the cluster.
    public struct Resource: Codable, Sendable, Hashable {
        /// Summed node allocatable.
        public var allocatable: Int64
        /// Summed requests of the live pods.
        public var requested: Int64
        /// Summed node usage from metrics.k8s.io; nil without a metrics server.
        public var used: Int64?
    }

    /// OKIK's own counts.
    public struct Okik: Codable, Sendable, Hashable {
        /// Plans waiting for approval.
        public var pendingPlans: Int
        /// Gate decisions by kind, over the whole audit.
        public var decisions: [GateDecision.Kind: Int]
        /// Entries in the watchdog's feed.
        public var recommendations: Int
        /// Model calls the agent made, when an agent runs.
        public var modelCalls: Int?

        /// Creates counts.
        public init(pendingPlans: Int, decisions: [GateDecision.Kind: Int], recommendations: Int, modelCalls: Int?) {
            self.pendingPlans = pendingPlans
            self.decisions = decisions
            self.recommendations = recommendations
            self.modelCalls = modelCalls
        }
    }

    /// When the caches were read.
    public var takenAt: Date
    /// The namespace the informers watch; nil for all.
    public var namespace: String?
    /// Nodes.
    public var nodes: Nodes
    /// Pods.
    public var pods: Pods
    /// Deployments.
    public var deployments: Deployments
    /// CPU, millicores.
    public var cpu: Resource
    /// Memory, bytes.
    public var memory: Resource
    /// OKIK.
    public var okik: Okik
    /// Why the usage figures are missing, when they are.
    public var metricsUnavailable: String?

    /// Summarises a snapshot; `okik` comes from the audit and the agent.
    public init(snapshot: ClusterSnapshot, okik: Okik) {
        takenAt = snapshot.takenAt
        namespace = snapshot.namespace
        let ready = snapshot.nodes.filter(\.isReady)
        nodes = Nodes(
            total: snapshot.nodes.count, ready: ready.count,
            schedulable: ready.filter { $0.spec?.unschedulable != true }.count)
        var phases: [String: Int] = [:]
        var notReady = 0
        var restarts = 0
        for pod in snapshot.pods {
            let phase = pod.status?.phase ?? "Unknown"
            phases[phase, default: 0] += 1
            if phase == "Running" && !pod.isReady { notReady += 1 }
            restarts += pod.restartCount
        }
        pods = Pods(total: snapshot.pods.count, byPhase: phases, runningNotReady: notReady, restarts: restarts)
        deployments = Deployments(
            total: snapshot.deployments.count,
            unavailable: snapshot.deployments.filter { ($0.status?.availableReplicas ?? 0) < ($0.spec?.replicas ?? 1) }.count)
        let load = NodeLoad.byNode(snapshot.pods).values
        let allocatable = snapshot.nodes.compactMap { $0.status?.allocatable }
        var usedCPU: Int64?
        var usedMemory: Int64?
        switch snapshot.metrics {
        case .available(_, let nodeMetrics):
            usedCPU = nodeMetrics.saturatingSum { $0.usage?["cpu"]?.millicores }
            usedMemory = nodeMetrics.saturatingSum { $0.usage?["memory"]?.bytes }
        case .unavailable(let reason):
            metricsUnavailable = reason
        }
        cpu = Resource(
            allocatable: allocatable.saturatingSum { $0["cpu"]?.millicores },
            requested: load.reduce(0) { $0 + $1.cpuRequests }, used: usedCPU)
        memory = Resource(
            allocatable: allocatable.saturatingSum { $0["memory"]?.bytes },
            requested: load.reduce(0) { $0 + $1.memoryRequests }, used: usedMemory)
        self.okik = okik
    }
}
