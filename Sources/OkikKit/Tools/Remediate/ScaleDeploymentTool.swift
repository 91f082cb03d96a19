import OkikKubeClient

/// `scale_deployment`: sets a Deployment's replicas (1-1000); scaling to zero is the destructive `scale_to_zero`.
public struct ScaleDeploymentTool: KubeTool {
    /// The Deployment and the desired replicas.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var replicas: Int
    }

    /// The tool's stable snake_case name.
    public static let name = "scale_deployment"
    /// What the tool does, written for a model.
    public static let description =
        "Sets the replica count of a Deployment (1 to 1000). Refused for a quarantined Deployment (unquarantine it instead). An HPA targeting the Deployment may override the count."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.remediate
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
        .required("replicas", .integer("Desired replicas", minimum: 1, maximum: 1000)),
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Deployment", input.namespace, input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.setReplicas(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name), to: input.replicas)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        if QuarantineAnnotations.isQuarantined(deployment.metadata) {
            throw ToolError.precondition(
                "deployment \(input.namespace)/\(input.name) is quarantined; use unquarantine_deployment to restore it")
        }
        let before = deployment.spec?.replicas ?? 1
        try await deployments.scale(input.name, replicas: input.replicas, dryRun: context.dryRun)
        let hpas = try await HPALookup.targeting(input.name, namespace: input.namespace, client: context.client)
        var data: JSONValue = [
            "deployment": .string("\(input.namespace)/\(input.name)"), "from": .int(before), "to": .int(input.replicas),
        ]
        if let hpa = hpas.first {
            data["note"] = .string("HPA \(hpa.name) targets this Deployment and may change the count")
        }
        return ToolOutput(
            summary: "\(context.isDryRun ? "would scale" : "scaled") deployment \(input.namespace)/\(input.name) from \(before) to \(input.replicas)",
            data: data, dryRun: context.isDryRun)
    }
}

/// Finds the HPAs whose scale target is a Deployment.
enum HPALookup {
    static func targeting(_ deployment: String, namespace: String, client: KubeClient) async throws
        -> [HorizontalPodAutoscaler]
    {
        try await client.namespaced(HorizontalPodAutoscaler.self, in: .named(namespace)).list().items.filter {
            $0.spec?.scaleTargetRef?.kind == "Deployment" && $0.spec?.scaleTargetRef?.name == deployment
        }
    }
}
