/// The tools a program offers: the built-ins, extended by embedding programs with their own.
///
/// ```swift
/// var registry = ToolRegistry.builtIn
/// try registry.register(CountPodsTool())
/// ```
public struct ToolRegistry: Sendable {
    private var tools: [String: any KubeTool]

    /// A registry with exactly these tools.
    /// - Throws: ``ToolError`` with code `.duplicateTool` when two share a name.
    public init(_ tools: [any KubeTool]) throws(ToolError) {
        self.tools = [:]
        for tool in tools { try register(tool) }
    }

    /// Every built-in tool: the only wiring point for them.
    public static let all: [any KubeTool] = [
        // observe
        ListNamespacesTool(), GetPodsTool(), GetDeploymentsTool(), GetServicesTool(), GetPodLogsTool(),
        GetEventsTool(), DescribeResourceTool(), GetNodesTool(), GetHPATool(), GetResourceQuotasTool(),
        GetPVCsTool(), GetJobsTool(), GetCronJobsTool(), GetDaemonSetsTool(), GetStatefulSetsTool(), GetPDBsTool(),
        GetNodeConditionsTool(), GetContainerStatusesTool(), GetPodMetricsTool(), GetNodeMetricsTool(),
        // remediate
        ScaleDeploymentTool(), UpdateResourcesTool(), CreateHPATool(), UpdateHPATool(),
        // quarantine
        QuarantineDeploymentTool(), UnquarantineDeploymentTool(), ListQuarantinedTool(),
        // restart
        RolloutRestartTool(), RollbackDeploymentTool(), DeletePodTool(), DeleteHPATool(),
        // destructive
        ScaleToZeroTool(), CordonNodeTool(), DrainNodeTool(), UncordonNodeTool(), DeleteDeploymentTool(),
        DeleteNamespaceTool(),
    ]

    /// A registry of the built-in tools.
    public static var builtIn: ToolRegistry {
        // The built-in names are unique (a test checks it).
        (try? ToolRegistry(all)) ?? ToolRegistry(unchecked: all)
    }

    private init(unchecked tools: [any KubeTool]) {
        self.tools = Dictionary(tools.map { (type(of: $0).name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds a tool.
    /// - Throws: ``ToolError`` with code `.duplicateTool` when the name is taken.
    public mutating func register(_ tool: any KubeTool) throws(ToolError) {
        let name = type(of: tool).name
        guard tools[name] == nil else {
            throw ToolError(code: .duplicateTool, message: "a tool named \"\(name)\" is already registered")
        }
        tools[name] = tool
    }

    /// The tool with this name.
    public func tool(named name: String) -> (any KubeTool)? { tools[name] }

    /// The registered names, sorted.
    public var names: [String] { tools.keys.sorted() }

    /// Name, description, package and schema of every tool, sorted by name.
    public var descriptors: [ToolDescriptor] {
        names.compactMap { tools[$0].map(ToolDescriptor.init) }
    }

    /// The tools a caller may be offered at a level: none at L0, all others otherwise (writes may still queue).
    public func descriptors(offeredAt level: AutonomyLevel) -> [ToolDescriptor] {
        level == .l0 ? [] : descriptors
    }

    /// Decodes and validates an invocation and binds it to its tool.
    /// - Throws: ``ToolError`` (`.unknownTool`, or an input error naming the field).
    public func prepare(_ invocation: ToolInvocation) throws(ToolError) -> PreparedToolCall {
        guard let tool = tools[invocation.tool] else {
            throw ToolError(
                code: .unknownTool, message: "unknown tool \"\(invocation.tool)\"; known: \(names.joined(separator: ", "))")
        }
        return try tool.prepare(invocation)
    }
}

/// What a caller (a model, an API client) needs to know about a tool.
public struct ToolDescriptor: Sendable, Hashable {
    /// The snake_case name.
    public var name: String
    /// The description for a model.
    public var description: String
    /// The risk package.
    public var package: ToolPackage
    /// The JSON Schema of the input.
    public var inputSchema: ToolSchema

    /// The descriptor of a tool.
    public init(_ tool: any KubeTool) {
        let type = type(of: tool)
        name = type.name
        description = type.description
        package = type.package
        inputSchema = type.inputSchema
    }
}
