import OkikKubeClient

/// A pod's quality-of-service class, as the kubelet derives it from its containers' requests and limits: it decides
/// which pods are evicted first under node pressure, so OKIK never changes it by accident.
public enum QoSClass: String, Sendable, Hashable, Codable {
    /// Every container has CPU and memory limits, and requests equal to them (or unset, which defaults to them).
    case guaranteed = "Guaranteed"
    /// Some container has a request or a limit, but the pod is not Guaranteed.
    case burstable = "Burstable"
    /// No container has any request or limit.
    case bestEffort = "BestEffort"

    /// The class of a pod with these containers.
    public init(containers: [Container]) {
        let resources = containers.map { $0.resources ?? ResourceRequirements() }
        let guaranteed = !containers.isEmpty && resources.allSatisfy { resources in
            ["cpu", "memory"].allSatisfy { name in
                guard let limit = resources.limits?[name] else { return false }
                return (resources.requests?[name] ?? limit) == limit
            }
        }
        if guaranteed {
            self = .guaranteed
        } else if resources.contains(where: { !($0.requests ?? [:]).isEmpty || !($0.limits ?? [:]).isEmpty }) {
            self = .burstable
        } else {
            self = .bestEffort
        }
    }
}
