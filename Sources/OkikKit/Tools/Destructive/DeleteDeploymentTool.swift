import OkikKubeClient

/// `delete_deployment`: deletes a Deployment and, in the background, its ReplicaSets and pods.
public struct DeleteDeploymentTool: KubeTool {
    /// The input.
    public typealias Input = ObjectInput
    /// The tool's stable snake_case name.
    public static let name = "delete_deployment"
    /// What the tool does, written for a model.
    public static let description =
        "Deletes a Deployment with its ReplicaSets and pods. Irreversible: the workload is gone until someone re-applies it."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.destructive
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Deployment", input.namespace, input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.removeWorkload(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        try await deployments.delete(
            input.name, options: DeleteOptions(propagationPolicy: .background), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would delete" : "deleted") deployment \(input.namespace)/\(input.name) (\(deployment.spec?.replicas ?? 1) replicas)",
            data: ["deployment": .string("\(input.namespace)/\(input.name)"), "replicas": .int(deployment.spec?.replicas ?? 1)],
            dryRun: context.isDryRun)
    }
}
