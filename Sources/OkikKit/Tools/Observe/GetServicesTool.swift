import OkikKubeClient

/// `get_services`: services with type, cluster IP, ports and selector.
public struct GetServicesTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_services"
    /// What the tool does, written for a model.
    public static let description = "Lists Services with type, cluster IP, ports (port->targetPort/protocol) and pod selector."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("services")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("Service") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let services = try await context.client.namespaced(Service.self, in: input.selector).list(input.options).items
        let items = services.map { service -> JSONValue in
            let ports = (service.spec?.ports ?? []).map { port -> JSONValue in
                let target = port.targetPort.map { "->\($0)" } ?? ""
                return .string("\(port.port ?? 0)\(target)/\(port.protocol ?? "TCP")")
            }
            return Compact.object([
                "namespace": service.namespace.map { .string($0) } ?? .null, "name": .string(service.name),
                "type": .string(service.spec?.type ?? "ClusterIP"),
                "clusterIP": service.spec?.clusterIP.map { .string($0) } ?? .null, "ports": .array(ports),
                "selector": service.spec?.selector.map { .object($0.mapValues { .string($0) }) } ?? .null,
            ])
        }
        return Compact.output(items, noun: "services", scope: input.namespace, context: context, limit: input.limit)
    }
}
