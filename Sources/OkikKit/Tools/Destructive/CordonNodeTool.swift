import OkikKubeClient

/// `cordon_node`: marks a node unschedulable; running pods stay.
public struct CordonNodeTool: KubeTool {
    /// The node.
    public struct Input: Decodable, Sendable {
        var name: String
    }

    /// The tool's stable snake_case name.
    public static let name = "cordon_node"
    /// What the tool does, written for a model.
    public static let description =
        "Cordons a node: marks it unschedulable so no new pods land on it; running pods keep running."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.destructive
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.required("name", Fields.node)])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Node", input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.cordon(node: input.name)]
    }

    /// Runs the call; writes honour `context.dryRun`.
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
