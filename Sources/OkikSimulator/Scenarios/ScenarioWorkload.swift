import OkikKubeClient

/// One workload of a scenario and how its containers behave.
public struct ScenarioWorkload: Sendable, Codable, Hashable {
    /// Deployment, StatefulSet, DaemonSet, Job or CronJob.
    public var kind: String
    /// Name (also the `app` label and the container name).
    public var name: String
    /// Namespace (created if needed); default "default".
    public var namespace: String?
    /// Replicas (Deployment, StatefulSet).
    public var replicas: Int?
    /// Container image; default `registry.okik.io/<name>:1.0.0`.
    public var image: String?
    /// Container requests (`cpu`, `memory`); omit for none.
    public var requests: [String: String]?
    /// Container limits.
    public var limits: [String: String]?
    /// healthy, crashloop, oom, imagepull, slowstart, unready, complete, fail.
    public var behavior: String?
    /// How long a crashing, completing or failing container runs ("5s").
    public var runFor: String?
    /// Readiness delay ("30s").
    public var startDelay: String?
    /// CPU usage model (`steady:200m`, `periodic:100m-800m/10m`, `ramp:100m->900m/1h`, `leak:...`).
    public var cpu: String?
    /// Memory usage model.
    public var memory: String?
    /// Node selector.
    public var nodeSelector: [String: String]?
    /// Tolerations as written in a pod spec.
    public var tolerations: [JSONValue]?
    /// CronJob schedule.
    public var schedule: String?
    /// Job completions.
    public var completions: Int?
    /// Job parallelism.
    public var parallelism: Int?
    /// Job backoff limit.
    public var backoffLimit: Int?
    /// Pod restart policy (Jobs: Never or OnFailure).
    public var restartPolicy: String?
    /// A HorizontalPodAutoscaler for the workload.
    public var hpa: ScenarioHPA?
    /// A PodDisruptionBudget's minAvailable.
    public var pdbMinAvailable: Int?
    /// A PersistentVolumeClaim the pods mount.
    public var volume: ScenarioVolume?
    /// Extra labels on the workload and its pods.
    public var labels: [String: String]?

    /// Creates a workload.
    public init(kind: String, name: String, namespace: String? = nil, replicas: Int? = nil, image: String? = nil,
                requests: [String: String]? = nil, limits: [String: String]? = nil, behavior: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.replicas = replicas
        self.image = image
        self.requests = requests
        self.limits = limits
        self.behavior = behavior
    }
}

/// A HorizontalPodAutoscaler on a scenario workload.
public struct ScenarioHPA: Sendable, Codable, Hashable {
    /// minReplicas.
    public var min: Int
    /// maxReplicas.
    public var max: Int
    /// Target CPU utilization (percent of requests).
    public var cpu: Int?
    /// Target memory utilization (percent of requests).
    public var memory: Int?
}

/// A claim mounted by a scenario workload's pods.
public struct ScenarioVolume: Sendable, Codable, Hashable {
    /// Claim name.
    public var name: String
    /// StorageClass; nil uses the default class.
    public var storageClass: String?
    /// Size ("1Gi").
    public var size: String?
}
