import Foundation
import OkikKubeClient

/// Makes pods from a controller's pod template the way the API server and the controllers do: generated names,
/// the template's labels plus the controller's, and a controller ownerReference.
enum PodFactory {
    /// Creates a pod in the runtime state (written to the store on the next flush) and returns its key. A caller
    /// creating several pods from one template passes its ``prototype(_:state:)`` to skip the lookup.
    @discardableResult
    static func create(
        template: JSONValue, namespace: String, name: String, owner: SimPod.Owner, extraLabels: [String: String] = [:],
        requiredNode: String? = nil, ordinal: Int? = nil, hostname: String? = nil, prototype known: SimPod? = nil,
        state: inout ClusterState
    ) -> String? {
        guard var pod = known ?? prototype(template, state: &state) else { return nil }
        pod.namespace = namespace
        pod.name = name
        pod.owner = owner
        pod.sequence = state.nextSequence()
        pod.createdAt = state.now
        // Merging nothing would still give every pod its own copy of the template's labels.
        if !extraLabels.isEmpty { pod.labels.merge(extraLabels) { _, new in new } }
        pod.ordinal = ordinal
        if let requiredNode {
            pod.requiredNode = requiredNode
            for (key, effect) in DaemonSetController.automaticTolerations {
                pod.tolerations.append(Toleration(key: key, operator: "Exists", effect: effect))
            }
        }
        pod.source = SimPod.Source(template: template, hostname: hostname, requiredNode: requiredNode)
        pod.conditions = []
        state.addPod(pod)
        return pod.key
    }

    /// The object of a pod the runtime created, as the API server receives it from the controller: the template's
    /// metadata and spec with the pod's name, labels and controller ownerReference, and what the controller adds
    /// (hostname, the DaemonSet node affinity and tolerations, StatefulSet claim volumes, the binding). Built when
    /// the pod is written, so the runtime keeps one shared template per controller instead of an object per pod.
    static func manifest(_ pod: SimPod, source: SimPod.Source, ownerReference: JSONValue?) -> JSONValue {
        let template = source.template
        var metadata = template["metadata"]?.objectValue ?? [:]
        metadata["name"] = .string(pod.name)
        metadata["namespace"] = .string(pod.namespace)
        metadata["labels"] = .object(pod.labels.mapValues(JSONValue.string))
        metadata["creationTimestamp"] = nil
        if let ownerReference { metadata["ownerReferences"] = [ownerReference] }
        var spec = template["spec"]?.objectValue ?? [:]
        if let hostname = source.hostname {
            spec["hostname"] = .string(hostname)
        }
        if let requiredNode = source.requiredNode {
            spec["affinity"] = [
                "nodeAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        "nodeSelectorTerms": [["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(requiredNode)]]]]],
                    ],
                ],
            ]
            var tolerations = spec["tolerations"]?.arrayValue ?? []
            for (key, effect) in DaemonSetController.automaticTolerations {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": .string(effect)])
            }
            spec["tolerations"] = .array(tolerations)
        }
        if !source.claimVolumes.isEmpty {
            spec["volumes"] = .array((spec["volumes"]?.arrayValue ?? []) + source.claimVolumes)
        }
        if let node = pod.nodeName { spec["nodeName"] = .string(node) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata), "spec": .object(spec)]
    }

    /// The decoded template (containers, profiles, scheduling inputs), cached by template JSON.
    static func prototype(_ template: JSONValue, state: inout ClusterState) -> SimPod? {
        if let cached = state.prototypes[template] { return cached }
        guard let decoded = try? template.decode(as: PodTemplateSpec.self) else { return nil }
        return remember(decoded, as: template, state: &state)
    }

    /// Caches the prototype of a template that is already decoded (a Deployment's, taken in with the Deployment),
    /// so the pods of its ReplicaSets need no second decoding.
    @discardableResult
    static func remember(_ decoded: PodTemplateSpec, as template: JSONValue, state: inout ClusterState) -> SimPod {
        let prototype = prototype(decoded, now: state.now)
        if state.prototypes.count > 50_000 { state.prototypes.removeAll() }
        state.prototypes[template] = prototype
        return prototype
    }

    /// The pod a decoded template starts its pods from.
    static func prototype(_ decoded: PodTemplateSpec, now: Date) -> SimPod {
        SimPod(pod: Pod(metadata: decoded.metadata ?? ObjectMeta(), spec: decoded.spec), sequence: 0, now: now)
    }

    /// A generated name `<prefix>-<5 characters>` not used by another pod in the namespace.
    static func generatedName(_ prefix: String, namespace: String, state: inout ClusterState) -> String {
        while true {
            let name = "\(prefix)-\(state.nameSuffix())"
            if state.pods[ObjectRef.key(namespace, name)] == nil { return name }
        }
    }
}
