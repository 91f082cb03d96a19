import OkikKubeClient

/// `get_daemonsets`: DaemonSets with desired, current, ready, available and misscheduled pods.
public struct GetDaemonSetsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_daemonsets"
    /// What the tool does, written for a model.
    public static let description =
        "Lists DaemonSets with desired, current, ready, up-to-date, available and misscheduled pod counts."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("daemon sets")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("DaemonSet") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let sets = try await context.client.namespaced(DaemonSet.self, in: input.selector).list(input.options).items
        let items = sets.map { set -> JSONValue in
            let status = set.status
            return Compact.object([
                "namespace": set.namespace.map { .string($0) } ?? .null, "name": .string(set.name),
                "desired": .int(status?.desiredNumberScheduled ?? 0), "current": .int(status?.currentNumberScheduled ?? 0),
                "ready": .int(status?.numberReady ?? 0), "upToDate": .int(status?.updatedNumberScheduled ?? 0),
                "available": .int(status?.numberAvailable ?? 0),
                "misscheduled": (status?.numberMisscheduled ?? 0) > 0 ? .int(status?.numberMisscheduled ?? 0) : .null,
            ])
        }
        return Compact.output(items, noun: "daemon sets", scope: input.namespace, context: context, limit: input.limit)
    }
}
