import OkikKubeClient

/// `get_jobs`: Jobs with completions, active/succeeded/failed pods and their state.
public struct GetJobsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_jobs"
    /// What the tool does, written for a model.
    public static let description =
        "Lists Jobs with completions, active, succeeded and failed pods, state (Complete, Failed, Running, Suspended) and the failure reason."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("jobs")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("Job") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let jobs = try await context.client.namespaced(Job.self, in: input.selector).list(input.options).items
        let items = jobs.map { job -> JSONValue in
            let conditions = job.status?.conditions ?? []
            let failed = conditions.first { $0.type == "Failed" && $0.isTrue }
            let state: String =
                if conditions.contains(where: { $0.type == "Complete" && $0.isTrue }) { "Complete" }
                else if failed != nil { "Failed" }
                else if job.spec?.suspend == true { "Suspended" }
                else { "Running" }
            return Compact.object([
                "namespace": job.namespace.map { .string($0) } ?? .null, "name": .string(job.name),
                "state": .string(state),
                "completions": .string("\(job.status?.succeeded ?? 0)/\(job.spec?.completions ?? 1)"),
                "active": .int(job.status?.active ?? 0), "failed": .int(job.status?.failed ?? 0),
                "reason": failed?.reason.map { .string($0) } ?? .null,
                "age": Compact.age(job.metadata.creationTimestamp, now: context.clock.now),
            ])
        }
        return Compact.output(items, noun: "jobs", scope: input.namespace, context: context, limit: input.limit)
    }
}
