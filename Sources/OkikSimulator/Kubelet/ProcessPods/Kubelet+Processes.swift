import Foundation

extension Kubelet {
    /// Brings a running process container up to date with the runner's latest report: its readiness, or its exit
    /// (a restart with the kubelet's back-off, like a simulated crash).
    static func syncProcess(_ pod: inout SimPod, _ index: Int, state: inout ClusterState) {
        var container = pod.containers[index]
        guard case .running = container.state,
            let report = state.processes.report(pod.key, container: container.name),
            report.instance == container.restartCount
        else { return }
        if let code = report.exitCode {
            let reference = ObjectRef(kind: .pod, key: pod.key)
            if let failure = report.failure {
                state.event(reference, fieldPath: fieldPath(container), warning: true, reason: "Failed",
                    message: "Error: \(failure)", component: component, host: pod.nodeName)
            }
            terminate(&container, pod: pod, at: state.now, reason: code == 0 ? "Completed" : "Error", code: code,
                state: &state)
        } else {
            container.ready = report.ready
        }
        pod.containers[index] = container
    }
}
