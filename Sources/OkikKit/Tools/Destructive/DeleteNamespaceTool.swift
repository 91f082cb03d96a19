import OkikKubeClient

/// `delete_namespace`: deletes a namespace and everything in it; protected namespaces are denied by the gatekeeper.
public struct DeleteNamespaceTool: KubeTool {
    /// The namespace.
    public struct Input: Decodable, Sendable {
        var name: String
    }

    public static let name = "delete_namespace"
    public static let description =
        "Deletes a namespace and every object in it. Irreversible. Protected namespaces (kube-system, okik-system, ...) are always refused."
    public static let package = ToolPackage.destructive
    public static let inputSchema = ToolSchema.object([.required("name", .dnsLabel("Name of the namespace"))])
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Namespace", input.name)] }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let namespaces = context.client.clusterScoped(Namespace.self)
        _ = try await namespaces.get(input.name)
        try await namespaces.delete(input.name, dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would delete" : "deleted") namespace \(input.name) and its contents",
            data: ["namespace": .string(input.name)], dryRun: context.isDryRun)
    }
}
