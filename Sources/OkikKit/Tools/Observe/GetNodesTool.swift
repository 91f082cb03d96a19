import OkikKubeClient

/// `get_nodes`: nodes with readiness, schedulability, roles, version and allocatable CPU and memory.
public struct GetNodesTool: KubeTool {
    /// An optional label selector.
    public struct Input: Decodable, Sendable {
        var labelSelector: String?
    }

    /// The tool's stable snake_case name.
    public static let name = "get_nodes"
    /// What the tool does, written for a model.
    public static let description =
        "Lists nodes with Ready status, whether they are cordoned (unschedulable), roles, kubelet version, allocatable CPU/memory and taint count."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .optional("labelSelector", .string("Kubernetes label selector", maxLength: 512))
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Node")] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let nodes = try await context.client.clusterScoped(Node.self).list(ListOptions(labelSelector: input.labelSelector)).items
        let items = nodes.map { node -> JSONValue in
            let roles = (node.metadata.labels ?? [:]).keys.filter { $0.hasPrefix("node-role.kubernetes.io/") }
                .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }.sorted()
            return Compact.object([
                "name": .string(node.name), "ready": .bool(node.isReady),
                "unschedulable": node.spec?.unschedulable == true ? true : .null,
                "roles": roles.isEmpty ? .null : .array(roles.map { .string($0) }),
                "version": node.status?.nodeInfo?.kubeletVersion.map { .string($0) } ?? .null,
                "cpu": node.status?.allocatable?["cpu"].map { .string($0.description) } ?? .null,
                "memory": node.status?.allocatable?["memory"].map { .string($0.description) } ?? .null,
                "taints": (node.spec?.taints?.count).map { .int($0) } ?? .null,
                "age": Compact.age(node.metadata.creationTimestamp, now: context.clock.now),
            ])
        }
        var output = Compact.output(items, noun: "nodes", scope: "the cluster", context: context)
        output.summary = "\(items.count) nodes, \(nodes.filter(\.isReady).count) ready"
        return output
    }
}
