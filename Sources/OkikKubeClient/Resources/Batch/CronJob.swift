/// A cron job (`batch/v1 CronJob`): jobs created on a schedule.
public struct CronJob: NamespacedResource, StatusHavingResource, Hashable {
    /// `batch/v1, Kind=CronJob`.
    public static let groupVersionKind = GroupVersionKind(
        group: "batch", version: "v1", kind: "CronJob")
    /// The plural resource name used in URLs.
    public static let resourceName = "cronjobs"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Desired state.
    public var spec: Spec?
    /// Observed state.
    public var status: Status?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil,
        status: Status? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The desired state of a cron job.
    public struct Spec: Codable, Sendable, Hashable {
        /// Cron schedule, such as `*/5 * * * *`.
        public var schedule: String?
        /// Time zone of the schedule.
        public var timeZone: String?
        /// Seconds after a missed time in which a job may still start.
        public var startingDeadlineSeconds: Int?
        /// `Allow` (default), `Forbid` or `Replace`.
        public var concurrencyPolicy: String?
        /// Whether new jobs are suspended.
        public var suspend: Bool?
        /// Template of the jobs.
        public var jobTemplate: JobTemplate?
        /// Successful jobs kept (default 3).
        public var successfulJobsHistoryLimit: Int?
        /// Failed jobs kept (default 1).
        public var failedJobsHistoryLimit: Int?

        /// Creates a value; every field is optional.
        public init(
            schedule: String? = nil,
            timeZone: String? = nil,
            startingDeadlineSeconds: Int? = nil,
            concurrencyPolicy: String? = nil,
            suspend: Bool? = nil,
            jobTemplate: JobTemplate? = nil,
            successfulJobsHistoryLimit: Int? = nil,
            failedJobsHistoryLimit: Int? = nil
        ) {
            self.schedule = schedule
            self.timeZone = timeZone
            self.startingDeadlineSeconds = startingDeadlineSeconds
            self.concurrencyPolicy = concurrencyPolicy
            self.suspend = suspend
            self.jobTemplate = jobTemplate
            self.successfulJobsHistoryLimit = successfulJobsHistoryLimit
            self.failedJobsHistoryLimit = failedJobsHistoryLimit
        }
    }

    /// A job template (`JobTemplateSpec`).
    public struct JobTemplate: Codable, Sendable, Hashable {
        /// Metadata of the jobs.
        public var metadata: ObjectMeta?
        /// Spec of the jobs.
        public var spec: Job.Spec?

        /// Creates a value; every field is optional.
        public init(
            metadata: ObjectMeta? = nil,
            spec: Job.Spec? = nil
        ) {
            self.metadata = metadata
            self.spec = spec
        }
    }

    /// The observed state of a cron job.
    public struct Status: Codable, Sendable, Hashable {
        /// Jobs currently running.
        public var active: [ObjectReference]?
        /// When a job was last scheduled.
        public var lastScheduleTime: Timestamp?
        /// When a job last completed successfully.
        public var lastSuccessfulTime: Timestamp?

        /// Creates a value; every field is optional.
        public init(
            active: [ObjectReference]? = nil,
            lastScheduleTime: Timestamp? = nil,
            lastSuccessfulTime: Timestamp? = nil
        ) {
            self.active = active
            self.lastScheduleTime = lastScheduleTime
            self.lastSuccessfulTime = lastSuccessfulTime
        }
    }
}
