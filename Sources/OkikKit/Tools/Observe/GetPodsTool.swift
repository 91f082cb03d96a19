import Foundation
import OkikKubeClient

/// `get_pods`: pods with phase, readiness, restarts, node and the reason a container is waiting.
public struct GetPodsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_pods"
    /// What the tool does, written for a model.
    public static let description =
        "Lists pods with phase, ready containers, restart count, node, age and the waiting/termination reason (such as CrashLoopBackOff or OOMKilled)."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("pods")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("Pod") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let pods = try await context.client.namespaced(Pod.self, in: input.selector).list(input.options).items
        let now = context.clock.now
        let items = pods.map { Self.row($0, now: now) }
        return Compact.output(items, noun: "pods", scope: input.namespace, context: context, limit: input.limit)
    }

    static func row(_ pod: Pod, now: Date) -> JSONValue {
        let statuses = pod.status?.containerStatuses ?? []
        let total = pod.spec?.containers?.count ?? statuses.count
        let ready = statuses.filter { $0.ready == true }.count
        let reason = statuses.lazy.compactMap { $0.state?.reason }.first
            ?? statuses.lazy.compactMap { $0.lastState?.terminated?.reason }.first
        return Compact.object([
            "namespace": pod.namespace.map { .string($0) } ?? .null, "name": .string(pod.name),
            "phase": pod.status?.phase.map { .string($0) } ?? .null, "ready": .string("\(ready)/\(total)"),
            "restarts": .int(pod.restartCount), "node": pod.spec?.nodeName.map { .string($0) } ?? .null,
            "reason": reason.map { .string($0) } ?? .null, "age": Compact.age(pod.metadata.creationTimestamp, now: now),
        ])
    }
}
