import OkikLLM

/// A typed description of one OKIK installation in a cluster (agent or watchdog mode), from which the manifests, the
/// kustomize tree and (later) `okikctl deploy` are all rendered, so they cannot drift apart.
///
/// ```swift
/// let deployment = OkikDeployment(mode: .watchdog, level: .l2)
/// let manifests = deployment.manifests()          // typed objects
/// print(manifests.yaml())                         // a multi-document YAML stream
/// ```
///
/// The names it uses are ``OkikInstallation``'s (namespace, Services, port, Secrets, label) and
/// ``ControlConfigMap/defaultName``. The model's key never enters the description: it lives in the
/// ``OkikInstallation/apiKeySecret`` Secret, which ``DeploymentSecrets`` fills when the caller has the key.
public struct OkikDeployment: Sendable, Hashable {
    /// What okik-server runs.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// The REST API with an agent (and the watchdog alongside).
        case agent
        /// Only the deterministic watchdog (`--watchdog`), no model.
        case watchdog
    }

    /// The agent's model; ignored in watchdog mode. Every field nil runs the agent offline (no model).
    public struct Model: Sendable, Hashable {
        /// `--llm-provider`.
        public var provider: LLMProvider?
        /// `--model`; nil takes the provider's default.
        public var name: String?
        /// `--llm-base-url`, for OpenAI-compatible servers.
        public var baseURL: String?

        /// Creates a model choice; every field defaults to "not given".
        public init(provider: LLMProvider? = nil, name: String? = nil, baseURL: String? = nil) {
            self.provider = provider
            self.name = name
            self.baseURL = baseURL
        }

        /// No model: the agent runs offline.
        public static let offline = Model()
    }

    /// Where the SQLite store (audit, plans, control state) lives.
    public enum Storage: Sendable, Hashable {
        /// An `emptyDir`: lost with the pod (`--ephemeral`).
        case ephemeral
        /// A PersistentVolumeClaim of this size; a nil class takes the cluster's default StorageClass.
        case persistentVolumeClaim(size: Quantity, storageClassName: String?)

        /// A 1 GiB claim of the default StorageClass.
        public static let defaultClaim = Storage.persistentVolumeClaim(size: Quantity(bytes: 1 << 30), storageClassName: nil)
    }

    /// The image's default reference: what `docker build -f Deploy/Dockerfile -t okik-server:0.1.0 .` tags. No
    /// registry publishes it; push it to yours and set ``image``.
    public static let defaultImage = "okik-server:0.1.0"
    /// The numeric user and group the container runs as (the Dockerfile's `okik` user).
    public static let userID = 10001

    /// Agent or watchdog.
    public var mode: Mode
    /// `--level`: the autonomy level at the first start; L0 also leaves every write out of the RBAC.
    public var level: AutonomyLevel
    /// The container image.
    public var image: String
    /// `IfNotPresent` by default.
    public var imagePullPolicy: String
    /// The agent's model (agent mode only).
    public var model: Model
    /// Whether the ``OkikInstallation/apiKeySecret`` Secret exists, so the key reaches the container as
    /// `OKIK_LLM_API_KEY` through a `secretKeyRef` (agent mode only).
    public var hasAPIKeySecret: Bool
    /// The store's volume.
    public var storage: Storage
    /// The container's requests and limits.
    public var resources: ResourceRequirements
    /// The tool packages whose writes the RBAC grants; nil takes ``defaultWritePackages(mode:level:)``. Narrow it
    /// to keep (say) destructive writes out of the cluster role: such calls then fail as forbidden even when approved.
    public var writePackages: Set<ToolPackage>?
    /// Cluster-wide rules added to the mode's, for the tools an embedding program registers beyond the built-ins
    /// (``ToolPermissions`` knows only those).
    public var additionalRules: [PolicyRule]

    /// Creates a description; the defaults are agent mode at L2 with no model (offline), a 1 GiB claim and
    /// ``defaultResources``.
    public init(
        mode: Mode = .agent, level: AutonomyLevel = .l2, image: String = OkikDeployment.defaultImage,
        imagePullPolicy: String = "IfNotPresent", model: Model = .offline, hasAPIKeySecret: Bool = false,
        storage: Storage = .defaultClaim, resources: ResourceRequirements = OkikDeployment.defaultResources,
        writePackages: Set<ToolPackage>? = nil, additionalRules: [PolicyRule] = []
    ) {
        self.mode = mode
        self.level = level
        self.image = image
        self.imagePullPolicy = imagePullPolicy
        self.model = model
        self.hasAPIKeySecret = hasAPIKeySecret
        self.storage = storage
        self.resources = resources
        self.writePackages = writePackages
        self.additionalRules = additionalRules
    }

    /// Requests 100m CPU and 256 MiB, limits 1 CPU and 1 GiB (the informers hold the cluster's objects in memory).
    public static let defaultResources = ResourceRequirements(
        limits: ["cpu": Quantity(integer: 1), "memory": Quantity(bytes: 1 << 30)],
        requests: ["cpu": Quantity(millicores: 100), "memory": Quantity(bytes: 256 << 20)])

    /// The write packages a mode may use at a level: none at L0 (no tool runs); otherwise every write package in
    /// agent mode (a level above L0 may run any package once approved) and the watchdog's quarantine and restart
    /// (its `quarantine_deployment` and `rollback_deployment`) in watchdog mode.
    public static func defaultWritePackages(mode: Mode, level: AutonomyLevel) -> Set<ToolPackage> {
        guard level > .l0 else { return [] }
        switch mode {
        case .agent: return Set(ToolPackage.allCases.filter(\.isWrite))
        case .watchdog: return [.quarantine, .restart]
        }
    }

    /// The write packages the RBAC grants: ``writePackages``, else the mode's and level's default.
    public var grantedWritePackages: Set<ToolPackage> {
        (writePackages ?? Self.defaultWritePackages(mode: mode, level: level)).filter(\.isWrite)
    }

    /// The name of the Deployment, its ServiceAccount, ClusterRole, ClusterRoleBinding and Service:
    /// `okik-agent` or `okik-watchdog`.
    public var name: String {
        switch mode {
        case .agent: OkikInstallation.agentService
        case .watchdog: OkikInstallation.watchdogService
        }
    }

    /// The PersistentVolumeClaim's name (`okik-agent-data`).
    public var claimName: String { "\(name)-data" }

    /// The Role that grants the ``ControlConfigMap`` (shared by both modes).
    public static let controlRoleName = ControlConfigMap.defaultName

    /// The RoleBinding that grants the control Role to this mode's ServiceAccount (`okik-agent-control`).
    public var controlRoleBindingName: String { "\(name)-control" }
}
