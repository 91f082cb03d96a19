import Foundation
import OkikKubeClient

/// The metrics pipeline (kubelet resource metrics scraped by metrics-server): samples every running container's
/// usage model, CPU throttled as the node allows (``CPUThrottle``), and publishes PodMetrics and NodeMetrics objects,
/// rewriting only those whose usage changed. A node's CPU usage never passes its allocatable CPU.
enum MetricsPipeline {
    /// CPU and memory a node uses beyond its pods (kubelet, runtime, system daemons).
    static let systemOverhead = Resources(cpu: 120, memory: 600 << 20)

    static func sample(in state: inout ClusterState) {
        var nodeUsage: [String: Resources] = [:]
        var throttled: [String: [Resources]] = [:]
        for name in state.nodeOrder where state.nodes[name]?.isReady == true {
            throttled.merge(CPUThrottle.usages(onNode: name, in: state)) { first, _ in first }
        }
        for (key, pod) in state.pods {
            guard let nodeName = pod.nodeName, pod.phase == "Running", state.nodes[nodeName]?.isReady == true else {
                if state.publishedPodUsage.removeValue(forKey: key) != nil {
                    state.deletes.insert(ObjectRef(kind: .podMetrics, key: key))
                }
                continue
            }
            let usages = throttled[key] ?? []
            let total = usages.reduce(Resources.zero, +)
            nodeUsage[nodeName, default: systemOverhead] += total
            if let published = state.publishedPodUsage[key], !changed(published, usages) { continue }
            state.publishedPodUsage[key] = usages
            state.markWrite(.podMetrics, key)
        }
        for name in state.nodeOrder {
            guard state.nodes[name]?.isReady == true else {
                if state.publishedNodeUsage.removeValue(forKey: name) != nil {
                    state.deletes.insert(ObjectRef(kind: .nodeMetrics, key: "/\(name)"))
                }
                continue
            }
            var usage = nodeUsage[name] ?? systemOverhead
            if let allocatable = state.nodes[name]?.allocatable.cpu { usage.cpu = min(usage.cpu, allocatable) }
            if state.publishedNodeUsage[name].map({ changed([$0], [usage]) }) ?? true {
                state.publishedNodeUsage[name] = usage
                state.markWrite(.nodeMetrics, "/\(name)")
            }
        }
    }

    /// Whether usage moved enough to publish again: 2% (at least 1m CPU or 1Mi memory) for any container, or a
    /// container came or went. Smaller moves are within metrics-server's own noise.
    static func changed(_ old: [Resources], _ new: [Resources]) -> Bool {
        guard old.count == new.count else { return true }
        for (before, after) in zip(old, new) {
            if abs(after.cpu - before.cpu) > max(1, before.cpu / 50) { return true }
            if abs(after.memory - before.memory) > max(1 << 20, before.memory / 50) { return true }
        }
        return false
    }

    /// The PodMetrics object for a pod.
    static func podMetrics(_ pod: SimPod, usages: [Resources], state: ClusterState) -> JSONValue {
        let running = pod.containers.filter(\.isRunning)
        let containers: [JSONValue] = zip(running, usages).map { container, usage in
            ["name": .string(container.name), "usage": usageJSON(usage)]
        }
        return [
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
            "metadata": ["name": .string(pod.name), "namespace": .string(pod.namespace),
                         "labels": .object(pod.labels.mapValues(JSONValue.string))],
            "timestamp": StatusJSON.time(state.now), "window": .string(windowText(state)),
            "containers": .array(containers),
        ]
    }

    /// The NodeMetrics object for a node.
    static func nodeMetrics(_ node: SimNode, usage: Resources, state: ClusterState) -> JSONValue {
        [
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics",
            "metadata": ["name": .string(node.name), "labels": .object(node.labels.mapValues(JSONValue.string))],
            "timestamp": StatusJSON.time(state.now), "window": .string(windowText(state)), "usage": usageJSON(usage),
        ]
    }

    private static func usageJSON(_ usage: Resources) -> JSONValue {
        ["cpu": .string(Resources.formatMetricsCPU(usage.cpu)), "memory": .string(Resources.formatMetricsMemory(usage.memory))]
    }

    private static func windowText(_ state: ClusterState) -> String {
        SimDuration.format(state.configuration.metricsInterval.timeInterval)
    }
}
