import OkikKubeClient

/// `delete_namespace`: deletes a namespace and everything in it; protected namespaces are denied by the gatekeeper.
public struct DeleteNamespaceTool: KubeTool {
    /// The namespace.
    public struct Input: Decodable, Sendable {
        var name: String
    }

    /// The tool's stable snake_case name.
    public static let name = "delete_namespace"
    /// What the tool does, written for a model.
    public static let description =
        "Deletes a namespace and every object in it. Irreversible. Protected namespaces (kube-system, okik-system, ...) are always refused."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.destructive
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.required("name", .dnsLabel("Name of the namespace"))])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Namespace", input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.removeNamespace(input.name)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let namespaces = context.client.clusterScoped(Namespace.self)
        _ = try await namespaces.get(input.name)
        try await namespaces.delete(input.name, dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would delete" : "deleted") namespace \(input.name) and its contents",
            data: ["namespace": .string(input.name)], dryRun: context.isDryRun)
    }
}
