import OkikKubeClient

/// `get_pdbs`: PodDisruptionBudgets with their bounds and the disruptions currently allowed.
public struct GetPDBsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_pdbs"
    /// What the tool does, written for a model.
    public static let description =
        "Lists PodDisruptionBudgets with minAvailable/maxUnavailable, current and desired healthy pods and how many disruptions are allowed now (0 blocks evictions and drains)."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("disruption budgets")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("PodDisruptionBudget") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let budgets = try await context.client.namespaced(PodDisruptionBudget.self, in: input.selector)
            .list(input.options).items
        let items = budgets.map { budget -> JSONValue in
            Compact.object([
                "namespace": budget.namespace.map { .string($0) } ?? .null, "name": .string(budget.name),
                "minAvailable": budget.spec?.minAvailable.map { .string($0.description) } ?? .null,
                "maxUnavailable": budget.spec?.maxUnavailable.map { .string($0.description) } ?? .null,
                "currentHealthy": .int(budget.status?.currentHealthy ?? 0),
                "desiredHealthy": .int(budget.status?.desiredHealthy ?? 0),
                "disruptionsAllowed": .int(budget.status?.disruptionsAllowed ?? 0),
            ])
        }
        return Compact.output(items, noun: "disruption budgets", scope: input.namespace, context: context, limit: input.limit)
    }
}
