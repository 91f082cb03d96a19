import OkikKubeClient

/// `update_hpa`: changes an HPA's replica bounds and/or CPU target.
public struct UpdateHPATool: KubeTool {
    /// The HPA and the new values.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var minReplicas: Int?
        var maxReplicas: Int?
        var cpuUtilization: Int?
    }

    /// The tool's stable snake_case name.
    public static let name = "update_hpa"
    /// What the tool does, written for a model.
    public static let description =
        "Changes minReplicas, maxReplicas and/or the CPU utilisation target of an existing HorizontalPodAutoscaler. Refused while OKIK holds the HPA for a quarantine."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.remediate
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.hpa),
        .optional("minReplicas", .integer("Fewest replicas", minimum: 1, maximum: 1000)),
        .optional("maxReplicas", .integer("Most replicas", minimum: 1, maximum: 1000)),
        .optional("cpuUtilization", .integer("Target average CPU utilisation in percent", minimum: 1, maximum: 100)),
    ])
    /// Creates the tool.
    public init() {}

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        if input.minReplicas == nil, input.maxReplicas == nil, input.cpuUtilization == nil {
            throw ToolError.missingField("minReplicas, maxReplicas or cpuUtilization")
        }
        if let low = input.minReplicas, let high = input.maxReplicas, low > high {
            throw ToolError.outOfRange("minReplicas", low, minimum: 1, maximum: high)
        }
    }

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [.namespaced("HorizontalPodAutoscaler", input.namespace, input.name)]
    }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.autoscalerBounds(
            ResourceRef(kind: "HorizontalPodAutoscaler", namespace: input.namespace, name: input.name),
            minReplicas: input.minReplicas, maxReplicas: input.maxReplicas)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let hpas = context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
        let hpa = try await hpas.get(input.name)
        if hpa.metadata.annotations?[QuarantineAnnotations.quarantined] == "true" {
            throw ToolError.precondition(
                "HPA \(input.namespace)/\(input.name) is held for a quarantined deployment; unquarantine it first")
        }
        let low = input.minReplicas ?? hpa.spec?.minReplicas ?? 1
        let high = input.maxReplicas ?? hpa.spec?.maxReplicas ?? low
        guard low <= high else {
            throw ToolError.outOfRange(input.minReplicas == nil ? "maxReplicas" : "minReplicas",
                                       input.minReplicas ?? high, minimum: low, maximum: high)
        }
        var spec: [String: JSONValue] = ["minReplicas": .int(low), "maxReplicas": .int(high)]
        if let target = input.cpuUtilization {
            spec["metrics"] = [["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": .int(target)]]]]
        }
        _ = try await hpas.patch(input.name, .merge(["spec": .object(spec)]), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would update" : "updated") HPA \(input.namespace)/\(input.name): \(low)-\(high) replicas\(input.cpuUtilization.map { " at \($0)% CPU" } ?? "")",
            data: [
                "hpa": .string("\(input.namespace)/\(input.name)"),
                "before": ["minReplicas": .int(hpa.spec?.minReplicas ?? 1), "maxReplicas": .int(hpa.spec?.maxReplicas ?? 0)],
                "after": .object(spec),
            ], dryRun: context.isDryRun)
    }
}
