import OkikKubeClient

/// `get_resource_quotas`: quotas with hard limits and usage per resource.
public struct GetResourceQuotasTool: KubeTool {
    public typealias Input = ListInput
    public static let name = "get_resource_quotas"
    public static let description = "Lists ResourceQuotas with the hard limit and current usage of each resource."
    public static let package = ToolPackage.observe
    public static let inputSchema = ListInput.schema("resource quotas")
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { input.targets("ResourceQuota") }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let quotas = try await context.client.namespaced(ResourceQuota.self, in: input.selector).list(input.options).items
        let items = quotas.map { quota -> OkikKubeClient.JSONValue in
            let hard = quota.status?.hard ?? quota.spec?.hard ?? [:]
            let used = quota.status?.used ?? [:]
            let usage = hard.keys.sorted().map { key -> OkikKubeClient.JSONValue in
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
