import OkikKubeClient

/// `get_hpa`: HorizontalPodAutoscalers with target, bounds, current/desired replicas and metric targets.
public struct GetHPATool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_hpa"
    /// What the tool does, written for a model.
    public static let description =
        "Lists HorizontalPodAutoscalers: target workload, min/max replicas, current and desired replicas, metric targets and whether OKIK holds them for a quarantine."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("autoscalers")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("HorizontalPodAutoscaler") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let hpas = try await context.client.namespaced(HorizontalPodAutoscaler.self, in: input.selector)
            .list(input.options).items
        let items = hpas.map { hpa -> JSONValue in
            let metrics = (hpa.spec?.metrics ?? []).compactMap { metric -> JSONValue? in
                guard let resource = metric.resource else { return metric.type.map { .string($0) } }
                let target = resource.target
                let value = target?.averageUtilization.map { "\($0)%" } ?? target?.averageValue?.description
                    ?? target?.value?.description ?? "?"
                return .string("\(resource.name ?? "?") \(value)")
            }
            let target = hpa.spec?.scaleTargetRef
            return Compact.object([
                "namespace": hpa.namespace.map { .string($0) } ?? .null, "name": .string(hpa.name),
                "target": .string("\(target?.kind ?? "?")/\(target?.name ?? "?")"),
                "minReplicas": .int(hpa.spec?.minReplicas ?? 1), "maxReplicas": .int(hpa.spec?.maxReplicas ?? 0),
                "currentReplicas": hpa.status?.currentReplicas.map { .int($0) } ?? .null,
                "desiredReplicas": hpa.status?.desiredReplicas.map { .int($0) } ?? .null,
                "metrics": .array(metrics),
                "heldForQuarantine": hpa.metadata.annotations?[QuarantineAnnotations.quarantined] == "true" ? true : .null,
            ])
        }
        return Compact.output(items, noun: "autoscalers", scope: input.namespace, context: context, limit: input.limit)
    }
}
