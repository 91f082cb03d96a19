import OkikKubeClient

/// `cordon_node`: marks a node unschedulable; running pods stay.
public struct CordonNodeTool: KubeTool {
    /// The node.
    public struct Input: Decodable, Sendable {
        var name: String
    }

    public static let name = "cordon_node"
    public static let description =
        "Cordons a node: marks it unschedulable so no new pods land on it; running pods keep running."
    public static let package = ToolPackage.destructive
    public static let inputSchema = ToolSchema.object([.required("name", Fields.node)])
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Node", input.name)] }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let nodes = context.client.clusterScoped(Node.self)
        let node = try await nodes.get(input.name)
        let was = node.spec?.unschedulable == true
        if was == true {
            return ToolOutput(
                summary: "node \(input.name) is already cordoned; nothing changed",
                data: ["node": .string(input.name), "unschedulable": .bool(true), "changed": false], dryRun: context.isDryRun)
        }
        _ = try await nodes.patch(input.name, .strategicMerge(["spec": ["unschedulable": true]]), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would cordon" : "cordoned") node \(input.name)",
            data: ["node": .string(input.name), "unschedulable": .bool(true), "changed": true], dryRun: context.isDryRun)
    }
}
