import Foundation
import OkikKubeClient

/// The runtime's view of one pod: scheduling inputs, the kubelet's container states, and what it reports.
struct SimPod: Sendable {
    /// The controller that owns a pod.
    struct Owner: Hashable, Sendable {
        var kind: SimKind
        var name: String
    }

    var namespace: String
    var name: String
    var uid: String?
    var inStore = false
    /// What the object to create is made from (``PodFactory/manifest(_:source:ownerReference:)``), until it is written.
    var source: Source?
    var labels: [String: String]
    var owner: Owner?
    /// Creation order, for deterministic scheduling.
    var sequence: Int
    var createdAt: Date
    var restartPolicy: String
    var nodeSelector: [String: String]
    var tolerations: [Toleration]
    /// Set for DaemonSet pods: the one node they may run on.
    var requiredNode: String?
    var claims: [String]
    var containers: [SimContainer]
    var requests: Resources
    var qosClass: String
    var nodeName: String?
    var hostIP: String?
    var podIP: String?
    var startTime: Date?
    var phase = "Pending"
    var conditions: [SimCondition] = []
    /// When the pod last became ready (nil while not ready).
    var readySince: Date?
    /// Scheduler bookkeeping: when the last attempt failed.
    var lastScheduleFailure: Date?
    var schedulingMessage: String?
    /// Whether the kubelet set it up (sandbox, IP, start time).
    var initialized = false
    var ordinal: Int?
    var priority: Int

    var key: String { ObjectRef.key(namespace, name) }

    /// A pod's controller template (shared with the controller, not copied) and what the controller adds to it.
    struct Source: Sendable {
        var template: JSONValue
        var hostname: String?
        /// The node a DaemonSet pod is pinned to through node affinity.
        var requiredNode: String?
        /// Volumes for a StatefulSet pod's claims, added to the template's.
        var claimVolumes: [JSONValue] = []
    }

    var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }

    var isReady: Bool { readySince != nil }

    /// Ready for at least `minReadySeconds`.
    func isAvailable(minReadySeconds: Int, now: Date) -> Bool {
        guard let readySince else { return false }
        return now.timeIntervalSince(readySince) >= Double(minReadySeconds)
    }

    /// Builds the runtime state from a pod object.
    init(pod: Pod, sequence: Int, now: Date) {
        namespace = pod.metadata.namespace ?? "default"
        name = pod.metadata.name ?? ""
        uid = pod.metadata.uid
        labels = pod.metadata.labels ?? [:]
        if let reference = pod.metadata.ownerReferences?.first(where: { $0.controller == true }),
            let kind = SimKind.allCases.first(where: { $0.apiVersionKind.kind == reference.kind })
        {
            owner = Owner(kind: kind, name: reference.name)
        }
        self.sequence = sequence
        createdAt = pod.metadata.creationTimestamp?.date ?? now
        let spec = pod.spec ?? PodSpec()
        restartPolicy = spec.restartPolicy ?? "Always"
        nodeSelector = spec.nodeSelector ?? [:]
        tolerations = spec.tolerations ?? []
        requiredNode = spec.affinity.flatMap(Self.requiredNodeName)
        claims = (spec.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName }
        let annotations = pod.metadata.annotations ?? [:]
        containers = (spec.containers ?? []).map {
            SimContainer(profile: ContainerProfile(container: $0, annotations: annotations))
        }
        requests = containers.reduce(.zero) { $0 + $1.profile.requests }
        qosClass = Self.qosClass(containers.map(\.profile))
        nodeName = spec.nodeName
        priority = spec.priority ?? 0
    }

    /// The node named by a DaemonSet pod's required node affinity (`matchFields metadata.name In [node]`).
    static func requiredNodeName(_ affinity: JSONValue) -> String? {
        let terms = affinity.value(at: ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"])?
            .arrayValue ?? []
        for term in terms {
            for field in term["matchFields"]?.arrayValue ?? [] where field["key"]?.stringValue == "metadata.name" {
                if let value = field["values"]?.arrayValue?.first?.stringValue { return value }
            }
        }
        return nil
    }

    /// The QoS class from requests and limits.
    static func qosClass(_ profiles: [ContainerProfile]) -> String {
        guard !profiles.isEmpty else { return "BestEffort" }
        let anySet = profiles.contains { $0.requests != .zero || $0.limits != .zero }
        let guaranteed = profiles.allSatisfy {
            $0.limits.cpu > 0 && $0.limits.memory > 0
                && ($0.requests.cpu == 0 || $0.requests.cpu == $0.limits.cpu)
                && ($0.requests.memory == 0 || $0.requests.memory == $0.limits.memory)
        }
        if guaranteed { return "Guaranteed" }
        return anySet ? "Burstable" : "BestEffort"
    }
}
