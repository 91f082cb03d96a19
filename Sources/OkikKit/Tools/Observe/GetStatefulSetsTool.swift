import OkikKubeClient

/// `get_statefulsets`: StatefulSets with desired, ready, current and updated replicas.
public struct GetStatefulSetsTool: KubeTool {
    public typealias Input = ListInput
    public static let name = "get_statefulsets"
    public static let description =
        "Lists StatefulSets with desired, ready, current and updated replicas, service name and revisions."
    public static let package = ToolPackage.observe
    public static let inputSchema = ListInput.schema("stateful sets")
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { input.targets("StatefulSet") }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let sets = try await context.client.namespaced(StatefulSet.self, in: input.selector).list(input.options).items
        let items = sets.map { set -> OkikKubeClient.JSONValue in
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
