import OkikKubeClient

/// `get_node_conditions`: the conditions of one node or all, abnormal ones first.
public struct GetNodeConditionsTool: KubeTool {
    /// An optional node name.
    public struct Input: Decodable, Sendable {
        var node: String?
    }

    /// The tool's stable snake_case name.
    public static let name = "get_node_conditions"
    /// What the tool does, written for a model.
    public static let description =
        "Shows node conditions (Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable) with reason and message, flagging abnormal ones, for one node or all."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.optional("node", Fields.node)])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.cluster("Node", input.node)] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let nodes = context.client.clusterScoped(Node.self)
        let list: [Node]
        if let node = input.node {
            list = [try await nodes.get(node)]
        } else {
            list = try await nodes.list().items
        }
        var abnormalCount = 0
        let items = list.map { node -> JSONValue in
            let conditions = (node.status?.conditions ?? []).map { condition -> JSONValue in
                let abnormal = condition.type == "Ready" ? !condition.isTrue : condition.isTrue
                if abnormal { abnormalCount += 1 }
                return Compact.object([
                    "type": condition.type.map { .string($0) } ?? .null,
                    "status": condition.status.map { .string($0) } ?? .null,
                    "abnormal": abnormal ? true : .null,
                    "reason": condition.reason.map { .string($0) } ?? .null,
                    "message": abnormal ? Compact.text(condition.message, max: context.limits.maxTextLength) : .null,
                ])
            }
            return ["node": .string(node.name), "conditions": .array(conditions)]
        }
        var output = Compact.output(items, noun: "nodes", scope: "the cluster", context: context)
        output.summary = "\(list.count) nodes, \(abnormalCount) abnormal conditions"
        return output
    }
}
