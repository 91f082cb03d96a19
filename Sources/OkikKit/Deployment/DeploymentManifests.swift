/// The Kubernetes objects of one OKIK installation, typed, as ``OkikDeployment/manifests(secrets:)`` renders them;
/// ``objects`` lists them in apply order (namespace first, workload last) with `apiVersion` and `kind`, and
/// ``yaml()`` writes them as one multi-document stream.
public struct DeploymentManifests: Sendable, Hashable {
    /// `okik-system`, labelled for the Pod Security "restricted" profile.
    public var namespace: Namespace
    /// The identity okik-server runs as.
    public var serviceAccount: ServiceAccount
    /// The cluster-wide permissions of the mode and level.
    public var clusterRole: ClusterRole
    /// Grants ``clusterRole`` to ``serviceAccount``.
    public var clusterRoleBinding: ClusterRoleBinding
    /// The `okik-control` ConfigMap permissions in `okik-system`.
    public var controlRole: Role
    /// Grants ``controlRole`` to ``serviceAccount``.
    public var controlRoleBinding: RoleBinding
    /// The API token file, when ``DeploymentSecrets/tokens`` was given.
    public var tokensSecret: Secret?
    /// The provider's key, when ``DeploymentSecrets/apiKey`` was given (agent mode).
    public var apiKeySecret: Secret?
    /// The `okik-control` ConfigMap, labelled and without data (the running server writes its state there).
    public var controlConfigMap: ConfigMap
    /// The store's claim; nil with ephemeral storage.
    public var persistentVolumeClaim: PersistentVolumeClaim?
    /// okik-server: one replica, recreated on change.
    public var deployment: Deployment
    /// `okik-agent` or `okik-watchdog`, port 8000 named `http`.
    public var service: Service

    /// Collects the objects.
    public init(
        namespace: Namespace, serviceAccount: ServiceAccount, clusterRole: ClusterRole,
        clusterRoleBinding: ClusterRoleBinding, controlRole: Role, controlRoleBinding: RoleBinding,
        tokensSecret: Secret?, apiKeySecret: Secret?, controlConfigMap: ConfigMap,
        persistentVolumeClaim: PersistentVolumeClaim?, deployment: Deployment, service: Service
    ) {
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.clusterRole = clusterRole
        self.clusterRoleBinding = clusterRoleBinding
        self.controlRole = controlRole
        self.controlRoleBinding = controlRoleBinding
        self.tokensSecret = tokensSecret
        self.apiKeySecret = apiKeySecret
        self.controlConfigMap = controlConfigMap
        self.persistentVolumeClaim = persistentVolumeClaim
        self.deployment = deployment
        self.service = service
    }

    /// Every object as JSON with its `apiVersion` and `kind`, in apply order: Namespace, ServiceAccount, RBAC,
    /// Secrets, ConfigMap, claim, Deployment, Service.
    public var objects: [JSONValue] {
        var result = [Self.json(namespace), Self.json(serviceAccount), Self.json(clusterRole), Self.json(clusterRoleBinding),
            Self.json(controlRole), Self.json(controlRoleBinding)]
        if let tokensSecret { result.append(Self.json(tokensSecret)) }
        if let apiKeySecret { result.append(Self.json(apiKeySecret)) }
        result.append(Self.json(controlConfigMap))
        if let persistentVolumeClaim { result.append(Self.json(persistentVolumeClaim)) }
        result += [Self.json(deployment), Self.json(service)]
        return result
    }

    /// The objects as one YAML stream (each document introduced by `---`), ready for `kubectl apply -f -`.
    public func yaml() -> String {
        ManifestYAML.stream(objects)
    }

    /// A typed object as JSON with its `apiVersion` and `kind` first.
    public static func json<R: KubernetesResource>(_ resource: R) -> JSONValue {
        // The typed models encode to JSON objects; encoding cannot fail for them.
        var value = (try? JSONValue.encode(resource)) ?? [:]
        value["apiVersion"] = .string(R.groupVersionKind.apiVersion)
        value["kind"] = .string(R.groupVersionKind.kind)
        return value
    }
}
