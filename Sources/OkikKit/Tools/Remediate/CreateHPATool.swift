import OkikKubeClient

/// `create_hpa`: creates an autoscaling/v2 HPA for a Deployment on CPU utilisation.
public struct CreateHPATool: KubeTool {
    /// The Deployment and the bounds.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var deployment: String
        var name: String?
        var minReplicas: Int
        var maxReplicas: Int
        var cpuUtilization: Int?
    }

    /// The tool's stable snake_case name.
    public static let name = "create_hpa"
    /// What the tool does, written for a model.
    public static let description =
        "Creates a HorizontalPodAutoscaler for a Deployment that keeps average CPU utilisation near a target (default 80%) between minReplicas and maxReplicas."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.remediate
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("deployment", Fields.deployment),
        .optional("name", .dnsSubdomain("Name of the HPA (default: the Deployment's name)")),
        .required("minReplicas", .integer("Fewest replicas", minimum: 1, maximum: 1000)),
        .required("maxReplicas", .integer("Most replicas", minimum: 1, maximum: 1000)),
        .optional("cpuUtilization", .integer("Target average CPU utilisation in percent (default 80)", minimum: 1, maximum: 100)),
    ])
    /// Creates the tool.
    public init() {}

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        if input.minReplicas > input.maxReplicas {
            throw ToolError.outOfRange("minReplicas", input.minReplicas, minimum: 1, maximum: input.maxReplicas)
        }
    }

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [.namespaced("HorizontalPodAutoscaler", input.namespace, input.name ?? input.deployment),
         .namespaced("Deployment", input.namespace, input.deployment)]
    }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.createAutoscaler(
            target: ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.deployment),
            minReplicas: input.minReplicas, maxReplicas: input.maxReplicas)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        _ = try await context.client.namespaced(Deployment.self, in: .named(input.namespace)).get(input.deployment)
        if let existing = try await HPALookup.targeting(input.deployment, namespace: input.namespace, client: context.client).first {
            throw ToolError.precondition("HPA \(existing.name) already targets deployment \(input.namespace)/\(input.deployment); use update_hpa")
        }
        let name = input.name ?? input.deployment
        let target = input.cpuUtilization ?? 80
        let hpa = HorizontalPodAutoscaler(
            metadata: ObjectMeta(name: name, namespace: input.namespace, labels: ["app.kubernetes.io/managed-by": "okik"]),
            spec: .init(
                scaleTargetRef: .init(kind: "Deployment", name: input.deployment, apiVersion: "apps/v1"),
                minReplicas: input.minReplicas, maxReplicas: input.maxReplicas,
                metrics: [.init(type: "Resource", resource: .init(name: "cpu", target: .init(type: "Utilization", averageUtilization: target)))]))
        _ = try await context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
            .create(hpa, dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would create" : "created") HPA \(input.namespace)/\(name) for deployment \(input.deployment): \(input.minReplicas)-\(input.maxReplicas) replicas at \(target)% CPU",
            data: [
                "hpa": .string("\(input.namespace)/\(name)"), "minReplicas": .int(input.minReplicas),
                "maxReplicas": .int(input.maxReplicas), "cpuUtilization": .int(target),
            ], dryRun: context.isDryRun)
    }
}
