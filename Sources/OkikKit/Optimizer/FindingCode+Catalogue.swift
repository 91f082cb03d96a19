// The catalogue of finding codes. Ids are grouped by hundreds per category and never reused; Docs/FindingCodes.md
// is generated from this file by a test.

extension FindingCode {
    // MARK: Resource efficiency (1xx)

    /// Requests far above what the containers use.
    public static let overProvisioned = FindingCode(
        id: 101, category: .resourceEfficiency, severity: .low, title: "Requests far above usage",
        explanation: "The containers use a small fraction of what they request, so the scheduler reserves capacity nobody uses.")
    /// Memory usage close to the limit.
    public static let memoryNearLimit = FindingCode(
        id: 102, category: .resourceEfficiency, severity: .high, title: "Memory usage near the limit",
        explanation: "The container will be OOM-killed when its usage passes the memory limit.")
    /// CPU usage close to the limit.
    public static let cpuNearLimit = FindingCode(
        id: 103, category: .resourceEfficiency, severity: .medium, title: "CPU usage near the limit",
        explanation: "The container is throttled at its CPU limit, which shows as latency.")
    /// A container was OOM-killed.
    public static let oomKilled = FindingCode(
        id: 104, category: .resourceEfficiency, severity: .high, title: "Container OOM-killed",
        explanation: "The container passed its memory limit and the kernel killed it (exit code 137).")
    /// No CPU or memory request.
    public static let missingRequests = FindingCode(
        id: 105, category: .resourceEfficiency, severity: .medium, title: "Container without requests",
        explanation: "Without requests the scheduler cannot place the pod by its needs, and the pod is the first evicted under pressure.")
    /// No memory limit.
    public static let missingLimits = FindingCode(
        id: 106, category: .resourceEfficiency, severity: .low, title: "Container without a memory limit",
        explanation: "Without a memory limit one leaking container can exhaust its node's memory.")
    /// Limits many times the requests.
    public static let limitsFarAboveRequests = FindingCode(
        id: 107, category: .resourceEfficiency, severity: .low, title: "Limits far above requests",
        explanation: "The pod may burst far beyond what the scheduler reserved, overcommitting its node.")
    /// Limits on a node far above its allocatable.
    public static let nodeOvercommitted = FindingCode(
        id: 108, category: .resourceEfficiency, severity: .medium, title: "Node overcommitted",
        explanation: "The memory limits of the pods on the node add up to far more than it has; if they burst together, pods are killed.")

    // MARK: Availability & health (2xx)

    /// A container in CrashLoopBackOff.
    public static let crashLoop = FindingCode(
        id: 201, category: .availability, severity: .critical, title: "Container crash-looping",
        explanation: "The container keeps exiting and the kubelet restarts it with growing back-off; the pod serves nothing.")
    /// Many restarts, though running now.
    public static let frequentRestarts = FindingCode(
        id: 202, category: .availability, severity: .medium, title: "Frequent restarts",
        explanation: "The container is running but has restarted many times.")
    /// The image cannot be pulled.
    public static let imagePullFailure = FindingCode(
        id: 203, category: .availability, severity: .high, title: "Image cannot be pulled",
        explanation: "ErrImagePull or ImagePullBackOff: the image name, tag or registry credentials are wrong.")
    /// The container cannot be created from its configuration.
    public static let containerConfigError = FindingCode(
        id: 204, category: .availability, severity: .high, title: "Container configuration error",
        explanation: "CreateContainerConfigError: a referenced ConfigMap, Secret or key is missing.")
    /// A pod the scheduler cannot place.
    public static let podUnschedulable = FindingCode(
        id: 205, category: .availability, severity: .high, title: "Pod cannot be scheduled",
        explanation: "No node fits the pod; the scheduler's message says why.")
    /// A node that is not Ready.
    public static let nodeNotReady = FindingCode(
        id: 206, category: .availability, severity: .critical, title: "Node not ready",
        explanation: "The node's Ready condition is False or Unknown; its pods are unreachable and nothing new lands there.")
    /// A node under memory, disk or PID pressure.
    public static let nodePressure = FindingCode(
        id: 207, category: .availability, severity: .high, title: "Node under pressure",
        explanation: "The kubelet reports MemoryPressure, DiskPressure or PIDPressure and evicts pods to recover.")
    /// A Deployment whose rollout stopped progressing.
    public static let rolloutStalled = FindingCode(
        id: 208, category: .availability, severity: .high, title: "Rollout stalled",
        explanation: "Progressing=False with ProgressDeadlineExceeded: new pods never became available in time.")
    /// A single replica without a PodDisruptionBudget.
    public static let singleReplicaWithoutBudget = FindingCode(
        id: 209, category: .availability, severity: .low, title: "Single replica without a disruption budget",
        explanation: "One replica and no PodDisruptionBudget: a node drain or upgrade takes the workload down.")
    /// A budget that allows no disruption at all.
    public static let budgetBlocksDisruption = FindingCode(
        id: 210, category: .availability, severity: .medium, title: "Disruption budget allows no disruption",
        explanation: "The budget's minimum equals the healthy pods even when all are healthy, so node drains block forever.")

    /// A workload OKIK (or a person through OKIK) quarantined.
    public static let quarantinedWorkload = FindingCode(
        id: 211, category: .availability, severity: .critical, title: "Workload quarantined, serving nothing",
        explanation: "Scaled to zero by quarantine_deployment because it failed; it serves nothing until it is fixed and restored with unquarantine_deployment.")

    // MARK: Cost & waste (3xx)

    /// A workload using almost nothing.
    public static let idleWorkload = FindingCode(
        id: 301, category: .cost, severity: .low, title: "Idle workload",
        explanation: "Every pod uses almost no CPU: the replicas may not be needed.")
    /// A Deployment left at zero replicas.
    public static let deploymentAtZero = FindingCode(
        id: 302, category: .cost, severity: .low, title: "Deployment left at zero replicas",
        explanation: "Scaled to zero and not quarantined: likely forgotten; it still carries ReplicaSets and configuration.")
    /// A claim that is not bound.
    public static let unboundClaim = FindingCode(
        id: 303, category: .cost, severity: .high, title: "PersistentVolumeClaim not bound",
        explanation: "The claim is Pending, so pods that mount it cannot start.")
    /// A bound claim no pod uses.
    public static let unusedClaim = FindingCode(
        id: 304, category: .cost, severity: .low, title: "PersistentVolumeClaim not used",
        explanation: "Bound storage that no pod mounts is paid for and idle.")
    /// A namespace with nothing in it.
    public static let emptyNamespace = FindingCode(
        id: 305, category: .cost, severity: .info, title: "Empty namespace",
        explanation: "No pods and no workloads.")
    /// A node that is almost empty.
    public static let underusedNode = FindingCode(
        id: 306, category: .cost, severity: .low, title: "Node almost unused",
        explanation: "Requests and usage are a small fraction of the node; its pods would fit elsewhere and the node could go.")

    // MARK: Scaling (4xx)

    /// An HPA stuck at its maximum.
    public static let autoscalerSaturated = FindingCode(
        id: 401, category: .scaling, severity: .high, title: "Autoscaler at its maximum",
        explanation: "The HPA wants more replicas than maxReplicas allows (ScalingLimited, TooManyReplicas).")
    /// An HPA that cannot compute its metrics.
    public static let autoscalerMetricsUnavailable = FindingCode(
        id: 402, category: .scaling, severity: .high, title: "Autoscaler cannot read metrics",
        explanation: "ScalingActive=False or AbleToScale=False: the HPA does not scale at all.")
    /// An HPA with min equal to max.
    public static let autoscalerFixed = FindingCode(
        id: 403, category: .scaling, severity: .low, title: "Autoscaler min equals max",
        explanation: "minReplicas equals maxReplicas, so the autoscaler can never change anything.")
    /// A Deployment with too few available replicas.
    public static let lowAvailability = FindingCode(
        id: 404, category: .scaling, severity: .medium, title: "Deployment below its desired replicas",
        explanation: "Fewer replicas are available than desired.")
    /// An HPA whose target lacks the request its target needs.
    public static let autoscalerTargetWithoutRequests = FindingCode(
        id: 405, category: .scaling, severity: .high, title: "Autoscaled workload without CPU requests",
        explanation: "CPU utilization is usage over request: without a request the HPA cannot compute it.")
    /// An HPA target that can never be reached.
    public static let autoscalerTargetUnreachable = FindingCode(
        id: 406, category: .scaling, severity: .medium, title: "Autoscaler target unreachable",
        explanation: "The CPU limit caps utilization below the HPA's target, so the HPA never scales up.")

    // MARK: Workload health (5xx)

    /// A Job that failed.
    public static let jobFailed = FindingCode(
        id: 501, category: .workloadHealth, severity: .high, title: "Job failed",
        explanation: "The Job has the Failed condition (BackoffLimitExceeded, DeadlineExceeded).")
    /// A CronJob whose recent Jobs fail.
    public static let cronJobFailing = FindingCode(
        id: 502, category: .workloadHealth, severity: .high, title: "CronJob failing",
        explanation: "The CronJob's most recent Jobs failed.")
    /// A CronJob that missed its schedule.
    public static let cronJobNotScheduling = FindingCode(
        id: 503, category: .workloadHealth, severity: .medium, title: "CronJob not scheduling",
        explanation: "The CronJob should have started a Job by now and has not.")
    /// A suspended CronJob.
    public static let cronJobSuspended = FindingCode(
        id: 504, category: .workloadHealth, severity: .low, title: "CronJob suspended",
        explanation: "spec.suspend is true, so no Jobs run.")
    /// A DaemonSet with unavailable pods.
    public static let daemonSetUnavailable = FindingCode(
        id: 505, category: .workloadHealth, severity: .medium, title: "DaemonSet pods unavailable",
        explanation: "Some nodes that should run the daemon have no available pod.")
    /// A DaemonSet that skips nodes by their taints.
    public static let daemonSetSkipsNodes = FindingCode(
        id: 506, category: .workloadHealth, severity: .low, title: "DaemonSet skips tainted nodes",
        explanation: "Schedulable nodes carry taints the daemon does not tolerate, so they run without it.")
    /// A DaemonSet with pods where they should not be.
    public static let daemonSetMisscheduled = FindingCode(
        id: 507, category: .workloadHealth, severity: .medium, title: "DaemonSet pods misscheduled",
        explanation: "Daemon pods run on nodes they should not run on.")
    /// A StatefulSet with unready replicas.
    public static let statefulSetNotReady = FindingCode(
        id: 508, category: .workloadHealth, severity: .high, title: "StatefulSet not ready",
        explanation: "Fewer replicas are ready than desired; ordered pods behind the unready one do not start.")
    /// An object the client could not decode, left out of every check.
    public static let objectUnreadable = FindingCode(
        id: 509, category: .workloadHealth, severity: .medium, title: "Object could not be read",
        explanation: "OKIK's typed model could not decode the object (a field of an unexpected type or value, often from a newer API version or a write that bypassed validation), so the scan left it out of every check; problems it has are not reported.")

    /// Every built-in code, by id.
    public static let catalogue: [FindingCode] = [
        overProvisioned, memoryNearLimit, cpuNearLimit, oomKilled, missingRequests, missingLimits,
        limitsFarAboveRequests, nodeOvercommitted,
        crashLoop, frequentRestarts, imagePullFailure, containerConfigError, podUnschedulable, nodeNotReady,
        nodePressure, rolloutStalled, singleReplicaWithoutBudget, budgetBlocksDisruption, quarantinedWorkload,
        idleWorkload, deploymentAtZero, unboundClaim, unusedClaim, emptyNamespace, underusedNode,
        autoscalerSaturated, autoscalerMetricsUnavailable, autoscalerFixed, lowAvailability,
        autoscalerTargetWithoutRequests, autoscalerTargetUnreachable,
        jobFailed, cronJobFailing, cronJobNotScheduling, cronJobSuspended, daemonSetUnavailable, daemonSetSkipsNodes,
        daemonSetMisscheduled, statefulSetNotReady, objectUnreadable,
    ]
}
