import Foundation
import OkikKubeClient

/// Turns scenarios into Kubernetes objects, for the simulator or for a real cluster.
public enum ScenarioBuilder {
    /// The default node pool when no scenario defines nodes: three 4-CPU, 16 GiB nodes.
    public static let defaultPool = ScenarioNodePool(name: "node", count: 3, cpu: "4", memory: "16Gi")

    /// Every object of the scenarios in apply order: namespaces, nodes, storage, workloads, autoscalers, budgets,
    /// manifests. Objects with the same kind and name are emitted once.
    public static func objects(for scenarios: [Scenario], target: ScenarioTarget) -> [JSONValue] {
        var namespaces: [String] = []
        var nodes: [JSONValue] = []
        var storage: [JSONValue] = []
        var workloads: [JSONValue] = []
        var extras: [JSONValue] = []
        func addNamespace(_ name: String?) {
            guard let name, !["default", "kube-system", "kube-public", "kube-node-lease"].contains(name),
                !namespaces.contains(name)
            else { return }
            namespaces.append(name)
        }
        var pools = scenarios.flatMap { $0.nodes ?? [] }
        if pools.isEmpty { pools = [defaultPool] }
        if target == .simulator {
            for pool in pools { nodes += nodeObjects(pool) }
        }
        for scenario in scenarios {
            for workload in scenario.workloads ?? [] {
                addNamespace(workload.namespace)
                let built = ScenarioWorkloadBuilder(workload: workload, target: target)
                if let claim = built.claim() { storage.append(claim) }
                workloads.append(built.workloadObject())
                if let hpa = built.autoscaler() { extras.append(hpa) }
                if let budget = built.disruptionBudget() { extras.append(budget) }
            }
            for manifest in scenario.manifests ?? [] {
                addNamespace(manifest.value(at: ["metadata", "namespace"])?.stringValue)
                let kind = manifest["kind"]?.stringValue ?? ""
                if ["StorageClass", "PersistentVolume", "PersistentVolumeClaim"].contains(kind) {
                    storage.append(manifest)
                } else {
                    extras.append(manifest)
                }
            }
        }
        let namespaceObjects: [JSONValue] = namespaces.map {
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string($0), "labels": ["okik.io/scenario": "true"]]]
        }
        var seen = Set<String>()
        return (namespaceObjects + nodes + storage + workloads + extras).filter { object in
            let identity = [
                object["kind"]?.stringValue ?? "", object.value(at: ["metadata", "namespace"])?.stringValue ?? "",
                object.value(at: ["metadata", "name"])?.stringValue ?? "",
            ].joined(separator: "/")
            return seen.insert(identity).inserted
        }
    }

    /// The Node objects of a pool.
    static func nodeObjects(_ pool: ScenarioNodePool) -> [JSONValue] {
        (1...max(1, pool.count ?? 1)).map { index in
            let name = "\(pool.name)-\(index)"
            var labels = pool.labels ?? [:]
            labels["kubernetes.io/hostname"] = name
            labels["kubernetes.io/os"] = "linux"
            labels["kubernetes.io/arch"] = "amd64"
            var metadata: [String: JSONValue] = [
                "name": .string(name), "labels": .object(labels.mapValues(JSONValue.string)),
            ]
            if let conditions = pool.conditions, !conditions.isEmpty {
                metadata["annotations"] = [SimNode.problemAnnotation: .string(conditions.joined(separator: ","))]
            }
            var spec: [String: JSONValue] = [:]
            if let taints = pool.taints, !taints.isEmpty { spec["taints"] = .array(taints) }
            if pool.unschedulable == true { spec["unschedulable"] = true }
            return [
                "apiVersion": "v1", "kind": "Node", "metadata": .object(metadata), "spec": .object(spec),
                "status": [
                    "capacity": [
                        "cpu": .string(pool.cpu ?? "4"), "memory": .string(pool.memory ?? "16Gi"),
                        "pods": .string(String(pool.pods ?? 110)),
                    ],
                ],
            ]
        }
    }
}
