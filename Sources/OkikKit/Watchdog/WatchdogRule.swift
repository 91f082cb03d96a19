import Foundation
import OkikKubeClient

/// A deterministic watchdog rule: it looks at one pod as a watch event (or a timer tick) shows it and may raise
/// alerts. Rules do no I/O; the ``Watchdog`` resolves owners, acts through the gatekeeper and fires each incident once.
public protocol WatchdogRule: Sendable {
    /// A stable kebab-case id.
    var id: String { get }
    /// Evaluates the pod.
    func evaluate(_ pod: Pod, context: WatchdogContext) -> [WatchdogAlert]
}

/// What a rule may read besides the pod.
public struct WatchdogContext: Sendable {
    /// The time of the evaluation.
    public var now: Date
    /// The thresholds.
    public var configuration: WatchdogConfiguration
    /// The workload that owns the pod (the pod itself when none).
    public var owner: ResourceRef
    /// The remediation invariants (the restart threshold of crash loops is its).
    public var remediation: RemediationPolicy
    /// The live pods of the owner (including this one), filled in when a container of the pod crash-loops.
    public var workloadPods: [Pod]
    /// The owner's ReplicaSets, for a Deployment, filled in with ``workloadPods``.
    public var replicaSets: [ReplicaSet]
    /// The last observed memory usage per container of the pod, in bytes, when metrics could be read.
    public var memoryUsage: [String: Int64]
    /// Free capacity per schedulable node (for scheduling diagnoses), computed on demand.
    public var nodeCapacity: @Sendable () -> [NodeCapacity]

    /// Creates a context.
    public init(
        now: Date, configuration: WatchdogConfiguration, owner: ResourceRef, remediation: RemediationPolicy = .default,
        workloadPods: [Pod] = [], replicaSets: [ReplicaSet] = [], memoryUsage: [String: Int64] = [:],
        nodeCapacity: @escaping @Sendable () -> [NodeCapacity] = { [] }
    ) {
        self.now = now
        self.configuration = configuration
        self.owner = owner
        self.remediation = remediation
        self.workloadPods = workloadPods
        self.replicaSets = replicaSets
        self.memoryUsage = memoryUsage
        self.nodeCapacity = nodeCapacity
    }
}

/// What a rule raises: an incident, its explanation, and optionally one action to take through the gatekeeper.
public struct WatchdogAlert: Sendable {
    /// The incident key; the watchdog fires each key once.
    public var incident: String
    /// How bad.
    public var severity: Severity
    /// The object at fault.
    public var subject: ResourceRef
    /// The container, when about one.
    public var container: String?
    /// One sentence.
    public var message: String
    /// The figures behind it.
    public var evidence: [String: String]
    /// What to do.
    public var recommendation: String
    /// A call to run now through the gatekeeper (which may queue or deny it).
    public var action: ToolInvocation?
    /// Calls to propose without running.
    public var proposedCalls: [ToolInvocation]

    /// Creates an alert.
    public init(
        incident: String, severity: Severity, subject: ResourceRef, container: String? = nil, message: String,
        evidence: [String: String] = [:], recommendation: String, action: ToolInvocation? = nil,
        proposedCalls: [ToolInvocation] = []
    ) {
        self.incident = incident
        self.severity = severity
        self.subject = subject
        self.container = container
        self.message = message
        self.evidence = evidence
        self.recommendation = recommendation
        self.action = action
        self.proposedCalls = proposedCalls
    }
}

extension Pod {
    /// The revision of the pod's template (`pod-template-hash` or `controller-revision-hash`), so an incident
    /// belongs to one revision of a workload: a fixed rollout is a new incident.
    var revision: String {
        metadata.labels?["pod-template-hash"] ?? metadata.labels?["controller-revision-hash"] ?? metadata.uid ?? name
    }
}
