/// A job (`batch/v1 Job`): pods run to completion.
public struct Job: NamespacedResource, StatusHavingResource, Hashable {
    /// `batch/v1, Kind=Job`.
    public static let groupVersionKind = GroupVersionKind(
        group: "batch", version: "v1", kind: "Job")
    /// The plural resource name used in URLs.
    public static let resourceName = "jobs"

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

    /// The desired state of a job.
    public struct Spec: Codable, Sendable, Hashable {
        /// Pods that may run at once.
        public var parallelism: Int?
        /// Successful pods needed to complete.
        public var completions: Int?
        /// Seconds the job may be active before it is failed (`DeadlineExceeded`).
        public var activeDeadlineSeconds: Int?
        /// Retries before the job is failed (`BackoffLimitExceeded`, default 6).
        public var backoffLimit: Int?
        /// Retries per index of an indexed job.
        public var backoffLimitPerIndex: Int?
        /// Failed indexes tolerated by an indexed job.
        public var maxFailedIndexes: Int?
        /// Selects the job's pods.
        public var selector: LabelSelector?
        /// Whether the selector was set by hand.
        public var manualSelector: Bool?
        /// Template of the pods.
        public var template: PodTemplateSpec?
        /// Seconds after finishing before the job is deleted.
        public var ttlSecondsAfterFinished: Int?
        /// `NonIndexed` (default) or `Indexed`.
        public var completionMode: String?
        /// Whether the job is suspended.
        public var suspend: Bool?
        /// Rules for pod failures, kept as JSON.
        public var podFailurePolicy: JSONValue?
        /// When replacement pods are created.
        public var podReplacementPolicy: String?

        /// Creates a value; every field is optional.
        public init(
            parallelism: Int? = nil,
            completions: Int? = nil,
            activeDeadlineSeconds: Int? = nil,
            backoffLimit: Int? = nil,
            backoffLimitPerIndex: Int? = nil,
            maxFailedIndexes: Int? = nil,
            selector: LabelSelector? = nil,
            manualSelector: Bool? = nil,
            template: PodTemplateSpec? = nil,
            ttlSecondsAfterFinished: Int? = nil,
            completionMode: String? = nil,
            suspend: Bool? = nil,
            podFailurePolicy: JSONValue? = nil,
            podReplacementPolicy: String? = nil
        ) {
            self.parallelism = parallelism
            self.completions = completions
            self.activeDeadlineSeconds = activeDeadlineSeconds
            self.backoffLimit = backoffLimit
            self.backoffLimitPerIndex = backoffLimitPerIndex
            self.maxFailedIndexes = maxFailedIndexes
            self.selector = selector
            self.manualSelector = manualSelector
            self.template = template
            self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
            self.completionMode = completionMode
            self.suspend = suspend
            self.podFailurePolicy = podFailurePolicy
            self.podReplacementPolicy = podReplacementPolicy
        }
    }

    /// The observed state of a job.
    public struct Status: Codable, Sendable, Hashable {
        /// `Complete`, `Failed` (such as `BackoffLimitExceeded`), `Suspended`, ...
        public var conditions: [Condition]?
        /// When the job started.
        public var startTime: Timestamp?
        /// When the job completed.
        public var completionTime: Timestamp?
        /// Pending and running pods.
        public var active: Int?
        /// Succeeded pods.
        public var succeeded: Int?
        /// Failed pods.
        public var failed: Int?
        /// Terminating pods.
        public var terminating: Int?
        /// Ready pods.
        public var ready: Int?
        /// Completed indexes of an indexed job.
        public var completedIndexes: String?
        /// Failed indexes of an indexed job.
        public var failedIndexes: String?

        /// Creates a value; every field is optional.
        public init(
            conditions: [Condition]? = nil,
            startTime: Timestamp? = nil,
            completionTime: Timestamp? = nil,
            active: Int? = nil,
            succeeded: Int? = nil,
            failed: Int? = nil,
            terminating: Int? = nil,
            ready: Int? = nil,
            completedIndexes: String? = nil,
            failedIndexes: String? = nil
        ) {
            self.conditions = conditions
            self.startTime = startTime
            self.completionTime = completionTime
            self.active = active
            self.succeeded = succeeded
            self.failed = failed
            self.terminating = terminating
            self.ready = ready
            self.completedIndexes = completedIndexes
            self.failedIndexes = failedIndexes
        }
    }
}
