import Foundation

/// CPU is compressible: a container that wants more than it may get is throttled, not killed. A container never uses
/// more than its CPU limit (the CFS quota), and the containers of a node together never use more than the node's
/// allocatable CPU less what the node itself uses (``MetricsPipeline/systemOverhead``). On an over-committed node each
/// container first gets what it wants up to its request (its guaranteed CPU shares); what is left is shared in
/// proportion to what each still wants. If even the requests do not fit (pods bound past the scheduler), they are
/// scaled down in proportion.
///
/// Every consumer of usage reads it from here: PodMetrics and NodeMetrics (`kubectl top`) and the HPA controller.
enum CPUThrottle {
    /// The usage of every running container of the running pods on a node, CPU throttled, by pod key (containers in
    /// pod order, running ones only).
    static func usages(onNode nodeName: String, in state: ClusterState) -> [String: [Resources]] {
        guard let node = state.nodes[nodeName] else { return [:] }
        let now = state.now
        var keys: [String] = []
        var demands: [Int64] = []
        var requests: [Int64] = []
        var usages: [String: [Resources]] = [:]
        for key in (state.podsByNode[nodeName] ?? []).sorted() {
            guard let pod = state.pods[key], pod.phase == "Running" else { continue }
            var podUsages: [Resources] = []
            for container in pod.containers where container.isRunning {
                let elapsed = now.timeIntervalSince(container.startedAt ?? now)
                var usage = container.profile.usage(at: elapsed)
                let limit = container.profile.limits.cpu
                if limit > 0 { usage.cpu = min(usage.cpu, limit) }
                usage.cpu = max(0, usage.cpu)
                podUsages.append(usage)
                demands.append(usage.cpu)
                requests.append(container.profile.requests.cpu)
            }
            keys.append(key)
            usages[key] = podUsages
        }
        let capacity = max(0, node.allocatable.cpu - MetricsPipeline.systemOverhead.cpu)
        let granted = distribute(demands: demands, requests: requests, capacity: capacity)
        guard granted != demands else { return usages }
        var index = 0
        for key in keys {
            guard var podUsages = usages[key] else { continue }
            for position in podUsages.indices {
                podUsages[position].cpu = granted[index]
                index += 1
            }
            usages[key] = podUsages
        }
        return usages
    }

    /// The throttled usage of one pod's running containers (computed over its whole node).
    static func usage(ofPod key: String, in state: ClusterState) -> [Resources]? {
        guard let nodeName = state.pods[key]?.nodeName else { return nil }
        return usages(onNode: nodeName, in: state)[key]
    }

    /// CPU granted to each demand when they share `capacity`: all of it when it fits; else each demand up to its
    /// request first, and the rest of the capacity in proportion to what is still wanted. Never more than the
    /// demand, and never more than `capacity` in total.
    static func distribute(demands: [Int64], requests: [Int64], capacity: Int64) -> [Int64] {
        let total = demands.reduce(0, +)
        guard total > capacity else { return demands }
        let base = zip(demands, requests).map { min($0, max(0, $1)) }
        let baseTotal = base.reduce(0, +)
        if baseTotal >= capacity {
            guard baseTotal > 0 else { return demands.map { _ in 0 } }
            return base.map { $0 * capacity / baseTotal }
        }
        let spare = capacity - baseTotal
        let excess = zip(demands, base).map { $0 - $1 }
        let excessTotal = excess.reduce(0, +)
        return zip(base, excess).map { $0 + $1 * spare / excessTotal }
    }
}
