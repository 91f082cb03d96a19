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
    /// A second revision rolled out after a while (Deployments, simulator only): the pod template changes as
    /// `kubectl set image` would, and the Deployment controller rolls it out.
    public var rollout: ScenarioRollout?

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

/// A rollout a scenario performs on its Deployment after `after` of simulated time, as a person would: the pod
/// template gets the new image and container behaviour, so the Deployment controller creates a new ReplicaSet and
/// rolls it out within maxSurge/maxUnavailable. A `crashloop` revision stalls the rollout with the old ReplicaSet still
/// serving.
///
/// ```yaml
/// rollout: {after: 2m, image: registry.okik.io/checkout-api:1.5.0, behavior: crashloop, runFor: 5s, startDelay: 30s}
/// ```
///
/// In the simulator it travels as the Deployment annotation `sim.okik.io/rollout` (this value as JSON); the runtime
/// writes the new template once, removing the annotation, through the API like any client.
public struct ScenarioRollout: Sendable, Codable, Hashable {
    /// Time after the Deployment's creation ("2m"); default 2m.
    public var after: String?
    /// The new revision's image (the first container's); unchanged when omitted.
    public var image: String?
    /// The new revision's behaviour (see ``ScenarioWorkload/behavior``).
    public var behavior: String?
    /// How long a crashing, completing or failing container of the new revision runs ("5s").
    public var runFor: String?
    /// When the new revision's readiness probe passes ("30s"). A crashing container that exits sooner never becomes
    /// ready, so the rollout stalls; without it, it is ready (and counts as available) while it runs, as a container
    /// without a readiness probe is.
    public var startDelay: String?

    /// Creates a rollout.
    public init(
        after: String? = nil, image: String? = nil, behavior: String? = nil, runFor: String? = nil,
        startDelay: String? = nil
    ) {
        self.after = after
        self.image = image
        self.behavior = behavior
        self.runFor = runFor
        self.startDelay = startDelay
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
