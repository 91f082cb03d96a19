import OkikKubeClient

/// `get_statefulsets`: StatefulSets with desired, ready, current and updated replicas.
public struct GetStatefulSetsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_statefulsets"
    /// What the tool does, written for a model.
    public static let description =
        "Lists StatefulSets with desired, ready, current and updated replicas, service name and revisions."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("stateful sets")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("StatefulSet") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let sets = try await context.client.namespaced(StatefulSet.self, in: input.selector).list(input.options).items
        let items = sets.map { set -> JSONValue in
            let status = set.status
            return Compact.object([
                "namespace": set.namespace.map { .string($0) } ?? .null, "name": .string(set.name),
                "replicas": .int(set.spec?.replicas ?? 1), "ready": .int(status?.readyReplicas ?? 0),
                "current": .int(status?.currentReplicas ?? 0), "updated": .int(status?.updatedReplicas ?? 0),
                "serviceName": set.spec?.serviceName.map { .string($0) } ?? .null,
                "revisionsDiffer": status?.currentRevision != status?.updateRevision ? true : .null,
            ])
        }
        return Compact.output(items, noun: "stateful sets", scope: input.namespace, context: context, limit: input.limit)
    }
}
