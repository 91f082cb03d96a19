import OkikKubeClient

/// `get_resource_quotas`: quotas with hard limits and usage per resource.
public struct GetResourceQuotasTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_resource_quotas"
    /// What the tool does, written for a model.
    public static let description = "Lists ResourceQuotas with the hard limit and current usage of each resource."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("resource quotas")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("ResourceQuota") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let quotas = try await context.client.namespaced(ResourceQuota.self, in: input.selector).list(input.options).items
        let items = quotas.map { quota -> JSONValue in
            let hard = quota.status?.hard ?? quota.spec?.hard ?? [:]
            let used = quota.status?.used ?? [:]
            let usage = hard.keys.sorted().map { key -> JSONValue in
                .string("\(key): \(used[key]?.description ?? "0")/\(hard[key]?.description ?? "?")")
            }
            return Compact.object([
                "namespace": quota.namespace.map { .string($0) } ?? .null, "name": .string(quota.name),
                "usage": .array(usage),
            ])
        }
        return Compact.output(items, noun: "resource quotas", scope: input.namespace, context: context, limit: input.limit)
    }
}
