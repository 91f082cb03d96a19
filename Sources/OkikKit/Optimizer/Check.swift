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
    /// Evaluates the snapshot: how many subjects it looked at, and what it found.
    func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult
}

extension Check {
    /// Most checks read objects only.
    public var requiresMetrics: Bool { false }
}

/// What a check saw: how many subjects it evaluated (the denominator of the score) and its findings.
public struct CheckResult: Sendable {
    /// Subjects evaluated (pods, workloads, nodes ... whatever the check looks at).
    public var evaluated: Int
    /// Problems found.
    public var findings: [Finding]

    /// Creates a result.
    public init(evaluated: Int, findings: [Finding] = []) {
        self.evaluated = evaluated
        self.findings = findings
    }
}

/// What every check may read besides the snapshot: the thresholds of this run.
public struct CheckContext: Sendable {
    /// The thresholds.
    public var thresholds: OptimizerThresholds

    /// Creates a context.
    public init(thresholds: OptimizerThresholds = OptimizerThresholds()) {
        self.thresholds = thresholds
    }
}
