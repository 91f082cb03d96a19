import OkikKubeClient

/// `scale_to_zero`: scales a Deployment to zero replicas, recording the previous count in an annotation.
public struct ScaleToZeroTool: KubeTool {
    /// The input.
    public typealias Input = ObjectInput
    /// The tool's stable snake_case name.
    public static let name = "scale_to_zero"
    /// What the tool does, written for a model.
    public static let description =
        "Scales a Deployment to zero replicas (all its pods stop), recording the previous count in okik.io/scaled-to-zero-from. For a failing workload prefer quarantine_deployment."
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
        [.setReplicas(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name), to: 0)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        let before = deployment.spec?.replicas ?? 1
        let patch: JSONValue = [
            "metadata": ["annotations": [QuarantineAnnotations.scaledToZeroFrom: .string(String(before))]],
            "spec": ["replicas": 0],
        ]
        _ = try await deployments.patch(input.name, .merge(patch), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would scale" : "scaled") deployment \(input.namespace)/\(input.name) from \(before) to 0",
            data: ["deployment": .string("\(input.namespace)/\(input.name)"), "from": .int(before), "to": 0],
            dryRun: context.isDryRun)
    }
}
