import OkikKubeClient

/// `get_pod_metrics`: CPU and memory usage per pod and container from metrics.k8s.io.
public struct GetPodMetricsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_pod_metrics"
    /// What the tool does, written for a model.
    public static let description =
        "Shows current CPU and memory usage of pods and their containers (metrics.k8s.io), highest CPU first."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("pods")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("PodMetrics") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let metrics = try await context.client.namespaced(PodMetrics.self, in: input.selector).list(input.options).items
        let sorted = metrics.sorted {
            ($0.totalUsage["cpu"]?.doubleValue ?? 0) > ($1.totalUsage["cpu"]?.doubleValue ?? 0)
        }
        let items = sorted.map { pod -> JSONValue in
            Compact.object([
                "namespace": pod.namespace.map { .string($0) } ?? .null, "name": .string(pod.name),
                "cpu": pod.totalUsage["cpu"].map { .string($0.description) } ?? .null,
                "memory": pod.totalUsage["memory"].map { .string($0.description) } ?? .null,
                "containers": .array((pod.containers ?? []).map { container in
                    Compact.object(["name": .string(container.name ?? ""), "usage": Compact.quantities(container.usage)])
                }),
            ])
        }
        return Compact.output(items, noun: "pod metrics", scope: input.namespace, context: context, limit: input.limit)
    }
}
