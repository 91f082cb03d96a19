import OkikKubeClient

/// `list_quarantined`: every Deployment OKIK has quarantined, across namespaces or in one.
public struct ListQuarantinedTool: KubeTool {
    /// An optional namespace.
    public struct Input: Decodable, Sendable {
        var namespace: String?
    }

    /// The tool's stable snake_case name.
    public static let name = "list_quarantined"
    /// What the tool does, written for a model.
    public static let description =
        "Lists the Deployments OKIK has quarantined (in one namespace or all) with original replicas, reason, time and actor."
    /// A read: it lives with the quarantine tools but is declared observe, so it works during an emergency stop.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .optional("namespace", .dnsLabel("Namespace; omit for all namespaces"))
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.collection("Deployment", namespace: input.namespace)] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let items = try await QuarantinedDeployment.list(client: context.client, namespace: input.namespace).map { entry in
            Compact.object([
                "namespace": .string(entry.namespace), "name": .string(entry.name),
                "originalReplicas": entry.originalReplicas.map { .int($0) } ?? .null,
                "reason": Compact.text(entry.reason, max: context.limits.maxTextLength),
                "at": entry.at.map { .string($0) } ?? .null, "by": entry.by.map { .string($0) } ?? .null,
            ])
        }
        var output = Compact.output(items, noun: "quarantined deployments", scope: input.namespace, context: context)
        output.untrustedContent = true
        return output
    }
}
