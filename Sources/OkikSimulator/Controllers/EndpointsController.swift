import OkikKubeClient

/// The endpoints controller: for a Service with a selector, the Endpoints of the same name list the matching pods'
/// IPs (ready ones under `addresses`, the others under `notReadyAddresses`) with the Service's ports resolved to the
/// pods' container ports. A process pod's address is 127.0.0.1 with the host port its container port maps to.
enum EndpointsController {
    /// The label marking Endpoints this controller owns; Endpoints without it (written by hand) are left alone.
    static let managedLabel = "endpoints.okik.io/managed-by"
    /// The label's value.
    static let manager = "okik-simulator"

    /// What the controller wants for one Service.
    struct Desired: Equatable {
        var subsets: [JSONValue]
        /// Some matching pod is ready.
        var hasReady: Bool
    }

    /// The Endpoints subsets for a Service; nil when it has no selector (its Endpoints are someone else's).
    static func desired(for service: JSONValue, namespace: String, in state: ClusterState) -> Desired? {
        let selector = service.value(at: ["spec", "selector"])?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        guard !selector.isEmpty else { return nil }
        let servicePorts = service.value(at: ["spec", "ports"])?.arrayValue ?? []
        // Pods grouped by their resolved ports, in a stable order.
        var groups: [[JSONValue]: (ready: [JSONValue], notReady: [JSONValue])] = [:]
        var order: [[JSONValue]] = []
        var hasReady = false
        for key in (state.podsByNamespace[namespace] ?? []).sorted() {
            guard let pod = state.pods[key], !pod.isTerminal, let ip = pod.podIP,
                selector.allSatisfy({ pod.labels[$0.key] == $0.value }),
                let ports = resolve(servicePorts, for: pod, in: state)
            else { continue }
            var address: [String: JSONValue] = [
                "ip": .string(ip),
                "targetRef": ["kind": "Pod", "namespace": .string(pod.namespace), "name": .string(pod.name)],
            ]
            if let node = pod.nodeName { address["nodeName"] = .string(node) }
            if let uid = pod.uid { address["targetRef"]?["uid"] = .string(uid) }
            if groups[ports] == nil { order.append(ports) }
            if pod.isReady {
                hasReady = true
                groups[ports, default: ([], [])].ready.append(.object(address))
            } else {
                groups[ports, default: ([], [])].notReady.append(.object(address))
            }
        }
        let subsets: [JSONValue] = order.map { ports in
            var subset: [String: JSONValue] = ["ports": .array(ports)]
            let group = groups[ports] ?? ([], [])
            if !group.ready.isEmpty { subset["addresses"] = .array(group.ready) }
            if !group.notReady.isEmpty { subset["notReadyAddresses"] = .array(group.notReady) }
            return .object(subset)
        }
        return Desired(subsets: subsets, hasReady: hasReady)
    }

    /// The Service's ports as a pod serves them; nil when a named target port is not among the pod's ports.
    private static func resolve(_ servicePorts: [JSONValue], for pod: SimPod, in state: ClusterState) -> [JSONValue]? {
        var resolved: [JSONValue] = []
        let declared = pod.containers.flatMap(\.profile.ports)
        let isProcess = pod.containers.contains(where: \.isProcess)
        for port in servicePorts {
            var number: Int?
            switch port["targetPort"] {
            case .string(let name)?:
                if let value = Int(name) {
                    number = value
                } else {
                    guard let match = declared.first(where: { $0.name == name })?.containerPort else { return nil }
                    number = match
                }
            case .int(let value)?:
                number = value
            default:
                number = port["port"]?.intValue
            }
            guard var target = number else { continue }
            if isProcess, let host = state.processes.hostPort(pod.key, containerPort: target) { target = host }
            var entry: [String: JSONValue] = [
                "port": .int(target), "protocol": port["protocol"] ?? .string("TCP"),
            ]
            if let name = port["name"]?.stringValue, !name.isEmpty { entry["name"] = .string(name) }
            resolved.append(.object(entry))
        }
        return resolved
    }
}
