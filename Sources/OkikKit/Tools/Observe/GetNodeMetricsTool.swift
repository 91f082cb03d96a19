import OkikKubeClient

/// `get_node_metrics`: CPU and memory usage per node, and the share of allocatable.
public struct GetNodeMetricsTool: KubeTool {
    /// An optional node name.
    public struct Input: Decodable, Sendable {
        var node: String?
    }

    /// The tool's stable snake_case name.
    public static let name = "get_node_metrics"
    /// What the tool does, written for a model.
    public static let description =
        "Shows current CPU and memory usage of nodes (metrics.k8s.io) and the percentage of each node's allocatable capacity."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.optional("node", Fields.node)])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("NodeMetrics", input.node)] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let metricsClient = context.client.clusterScoped(NodeMetrics.self)
        let metrics: [NodeMetrics]
        if let node = input.node {
            metrics = [try await metricsClient.get(node)]
        } else {
            metrics = try await metricsClient.list().items
        }
        let nodes = try await context.client.clusterScoped(Node.self).list().items
        let allocatable = Dictionary(nodes.map { ($0.name, $0.status?.allocatable ?? [:]) }, uniquingKeysWith: { a, _ in a })
        func percent(_ used: Quantity?, _ total: Quantity?) -> JSONValue {
            guard let used, let total, total.doubleValue > 0 else { return .null }
            return .int(Int(saturating: (used.doubleValue / total.doubleValue * 100).rounded()))
        }
        let items = metrics.map { node -> JSONValue in
            let capacity = allocatable[node.name] ?? [:]
            return Compact.object([
                "name": .string(node.name),
                "cpu": node.usage?["cpu"].map { .string($0.description) } ?? .null,
                "cpuPercent": percent(node.usage?["cpu"], capacity["cpu"]),
                "memory": node.usage?["memory"].map { .string($0.description) } ?? .null,
                "memoryPercent": percent(node.usage?["memory"], capacity["memory"]),
            ])
        }
        var output = Compact.output(items, noun: "node metrics", scope: "the cluster", context: context)
        output.summary = "usage of \(items.count) nodes"
        return output
    }
}
