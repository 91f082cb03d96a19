import OkikKubeClient

/// `uncordon_node`: marks a node schedulable again.
public struct UncordonNodeTool: KubeTool {
    /// The node.
    public struct Input: Decodable, Sendable {
        var name: String
    }

    /// The tool's stable snake_case name.
    public static let name = "uncordon_node"
    /// What the tool does, written for a model.
    public static let description =
        "Uncordons a node: makes it schedulable again."
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
        [.uncordon(node: input.name)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let nodes = context.client.clusterScoped(Node.self)
        let node = try await nodes.get(input.name)
        let was = node.spec?.unschedulable == true
        if was == false {
            return ToolOutput(
                summary: "node \(input.name) is already schedulable; nothing changed",
                data: ["node": .string(input.name), "unschedulable": .bool(false), "changed": false], dryRun: context.isDryRun)
        }
        _ = try await nodes.patch(input.name, .strategicMerge(["spec": ["unschedulable": nil]]), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would uncordon" : "uncordoned") node \(input.name)",
            data: ["node": .string(input.name), "unschedulable": .bool(false), "changed": true], dryRun: context.isDryRun)
    }
}
