import OkikKubeClient

/// `update_resources`: sets the CPU/memory requests and limits of one container of a Deployment.
public struct UpdateResourcesTool: KubeTool {
    /// Values for `cpu` and `memory`, as Kubernetes quantities.
    public struct Values: Decodable, Sendable {
        var cpu: String?
        var memory: String?
    }

    /// The container and the new values.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var container: String
        var requests: Values?
        var limits: Values?
    }

    /// The tool's stable snake_case name.
    public static let name = "update_resources"
    /// What the tool does, written for a model.
    public static let description =
        "Sets CPU and/or memory requests and limits (Kubernetes quantities such as 250m, 512Mi) of one container of a Deployment; this rolls out new pods. Requests may not exceed limits."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.remediate
    static let values = ToolSchema(json: [
        "type": "object", "additionalProperties": false,
        "properties": [
            "cpu": ["type": "string", "description": "CPU quantity, such as 250m or 1"],
            "memory": ["type": "string", "description": "Memory quantity, such as 256Mi or 1Gi"],
        ],
    ])
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
        .required("container", .dnsLabel("Name of the container in the pod template")),
        .optional("requests", values), .optional("limits", values),
    ])
    /// Creates the tool.
    public init() {}

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        if input.requests?.cpu == nil, input.requests?.memory == nil, input.limits?.cpu == nil, input.limits?.memory == nil {
            throw ToolError.missingField("requests or limits")
        }
        let parsed = try quantities(input)
        for resource in ["cpu", "memory"] {
            if let request = parsed.requests[resource], let limit = parsed.limits[resource], request > limit {
                throw ToolError.invalidValue(
                    "requests.\(resource)", "request \(request) exceeds limit \(limit)")
            }
        }
    }

    private func quantities(_ input: Input) throws(ToolError) -> (requests: [String: Quantity], limits: [String: Quantity]) {
        func parse(_ values: Values?, _ field: String) throws(ToolError) -> [String: Quantity] {
            var result: [String: Quantity] = [:]
            for (resource, text) in [("cpu", values?.cpu), ("memory", values?.memory)] {
                guard let text else { continue }
                let quantity: Quantity
                do { quantity = try Quantity(text) } catch {
                    throw ToolError.invalidValue("\(field).\(resource)", "\"\(text)\" is not a Kubernetes quantity")
                }
                if quantity.signum <= 0 {
                    throw ToolError.invalidValue("\(field).\(resource)", "must be positive, got \(text)")
                }
                result[resource] = quantity
            }
            return result
        }
        return (try parse(input.requests, "requests"), try parse(input.limits, "limits"))
    }

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Deployment", input.namespace, input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        // validate(_:) has parsed the quantities already; a value that does not parse cannot reach here.
        let parsed = (try? quantities(input)) ?? (requests: [:], limits: [:])
        return [.resize(
            ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name), container: input.container,
            requests: parsed.requests, limits: parsed.limits)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        let containers = deployment.spec?.template?.spec?.containers ?? []
        guard let container = containers.first(where: { $0.name == input.container }) else {
            throw ToolError.unknownContainer(
                input.container, available: containers.compactMap(\.name),
                in: "deployment \(input.namespace)/\(input.name)")
        }
        let parsed = try quantities(input)
        var resources: [String: JSONValue] = [:]
        if !parsed.requests.isEmpty { resources["requests"] = .object(parsed.requests.mapValues { .string($0.description) }) }
        if !parsed.limits.isEmpty { resources["limits"] = .object(parsed.limits.mapValues { .string($0.description) }) }
        let patch: JSONValue = [
            "spec": ["template": ["spec": ["containers": [["name": .string(input.container), "resources": .object(resources)]]]]]
        ]
        _ = try await deployments.patch(input.name, .strategicMerge(patch), dryRun: context.dryRun)
        let before: JSONValue = [
            "requests": Compact.quantities(container.resources?.requests),
            "limits": Compact.quantities(container.resources?.limits),
        ]
        return ToolOutput(
            summary: "\(context.isDryRun ? "would update" : "updated") resources of \(input.container) in deployment \(input.namespace)/\(input.name)",
            data: ["before": before, "after": .object(resources)], dryRun: context.isDryRun)
    }
}
