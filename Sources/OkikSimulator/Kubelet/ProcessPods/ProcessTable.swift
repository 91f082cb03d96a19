import Foundation
import Synchronization

/// What the process runner reports about process containers, read by the simulated kubelet when it syncs a pod.
///
/// The runner writes it from its own tasks; each write records the pod so the ``ClusterRuntime`` marks it for the
/// kubelet at its next settle. The kubelet never waits on a process: it reads the latest report.
final class ProcessTable: Sendable {
    /// The latest report about one container instance.
    struct Report: Sendable, Hashable {
        /// The kubelet's instance number (its restart count when it asked for the start).
        var instance: Int
        /// The process's id, once started.
        var pid: Int32?
        /// The readiness probe passed (or there is none and the process runs).
        var ready = false
        /// The exit code (128 + signal for a signal), once the process ended.
        var exitCode: Int?
        /// Why the process could not start, if it could not.
        var failure: String?
    }

    private struct State {
        /// Reports by pod key, then container name.
        var reports: [String: [String: Report]] = [:]
        /// Host ports by pod key, then container port.
        var hostPorts: [String: [Int: Int]] = [:]
        /// Pods with news for the kubelet.
        var changed: Set<String> = []
    }

    private let state = Mutex(State())

    /// Records a report about an instance and flags the pod for the kubelet.
    func update(_ podKey: String, container: String, instance: Int, _ change: (inout Report) -> Void) {
        state.withLock { state in
            var report = state.reports[podKey]?[container] ?? Report(instance: instance)
            // A late report about an older instance (its exit after a newer one started) is dropped.
            if report.instance > instance { return }
            if report.instance < instance { report = Report(instance: instance) }
            change(&report)
            state.reports[podKey, default: [:]][container] = report
            state.changed.insert(podKey)
        }
    }

    /// The latest report about a container.
    func report(_ podKey: String, container: String) -> Report? {
        state.withLock { $0.reports[podKey]?[container] }
    }

    /// Records the host ports chosen for a pod's container ports.
    func setHostPorts(_ podKey: String, _ ports: [Int: Int]) {
        state.withLock { $0.hostPorts[podKey] = ports }
    }

    /// The host port a pod's container port is reachable on, for a process pod.
    func hostPort(_ podKey: String, containerPort: Int) -> Int? {
        state.withLock { $0.hostPorts[podKey]?[containerPort] }
    }

    /// Forgets a pod.
    func remove(_ podKey: String) {
        state.withLock { state in
            state.reports[podKey] = nil
            state.hostPorts[podKey] = nil
        }
    }

    /// Takes the pods with news, sorted.
    func drainChanged() -> [String] {
        state.withLock { state in
            defer { state.changed = [] }
            return state.changed.sorted()
        }
    }

    /// Whether pods have news.
    var hasChanges: Bool { state.withLock { !$0.changed.isEmpty } }
}
