import OkikKubeClient

/// `update_hpa`: changes an HPA's replica bounds and/or CPU target, keeping its other metrics.
///
/// The CPU target replaces only the target of the `Resource` cpu metric (or appends one); `metrics` sets the whole
/// list, which is how `Inverse` restores the list recorded in `before`. The patch carries the read resourceVersion.
public struct UpdateHPATool: KubeTool {
    /// The HPA and the new values.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var minReplicas: Int?
        var maxReplicas: Int?
        var cpuUtilization: Int?
        var metrics: [JSONValue]?
    }

    /// The tool's stable snake_case name.
    public static let name = "update_hpa"
    /// What the tool does, written for a model.
    public static let description =
        "Changes minReplicas, maxReplicas and/or the CPU utilisation target of an existing HorizontalPodAutoscaler; its other metrics are kept. metrics replaces the whole spec.metrics list (an empty list removes it), as the undo of an earlier change does. Refused while OKIK holds the HPA for a quarantine."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.remediate
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.hpa),
        .optional("minReplicas", .integer("Fewest replicas", minimum: 1, maximum: 1000)),
        .optional("maxReplicas", .integer("Most replicas", minimum: 1, maximum: 1000)),
        .optional("cpuUtilization", .integer("Target average CPU utilisation in percent", minimum: 1, maximum: 100)),
        .optional("metrics", ToolSchema(json: [
            "type": "array", "description": "The whole spec.metrics list to set, as autoscaling/v2 MetricSpec objects; not with cpuUtilization",
            "items": ["type": "object"],
        ])),
    ])
    /// Creates the tool.
    public init() {}

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        if input.minReplicas == nil, input.maxReplicas == nil, input.cpuUtilization == nil, input.metrics == nil {
            throw ToolError.missingField("minReplicas, maxReplicas, cpuUtilization or metrics")
        }
        if input.cpuUtilization != nil, input.metrics != nil {
            throw ToolError.invalidValue("metrics", "give either cpuUtilization or metrics, not both")
        }
        for (index, metric) in (input.metrics ?? []).enumerated() where metric["type"]?.stringValue == nil {
            throw ToolError.invalidValue("metrics[\(index)].type", "must be a string such as Resource")
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
        let ref = ResourceRef(kind: "HorizontalPodAutoscaler", namespace: input.namespace, name: input.name)
        return [.autoscalerBounds(ref, minReplicas: input.minReplicas, maxReplicas: input.maxReplicas)]
            + (input.metrics == nil ? [] : [.replaceAutoscalerMetrics(ref)])
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        // Read as JSON so metrics of every kind (and fields the typed model does not know) are kept and recorded exactly.
        let hpas = context.client.dynamic(HorizontalPodAutoscaler.groupVersionResource, namespaced: true, in: .named(input.namespace))
        let hpa = try await hpas.get(input.name).json
        if hpa.value(at: ["metadata", "annotations", QuarantineAnnotations.quarantined])?.stringValue == "true" {
            throw ToolError.precondition(
                "HPA \(input.namespace)/\(input.name) is held for a quarantined deployment; unquarantine it first")
        }
        let currentLow = hpa.value(at: ["spec", "minReplicas"])?.intValue
        let currentHigh = hpa.value(at: ["spec", "maxReplicas"])?.intValue
        let low = input.minReplicas ?? currentLow ?? 1
        let high = input.maxReplicas ?? currentHigh ?? low
        guard low <= high else {
            throw ToolError.outOfRange(input.minReplicas == nil ? "maxReplicas" : "minReplicas",
                                       input.minReplicas ?? high, minimum: low, maximum: high)
        }
        var spec: [String: JSONValue] = ["minReplicas": .int(low), "maxReplicas": .int(high)]
        var before: [String: JSONValue] = ["minReplicas": .int(currentLow ?? 1), "maxReplicas": .int(currentHigh ?? 0)]
        let previous = hpa.value(at: ["spec", "metrics"])?.arrayValue ?? []
        if let metrics = input.metrics {
            spec["metrics"] = metrics.isEmpty ? .null : .array(metrics)
            before["metrics"] = .array(previous)
        } else if let target = input.cpuUtilization {
            spec["metrics"] = .array(Self.settingCPU(target, in: previous))
            before["metrics"] = .array(previous)
        }
        // The resourceVersion makes the server refuse the patch if the HPA changed since it was read, so the list
        // written (and `before`) never silently drops a concurrent edit.
        var metadata: [String: JSONValue] = [:]
        if let version = hpa.value(at: ["metadata", "resourceVersion"])?.stringValue { metadata["resourceVersion"] = .string(version) }
        _ = try await hpas.patch(input.name, .merge(["metadata": .object(metadata), "spec": .object(spec)]), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would update" : "updated") HPA \(input.namespace)/\(input.name): \(low)-\(high) replicas\(input.cpuUtilization.map { " at \($0)% CPU" } ?? "")\(input.metrics.map { ", \($0.count) metrics" } ?? "")",
            data: [
                "hpa": .string("\(input.namespace)/\(input.name)"),
                "before": .object(before),
                "after": .object(spec),
            ], dryRun: context.isDryRun)
    }

    /// The metrics with the pods' CPU `Resource` metric targeting `utilization` percent: its target replaced in place,
    /// or the metric appended when there is none; every other metric is kept, in order.
    static func settingCPU(_ utilization: Int, in metrics: [JSONValue]) -> [JSONValue] {
        let target: JSONValue = ["type": "Utilization", "averageUtilization": .int(utilization)]
        var metrics = metrics
        if let index = metrics.firstIndex(where: {
            $0["type"]?.stringValue == "Resource" && $0.value(at: ["resource", "name"])?.stringValue == "cpu"
        }) {
            metrics[index]["resource"]?["target"] = target
        } else {
            metrics.append(["type": "Resource", "resource": ["name": "cpu", "target": target]])
        }
        return metrics
    }
}
