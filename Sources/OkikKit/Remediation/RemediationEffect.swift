import OkikKubeClient

/// What a write does to serving capacity, declared by the tool from its typed input so the remediation guards can
/// judge it before it runs (``KubeTool/effects(_:)``). A tool that declares none is judged by its targets alone.
public enum RemediationEffect: Sendable, Hashable, CustomStringConvertible {
    /// Sets a Deployment's replicas (`scale_deployment`, `scale_to_zero`).
    case setReplicas(ResourceRef, to: Int)
    /// Scales a Deployment to zero to stop a failing workload (`quarantine_deployment`).
    case quarantine(ResourceRef)
    /// Restores a quarantined Deployment (`unquarantine_deployment`).
    case restore(ResourceRef)
    /// Deletes a workload (`delete_deployment`).
    case removeWorkload(ResourceRef)
    /// Deletes a namespace and everything in it (`delete_namespace`).
    case removeNamespace(String)
    /// Deletes one pod, which its controller recreates (`delete_pod`).
    case removePod(namespace: String, name: String)
    /// Replaces every pod of a workload (`rollout_restart`).
    case restart(ResourceRef)
    /// Returns a Deployment to an earlier revision (`rollback_deployment`).
    case rollback(ResourceRef)
    /// Marks a node unschedulable (`cordon_node`).
    case cordon(node: String)
    /// Cordons a node and evicts its pods (`drain_node`).
    case drain(node: String)
    /// Marks a node schedulable again (`uncordon_node`).
    case uncordon(node: String)
    /// Sets requests and limits of one container of a Deployment (`update_resources`); absent keys stay as they are.
    case resize(ResourceRef, container: String, requests: [String: Quantity], limits: [String: Quantity])
    /// Changes an autoscaler's bounds (`update_hpa`); nil leaves a bound as it is.
    case autoscalerBounds(ResourceRef, minReplicas: Int?, maxReplicas: Int?)
    /// Creates an autoscaler for a workload (`create_hpa`).
    case createAutoscaler(target: ResourceRef, minReplicas: Int, maxReplicas: Int)
    /// Deletes an autoscaler (`delete_hpa`).
    case removeAutoscaler(ResourceRef)
    /// Replaces what an autoscaler scales on, its whole metrics list (`update_hpa` with `metrics`).
    case replaceAutoscalerMetrics(ResourceRef)

    /// The object the effect is about, before owner resolution (a pod, an autoscaler, a node ...).
    public var subject: ResourceRef {
        switch self {
        case .setReplicas(let ref, _), .quarantine(let ref), .restore(let ref), .removeWorkload(let ref),
            .restart(let ref), .rollback(let ref), .resize(let ref, _, _, _), .autoscalerBounds(let ref, _, _),
            .removeAutoscaler(let ref), .replaceAutoscalerMetrics(let ref):
            ref
        case .createAutoscaler(let target, _, _): target
        case .removeNamespace(let name): ResourceRef(kind: "Namespace", namespace: nil, name: name)
        case .removePod(let namespace, let name): ResourceRef(kind: "Pod", namespace: namespace, name: name)
        case .cordon(let node), .drain(let node), .uncordon(let node): ResourceRef(kind: "Node", namespace: nil, name: node)
        }
    }

    /// `set replicas of Deployment shop/web to 2`.
    public var description: String {
        switch self {
        case .setReplicas(let ref, let replicas): "set replicas of \(ref) to \(replicas)"
        case .quarantine(let ref): "quarantine \(ref)"
        case .restore(let ref): "restore \(ref)"
        case .removeWorkload(let ref): "delete \(ref)"
        case .removeNamespace(let name): "delete namespace \(name)"
        case .removePod(let namespace, let name): "delete pod \(namespace)/\(name)"
        case .restart(let ref): "restart \(ref)"
        case .rollback(let ref): "roll back \(ref)"
        case .cordon(let node): "cordon node \(node)"
        case .drain(let node): "drain node \(node)"
        case .uncordon(let node): "uncordon node \(node)"
        case .resize(let ref, let container, _, _): "resize container \(container) of \(ref)"
        case .autoscalerBounds(let ref, _, _): "change the bounds of \(ref)"
        case .createAutoscaler(let target, _, _): "create an autoscaler for \(target)"
        case .removeAutoscaler(let ref): "delete \(ref)"
        case .replaceAutoscalerMetrics(let ref): "replace the metrics of \(ref)"
        }
    }
}
