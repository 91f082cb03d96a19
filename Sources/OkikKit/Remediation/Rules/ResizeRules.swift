import Foundation
import OkikKubeClient

/// Rightsizing invariants: nothing is lowered without enough usage history, never below the observed memory peak
/// or the CPU percentiles, a Guaranteed pod stays Guaranteed, a raised request must fit on a node, and one change
/// per workload per cooldown. Pure functions.
enum ResizeRules {
    static let historyRule = "rightsizing-history"
    static let peakRule = "never-below-observed-usage"
    static let qosRule = "keep-qos-class"
    static let capacityRule = "node-capacity"
    static let cooldownRule = "resize-cooldown"

    /// What the guard knows about one resize.
    struct Facts {
        var workload: ResourceRef
        var container: String
        /// The pod template's containers, before the change.
        var containers: [Container]
        var requests: [String: Quantity]
        var limits: [String: Quantity]
        var history: ContainerUsageHistory?
        var lastResize: Date?
        var largestNode: (cpu: Int64, memory: Int64)?
        var now: Date
    }

    static func judge(_ facts: Facts, policy: RemediationPolicy) -> GuardVerdict {
        guard let current = facts.containers.first(where: { $0.name == facts.container }) else { return .allow }
        let before = Amounts(current.resources)
        var after = before
        for (resource, quantity) in facts.requests { after.requests[resource] = amount(resource, quantity) }
        for (resource, quantity) in facts.limits { after.limits[resource] = amount(resource, quantity) }
        let what = "\(facts.workload) container \(facts.container)"

        var lowered: [(field: String, resource: String, value: Int64)] = []
        for resource in ["cpu", "memory"] {
            // A request that was not set is defaulted by the API server to the limit when there is one (else it
            // reserved nothing); a limit that was not set was unlimited, so setting one lowers it.
            let effectiveRequest = before.requests[resource] ?? before.limits[resource] ?? 0
            if let new = after.requests[resource], facts.requests[resource] != nil, new < effectiveRequest {
                lowered.append(("request", resource, new))
            }
            if let new = after.limits[resource], facts.limits[resource] != nil, new < (before.limits[resource] ?? .max) {
                lowered.append(("limit", resource, new))
            }
        }
        if !lowered.isEmpty {
            let list = lowered.map { "\($0.resource) \($0.field) to \(format($0.resource, $0.value))" }.joined(separator: ", ")
            guard let history = facts.history, history.isSufficient(for: policy) else {
                return .refuse(
                    rule: historyRule,
                    reason: "lowering \(what) (\(list)) needs \(Figures.duration(policy.minimumHistorySeconds)) and \(policy.minimumHistorySamples) samples of usage history, in at least \(ContainerUsageHistory.hoursRequired(by: policy)) different hours; it has \(facts.history?.extent ?? "none")")
            }
            for change in lowered {
                let floor: Int64
                let basis: String
                switch (change.resource, change.field) {
                case ("memory", _):
                    floor = history.memoryPeak
                    basis = "the observed memory peak"
                case ("cpu", "limit"):
                    floor = history.cpuPercentile(policy.cpuLimitPercentile)
                    basis = "the p\(Int(policy.cpuLimitPercentile * 100)) of CPU usage"
                default:
                    floor = history.cpuPercentile(policy.cpuRequestPercentile)
                    basis = "the p\(Int(policy.cpuRequestPercentile * 100)) of CPU usage"
                }
                if change.value < floor {
                    return .refuse(
                        rule: peakRule,
                        reason: "\(what): \(change.resource) \(change.field) \(format(change.resource, change.value)) is below \(basis), \(format(change.resource, floor)) (\(history.extent))")
                }
            }
        }
        if isGuaranteed(facts.containers) {
            for resource in ["cpu", "memory"] {
                let request = after.requests[resource] ?? after.limits[resource]
                if request != after.limits[resource] {
                    return .refuse(
                        rule: qosRule,
                        reason: "\(facts.workload) is Guaranteed (requests equal limits); setting \(resource) request \(request.map { format(resource, $0) } ?? "none") and limit \(after.limits[resource].map { format(resource, $0) } ?? "none") would make it Burstable")
                }
            }
        }
        if let largest = facts.largestNode {
            for (resource, capacity) in [("cpu", largest.cpu), ("memory", largest.memory)] {
                if let new = after.requests[resource], new > (before.requests[resource] ?? 0), new > capacity {
                    return .refuse(
                        rule: capacityRule,
                        reason: "\(what): a \(resource) request of \(format(resource, new)) fits on no schedulable node (largest: \(format(resource, capacity)))")
                }
            }
        }
        if let last = facts.lastResize, facts.now.timeIntervalSince(last) < policy.resizeCooldownSeconds {
            return .requireApproval(
                rule: cooldownRule,
                reason: "\(facts.workload) was resized \(Figures.duration(facts.now.timeIntervalSince(last))) ago; OKIK changes a workload's resources once per \(Figures.duration(policy.resizeCooldownSeconds))")
        }
        return .allow
    }

    /// The pod template with `container`'s requests set to `requests`, when that raises a request above what it
    /// reserves now (its request, else its limit); nil when nothing is raised.
    static func raisedTemplate(_ spec: PodSpec?, container: String, requests: [String: Quantity]) -> PodSpec? {
        guard var spec, let index = spec.containers?.firstIndex(where: { $0.name == container }) else { return nil }
        var resources = spec.containers?[index].resources ?? ResourceRequirements()
        let before = Amounts(resources)
        let raised = requests.contains { resource, quantity in
            amount(resource, quantity) > (before.requests[resource] ?? before.limits[resource] ?? 0)
        }
        guard raised else { return nil }
        var merged = resources.requests ?? [:]
        for (resource, quantity) in requests { merged[resource] = quantity }
        resources.requests = merged
        spec.containers?[index].resources = resources
        return spec
    }

    /// Whether the pod template's QoS class is Guaranteed.
    static func isGuaranteed(_ containers: [Container]) -> Bool {
        QoSClass(containers: containers) == .guaranteed
    }

    /// Requests and limits as millicores and bytes.
    private struct Amounts {
        var requests: [String: Int64] = [:]
        var limits: [String: Int64] = [:]

        init(_ resources: ResourceRequirements?) {
            for (resource, quantity) in resources?.requests ?? [:] { requests[resource] = ResizeRules.amount(resource, quantity) }
            for (resource, quantity) in resources?.limits ?? [:] { limits[resource] = ResizeRules.amount(resource, quantity) }
        }
    }

    static func amount(_ resource: String, _ quantity: Quantity) -> Int64 {
        resource == "cpu" ? quantity.millicores : quantity.bytes
    }

    static func format(_ resource: String, _ value: Int64) -> String {
        resource == "cpu" ? Figures.cpu(value) : Figures.memory(value)
    }
}
