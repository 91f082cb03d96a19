import OkikKubeClient

/// `drain_node`: cordons a node and evicts its pods through the Eviction API, so PodDisruptionBudgets are honoured
/// by the API server; like `kubectl drain` it leaves DaemonSet pods, and it also leaves pods nothing would recreate,
/// pods with emptyDir data (unless asked) and pods in protected namespaces, and says which.
public struct DrainNodeTool: KubeTool {
    /// The node and whether pods with emptyDir volumes may be evicted.
    public struct Input: Decodable, Sendable {
        var name: String
        var deleteEmptyDirData: Bool?
    }

    /// The tool's stable snake_case name.
    public static let name = "drain_node"
    /// What the tool does, written for a model.
    public static let description =
        "Drains a node: cordons it, then evicts its pods through the Eviction API (disruption budgets are honoured; a refused eviction is reported, not forced). DaemonSet pods, pods without a controller, pods in protected namespaces and, unless deleteEmptyDirData is true, pods with emptyDir data stay."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.destructive
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("name", Fields.node),
        .optional("deleteEmptyDirData", .boolean("Evict pods with emptyDir volumes too (their data is lost); default false")),
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Node", input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] { [.drain(node: input.name)] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let nodes = context.client.clusterScoped(Node.self)
        let node = try await nodes.get(input.name)
        var cordoned = false
        if node.spec?.unschedulable != true {
            _ = try await nodes.patch(input.name, .strategicMerge(["spec": ["unschedulable": true]]), dryRun: context.dryRun)
            cordoned = !context.isDryRun
        }
        var evicted: [JSONValue] = []
        var kept: [JSONValue] = []
        do {
            try await evictPods(input, context: context, evicted: &evicted, kept: &kept)
        } catch {
            // A failure after the cordon or some evictions says what they were: they stand.
            let applied = (cordoned ? ["cordoned node \(input.name)"] : [])
                + (context.isDryRun ? [] : evicted.compactMap(\.stringValue).map { "evicted pod \($0)" })
            throw PartlyAppliedError.wrapping(error, applied: applied)
        }
        let verb = context.isDryRun ? "would drain" : "drained"
        return ToolOutput(
            summary: "\(verb) node \(input.name): \(evicted.count) pod(s) evicted"
                + (kept.isEmpty ? "" : ", \(kept.count) kept (see kept)"),
            data: ["node": .string(input.name), "evicted": .array(evicted), "kept": .array(kept)],
            dryRun: context.isDryRun)
    }

    /// Evicts the node's pods that may go, in order, noting each evicted and each kept (and why).
    private func evictPods(
        _ input: Input, context: ToolContext, evicted: inout [JSONValue], kept: inout [JSONValue]
    ) async throws {
        let pods = try await context.client.namespaced(Pod.self, in: .allNamespaces)
            .list(ListOptions(fieldSelector: "spec.nodeName=\(input.name)")).items
        for pod in pods.sorted(by: { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }) {
            let namespace = pod.namespace ?? ""
            let ref = "\(namespace)/\(pod.name)"
            if pod.status?.phase == "Succeeded" || pod.status?.phase == "Failed" || pod.metadata.deletionTimestamp != nil {
                continue
            }
            if let reason = Self.keepReason(pod, input: input, protected: context.protectedNamespaces) {
                if pod.metadata.controllerReference?.kind != "DaemonSet" {
                    kept.append(["pod": .string(ref), "reason": .string(reason)])
                }
                continue
            }
            // A stop engaged while the drain runs ends it before the next eviction; the node stays cordoned.
            if !context.isDryRun, await context.isStopped() {
                throw ToolError.precondition(
                    "the emergency stop was engaged during the drain of node \(input.name): it stopped after \(evicted.count) eviction(s); the node stays cordoned and its other pods stay")
            }
            do {
                try await context.client.namespaced(Pod.self, in: .named(namespace)).evict(pod.name, dryRun: context.dryRun)
                evicted.append(.string(ref))
            } catch let error as KubeError where error.code == .disruptionBudget || error.code == .tooManyRequests {
                kept.append(["pod": .string(ref), "reason": .string("its disruption budget refused the eviction: \(error.message)")])
            } catch let error as KubeError where error.code == .notFound {
                continue
            }
        }
    }

    /// Why a pod stays on the node, or nil when it may be evicted.
    static func keepReason(_ pod: Pod, input: Input, protected: ProtectedNamespaces) -> String? {
        guard let owner = pod.metadata.controllerReference else {
            return "no controller would recreate it"
        }
        if owner.kind == "DaemonSet" { return "DaemonSet pod" }
        if case .unprotected = protected.classify(pod.namespace ?? "") {} else {
            return "namespace \(pod.namespace ?? "") is protected"
        }
        if input.deleteEmptyDirData != true, (pod.spec?.volumes ?? []).contains(where: { $0.emptyDir != nil }) {
            return "has emptyDir data (set deleteEmptyDirData to evict it)"
        }
        return nil
    }
}
