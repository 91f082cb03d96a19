import OkikKubeClient

/// `get_container_statuses`: each container of a pod with readiness, restarts, state, exit code and last termination.
public struct GetContainerStatusesTool: KubeTool {
    /// The pod.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var pod: String
    }

    /// The tool's stable snake_case name.
    public static let name = "get_container_statuses"
    /// What the tool does, written for a model.
    public static let description =
        "Shows every container of a pod (init containers too): ready, restart count, current state and reason, exit code, last termination reason (such as OOMKilled), image and resources."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.required("namespace", Fields.namespace), .required("pod", Fields.pod)])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Pod", input.namespace, input.pod)] }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let pod = try await context.client.namespaced(Pod.self, in: .named(input.namespace)).get(input.pod)
        let specs = (pod.spec?.containers ?? []) + (pod.spec?.initContainers ?? [])
        func row(_ status: ContainerStatus, initContainer: Bool) -> JSONValue {
            let state: String =
                if status.state?.running != nil { "running" }
                else if status.state?.waiting != nil { "waiting" }
                else if status.state?.terminated != nil { "terminated" }
                else { "unknown" }
            let resources = specs.first { $0.name == status.name }?.resources
            return Compact.object([
                "name": .string(status.name ?? ""), "init": initContainer ? true : .null,
                "ready": .bool(status.ready ?? false), "restarts": .int(status.restartCount ?? 0),
                "state": .string(state), "reason": status.state?.reason.map { .string($0) } ?? .null,
                "exitCode": status.state?.terminated?.exitCode.map { .int($0) } ?? .null,
                "message": Compact.text(status.state?.waiting?.message ?? status.state?.terminated?.message, max: context.limits.maxTextLength),
                "lastTermination": status.lastState?.terminated.map { terminated in
                    .string("\(terminated.reason ?? "?") (exit \(terminated.exitCode ?? -1))")
                } ?? .null,
                "image": status.image.map { .string($0) } ?? .null,
                "requests": Compact.quantities(resources?.requests), "limits": Compact.quantities(resources?.limits),
            ])
        }
        let items = (pod.status?.containerStatuses ?? []).map { row($0, initContainer: false) }
            + (pod.status?.initContainerStatuses ?? []).map { row($0, initContainer: true) }
        return ToolOutput(
            summary: "\(items.count) containers in \(input.namespace)/\(input.pod), phase \(pod.status?.phase ?? "unknown"), \(pod.restartCount) restarts",
            data: ["phase": pod.status?.phase.map { .string($0) } ?? .null, "containers": .array(items)],
            untrustedContent: true)
    }
}
