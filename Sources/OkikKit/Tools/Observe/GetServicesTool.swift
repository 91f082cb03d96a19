import OkikKubeClient

/// `get_services`: services with type, cluster IP, ports and selector.
public struct GetServicesTool: KubeTool {
    public typealias Input = ListInput
    public static let name = "get_services"
    public static let description = "Lists Services with type, cluster IP, ports (port->targetPort/protocol) and pod selector."
    public static let package = ToolPackage.observe
    public static let inputSchema = ListInput.schema("services")
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { input.targets("Service") }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let services = try await context.client.namespaced(Service.self, in: input.selector).list(input.options).items
        let items = services.map { service -> OkikKubeClient.JSONValue in
            let ports = (service.spec?.ports ?? []).map { port -> OkikKubeClient.JSONValue in
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
