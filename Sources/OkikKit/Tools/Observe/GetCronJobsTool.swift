import OkikKubeClient

/// `get_cronjobs`: CronJobs with schedule, suspension, active jobs and last schedule time.
public struct GetCronJobsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_cronjobs"
    /// What the tool does, written for a model.
    public static let description =
        "Lists CronJobs with schedule, time zone, whether suspended, active jobs and the last scheduled and successful times."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("cron jobs")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("CronJob") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let cronJobs = try await context.client.namespaced(CronJob.self, in: input.selector).list(input.options).items
        let now = context.clock.now
        let items = cronJobs.map { cronJob -> JSONValue in
            Compact.object([
                "namespace": cronJob.namespace.map { .string($0) } ?? .null, "name": .string(cronJob.name),
                "schedule": cronJob.spec?.schedule.map { .string($0) } ?? .null,
                "timeZone": cronJob.spec?.timeZone.map { .string($0) } ?? .null,
                "suspended": cronJob.spec?.suspend == true ? true : .null,
                "active": .int(cronJob.status?.active?.count ?? 0),
                "lastSchedule": Compact.age(cronJob.status?.lastScheduleTime, now: now),
                "lastSuccess": Compact.age(cronJob.status?.lastSuccessfulTime, now: now),
            ])
        }
        return Compact.output(items, noun: "cron jobs", scope: input.namespace, context: context, limit: input.limit)
    }
}
