/// The single place the built-in checks are registered; run your own beside them with `Optimizer(checks: CheckRegistry.builtIn + [MyCheck()])`.
public enum CheckRegistry {
    /// Every built-in check, by category.
    public static let builtIn: [any Check] = [
        // Resource efficiency
        OverProvisionedCheck(), UnderProvisionedCheck(), OOMKilledCheck(), MissingResourcesCheck(), LimitRatioCheck(),
        NodeOvercommitCheck(),
        // Availability & health
        CrashLoopCheck(), RestartRateCheck(), ContainerStartCheck(), PendingPodCheck(), NodeConditionCheck(),
        RolloutStalledCheck(), SingleReplicaCheck(), DisruptionBudgetCheck(), QuarantinedWorkloadCheck(),
        // Cost & waste
        IdleWorkloadCheck(), ZeroReplicaCheck(), UnboundClaimCheck(), UnusedClaimCheck(), EmptyNamespaceCheck(),
        UnderusedNodeCheck(),
        // Scaling
        AutoscalerSaturatedCheck(), AutoscalerMetricsCheck(), AutoscalerRangeCheck(), DeploymentAvailabilityCheck(),
        AutoscalerTargetCheck(),
        // Workload health
        FailedJobCheck(), CronJobFailingCheck(), CronJobScheduleCheck(), DaemonSetCoverageCheck(),
        DaemonSetMisscheduledCheck(), StatefulSetReadyCheck(), UnreadableObjectCheck(),
    ]

    /// The ids of the built-in checks.
    public static var ids: [String] { builtIn.map(\.id) }

    /// Whether `name` names a built-in check (`missing-resources`) or one of their finding codes (`OKK-106`, any
    /// case), as `--disable` accepts.
    public static func isKnown(_ name: String) -> Bool {
        ids.contains(name) || builtIn.contains { check in check.codes.contains { $0.description == name } }
    }
}
