import OkikKubeClient

/// `list_namespaces`: every namespace with its phase and age.
public struct ListNamespacesTool: KubeTool {
    /// No input.
    public struct Input: Decodable, Sendable {}
    /// The tool's stable snake_case name.
    public static let name = "list_namespaces"
    /// What the tool does, written for a model.
    public static let description = "Lists the cluster's namespaces with their phase (Active, Terminating) and age."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Namespace")] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let now = context.clock.now
        let namespaces = try await context.client.clusterScoped(Namespace.self).list().items
        let items = namespaces.map { namespace in
            Compact.object([
                "name": .string(namespace.name), "phase": namespace.status?.phase.map { .string($0) } ?? .null,
                "age": Compact.age(namespace.metadata.creationTimestamp, now: now),
            ])
        }
        var output = Compact.output(items, noun: "namespaces", scope: "the cluster", context: context)
        output.summary = "\(items.count) namespaces"
        return output
    }
}
