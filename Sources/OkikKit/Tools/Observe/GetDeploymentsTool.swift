import OkikKubeClient

/// `get_deployments`: deployments with desired/ready/available replicas, images and quarantine state.
public struct GetDeploymentsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_deployments"
    /// What the tool does, written for a model.
    public static let description =
        "Lists Deployments with desired, ready, updated and available replicas, container images, whether OKIK quarantined them, and failing conditions."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("deployments")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("Deployment") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = try await context.client.namespaced(Deployment.self, in: input.selector).list(input.options).items
        let now = context.clock.now
        let items = deployments.map { deployment -> JSONValue in
            let status = deployment.status
            let images = (deployment.spec?.template?.spec?.containers ?? []).compactMap(\.image)
            let failing = (status?.conditions ?? []).filter {
                ($0.type == "Available" || $0.type == "Progressing") && $0.status == "False"
            }.map { JSONValue.string("\($0.type ?? ""): \($0.reason ?? "")") }
            return Compact.object([
                "namespace": deployment.namespace.map { .string($0) } ?? .null, "name": .string(deployment.name),
                "replicas": .int(deployment.spec?.replicas ?? 1), "ready": .int(status?.readyReplicas ?? 0),
                "updated": .int(status?.updatedReplicas ?? 0), "available": .int(status?.availableReplicas ?? 0),
                "images": .array(images.prefix(5).map { .string($0) }),
                "quarantined": QuarantineAnnotations.isQuarantined(deployment.metadata) ? true : .null,
                "failingConditions": failing.isEmpty ? .null : .array(failing),
                "age": Compact.age(deployment.metadata.creationTimestamp, now: now),
            ])
        }
        return Compact.output(items, noun: "deployments", scope: input.namespace, context: context, limit: input.limit)
    }
}
