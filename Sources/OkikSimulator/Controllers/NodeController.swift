import Foundation

/// The nodes' kubelets and the node lifecycle controller: node status (capacity, allocatable, the Ready and pressure
/// conditions), the taints that go with NotReady, pressure and cordon, and pods on a NotReady node marked not ready.
enum NodeController {
    static func reconcile(_ name: String, in state: inout ClusterState) {
        guard var node = state.nodes[name] else { return }
        let now = state.now
        let reference = ObjectRef(kind: .node, key: "/\(name)")
        let wasReady = node.conditions.condition("Ready")?.status == "True"
        var changed = !node.initialized
        if !node.initialized {
            node.initialized = true
            if !node.problems.contains(.notReady) {
                state.event(reference, reason: "Starting", message: "Starting kubelet.", component: "kubelet", host: name)
            }
        }
        let problems = node.problems
        if problems.contains(.notReady) {
            changed = node.conditions.set("Ready", "Unknown", reason: "NodeStatusUnknown",
                message: "Kubelet stopped posting node status.", at: now) || changed
            for type in ["MemoryPressure", "DiskPressure", "PIDPressure"] {
                changed = node.conditions.set(type, "Unknown", reason: "NodeStatusUnknown",
                    message: "Kubelet stopped posting node status.", at: now) || changed
            }
        } else {
            changed = node.conditions.set("Ready", "True", reason: "KubeletReady", message: "kubelet is posting ready status",
                at: now) || changed
            changed = setPressure(&node, "MemoryPressure", problems.contains(.memoryPressure),
                ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available"),
                ("KubeletHasSufficientMemory", "kubelet has sufficient memory available"), now) || changed
            changed = setPressure(&node, "DiskPressure", problems.contains(.diskPressure),
                ("KubeletHasDiskPressure", "kubelet has disk pressure"),
                ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"), now) || changed
            changed = setPressure(&node, "PIDPressure", problems.contains(.pidPressure),
                ("KubeletHasInsufficientPID", "kubelet has insufficient PID available"),
                ("KubeletHasSufficientPID", "kubelet has sufficient PID available"), now) || changed
        }
        let isReady = !problems.contains(.notReady)
        if wasReady && !isReady {
            state.event(reference, reason: "NodeNotReady", message: "Node \(name) status is now: NodeNotReady",
                component: "node-controller")
        }
        if !wasReady && isReady && changed {
            state.event(reference, reason: "NodeReady", message: "Node \(name) status is now: NodeReady",
                component: "kubelet", host: name)
        }
        for problem in [SimNode.Problem.memoryPressure, .diskPressure, .pidPressure] where problems.contains(problem) {
            let condition = node.conditions.condition(problem.rawValue)
            if condition?.lastTransition == now && condition?.status == "True" {
                let reason = condition?.reason ?? ""
                state.event(reference, reason: reason, message: "Node \(name) status is now: \(reason)",
                    component: "kubelet", host: name)
            }
        }
        state.nodes[name] = node
        if changed { state.markWrite(.node, "/\(name)") }
        if wasReady != isReady || changed {
            for key in (state.podsByNode[name] ?? []).sorted() {
                if !isReady && wasReady {
                    state.event(ObjectRef(kind: .pod, key: key), warning: true, reason: "NodeNotReady",
                        message: "Node is not ready", component: "node-controller")
                }
                state.markDirty(.pod, key)
            }
            state.wakeUnscheduled()
            for key in state.daemonSets.keys { state.markDirty(.daemonSet, key) }
        }
    }

    private static func setPressure(
        _ node: inout SimNode, _ type: String, _ active: Bool, _ on: (String, String), _ off: (String, String), _ now: Date
    ) -> Bool {
        let (reason, message) = active ? on : off
        return node.conditions.set(type, active ? "True" : "False", reason: reason, message: message, at: now)
    }
}
