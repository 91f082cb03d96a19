import OkikKubeClient

/// `rollout_restart`: restarts a Deployment's pods with a rolling update, as `kubectl rollout restart` does.
public struct RolloutRestartTool: KubeTool {
    /// The input.
    public typealias Input = ObjectInput
    /// The tool's stable snake_case name.
    public static let name = "rollout_restart"
    /// What the tool does, written for a model.
    public static let description =
        "Restarts all pods of a Deployment with a rolling update (sets the kubectl.kubernetes.io/restartedAt template annotation)."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.restart
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
        [.restart(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let now = Timestamp(context.clock.now).rfc3339
        let patch: JSONValue = [
            "spec": ["template": ["metadata": ["annotations": ["kubectl.kubernetes.io/restartedAt": .string(now)]]]]
        ]
        let updated = try await deployments.patch(input.name, .strategicMerge(patch), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would restart" : "restarted") deployment \(input.namespace)/\(input.name) (\(updated.spec?.replicas ?? 1) replicas roll)",
            data: ["deployment": .string("\(input.namespace)/\(input.name)"), "restartedAt": .string(now)],
            dryRun: context.isDryRun)
    }
}
