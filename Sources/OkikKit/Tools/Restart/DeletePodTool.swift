import OkikKubeClient

/// `delete_pod`: deletes a pod that a controller will recreate; refuses pods nothing owns.
public struct DeletePodTool: KubeTool {
    /// The pod and an optional grace period.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var gracePeriodSeconds: Int?
    }

    /// The tool's stable snake_case name.
    public static let name = "delete_pod"
    /// What the tool does, written for a model.
    public static let description =
        "Deletes one pod so its controller (ReplicaSet, StatefulSet, DaemonSet, Job) recreates it. Refused for pods without a controller, which would not come back, and for a StatefulSet pod with gracePeriodSeconds 0."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.restart
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.pod),
        .optional("gracePeriodSeconds", .integer("Seconds to wait for a graceful stop", minimum: 0, maximum: 3600)),
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Pod", input.namespace, input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.removePod(namespace: input.namespace, name: input.name)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let pods = context.client.namespaced(Pod.self, in: .named(input.namespace))
        let pod = try await pods.get(input.name)
        guard let owner = pod.metadata.controllerReference else {
            throw ToolError.precondition(
                "pod \(input.namespace)/\(input.name) has no controller and would not be recreated; refusing to delete it")
        }
        // A StatefulSet pod removed at once (its node may only be unreachable) is recreated under the same identity
        // while the old one may still run: two copies writing the same volume.
        if owner.kind == "StatefulSet", input.gracePeriodSeconds == 0 {
            throw ToolError.precondition(
                "pod \(input.namespace)/\(input.name) belongs to StatefulSet \(owner.name); deleting it with gracePeriodSeconds 0 can leave two pods with one identity running at once; delete it with a grace period, or force it by hand once its node is known to be down")
        }
        try await pods.delete(
            input.name, options: DeleteOptions(gracePeriodSeconds: input.gracePeriodSeconds), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would delete" : "deleted") pod \(input.namespace)/\(input.name); \(owner.kind) \(owner.name) recreates it",
            data: ["pod": .string("\(input.namespace)/\(input.name)"), "owner": .string("\(owner.kind)/\(owner.name)")],
            dryRun: context.isDryRun)
    }
}
