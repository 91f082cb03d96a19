/// One optimizer check: a pure function from a ``ClusterSnapshot`` to findings. Checks never call the API; the
/// ``Optimizer`` takes the snapshot once and runs the checks over it concurrently, so a check must not rely on
/// running before or after another.
///
/// ```swift
/// struct LatestTagCheck: Check {
///     let id = "latest-tag"
///     let category = OptimizationCategory.availability
///     let codes = [FindingCode(id: 901, category: .availability, severity: .low, title: "Image uses :latest", explanation: "...")]
///     func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult { ... }
/// }
/// let optimizer = Optimizer(checks: CheckRegistry.builtIn + [LatestTagCheck()])
/// ```
public protocol Check: Sendable {
    /// A stable kebab-case id, used to enable or disable the check.
    var id: String { get }
    /// The category whose score it feeds.
    var category: OptimizationCategory { get }
    /// The codes it may report (for the catalogue and documentation).
    var codes: [FindingCode] { get }
    /// Whether it needs pod or node metrics; when they are missing it is skipped with "skipped: no metrics".
    var requiresMetrics: Bool { get }
    /// Whether it judges nodes, which needs every pod of the cluster; such checks are left out of a namespace scan.
    var needsWholeCluster: Bool { get }
    /// Evaluates the snapshot: how many subjects it looked at, and what it found.
    func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult
}

extension Check {
    /// Most checks read objects only.
    public var requiresMetrics: Bool { false }
    /// Most checks judge what is in a namespace.
    public var needsWholeCluster: Bool { false }
}

/// What a check saw: the subjects it evaluated (workloads, nodes, autoscalers ...; the score counts each subject of
/// a category once) and its findings.
public struct CheckResult: Sendable {
    /// Subjects evaluated; a subject may appear more than once (one per container, say).
    public var subjects: [ResourceRef]
    /// Problems found.
    public var findings: [Finding]

    /// Creates a result.
    public init(subjects: [ResourceRef], findings: [Finding] = []) {
        self.subjects = subjects
        self.findings = findings
    }
}

/// What every check may read besides the snapshot: the thresholds of this run, the remediation policy its proposals
/// must satisfy, and the usage history of the snapshot's containers.
public struct CheckContext: Sendable {
    /// The thresholds.
    public var thresholds: OptimizerThresholds
    /// The remediation invariants (restart threshold, rightsizing history and percentiles).
    public var remediation: RemediationPolicy
    /// Usage history per container; empty when none is kept.
    public var history: [ContainerKey: ContainerUsageHistory]

    /// Creates a context.
    public init(
        thresholds: OptimizerThresholds = OptimizerThresholds(), remediation: RemediationPolicy = .default,
        history: [ContainerKey: ContainerUsageHistory] = [:]
    ) {
        self.thresholds = thresholds
        self.remediation = remediation
        self.history = history
    }
}
