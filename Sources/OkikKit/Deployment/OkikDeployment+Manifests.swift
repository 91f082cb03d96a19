import OkikLLM

extension OkikDeployment {
    /// Where the container finds and keeps things: every path it writes is a mounted volume, since the root
    /// filesystem is read-only.
    public enum Paths {
        /// The mounted ``OkikInstallation/tokensSecret`` Secret.
        public static let tokensDirectory = "/etc/okik/tokens"
        /// `--token-file`.
        public static let tokenFile = "\(tokensDirectory)/\(OkikInstallation.tokensSecretKey)"
        /// The store's volume (the claim, or an emptyDir when ephemeral).
        public static let dataDirectory = "/var/lib/okik"
        /// `--db`: the SQLite store (with its `-wal` and `-shm` files beside it).
        public static let database = "\(dataDirectory)/okik.sqlite"
        /// A writable scratch directory (an emptyDir), also `HOME` and `TMPDIR`.
        public static let temporaryDirectory = "/tmp"
    }

    /// The environment variable the key reaches the container in, from a `secretKeyRef`.
    public static let apiKeyVariable = "OKIK_LLM_API_KEY"

    /// The labels every object carries: ``OkikInstallation/nameLabel`` and the component (`agent`, `watchdog`).
    public var labels: [String: String] {
        [OkikInstallation.nameLabel.0: OkikInstallation.nameLabel.1, "app.kubernetes.io/component": mode.rawValue]
    }

    /// The labels of the objects both modes share (the Namespace and the control Role): ``OkikInstallation/nameLabel``.
    public static var sharedLabels: [String: String] {
        [OkikInstallation.nameLabel.0: OkikInstallation.nameLabel.1]
    }

    /// okik-server's arguments: address, port, level, store, tokens, control ConfigMap, then `--watchdog` or the
    /// model flags. The key is never among them.
    public var serverArguments: [String] {
        var arguments = [
            "--host", "0.0.0.0", "--port", String(OkikInstallation.port), "--level", level.description,
            "--db", Paths.database, "--token-file", Paths.tokenFile,
            "--control-configmap", "\(OkikInstallation.namespace)/\(ControlConfigMap.defaultName)",
        ]
        switch mode {
        case .watchdog:
            arguments.append("--watchdog")
        case .agent:
            if let provider = model.provider { arguments += ["--llm-provider", provider.rawValue] }
            if let name = model.name { arguments += ["--model", name] }
            if let baseURL = model.baseURL { arguments += ["--llm-base-url", baseURL] }
        }
        return arguments
    }

    /// Renders every object of the installation.
    ///
    /// ```swift
    /// let manifests = OkikDeployment(mode: .agent, model: .init(provider: .openAI), hasAPIKeySecret: true)
    ///     .manifests(secrets: DeploymentSecrets(apiKey: key, tokens: tokenFile))
    /// ```
    /// - Parameter secrets: values for the two Secrets; a nil value leaves that Secret out of the result.
    public func manifests(secrets: DeploymentSecrets = DeploymentSecrets()) -> DeploymentManifests {
        let namespace = OkikInstallation.namespace
        let meta = { (name: String) in ObjectMeta(name: name, namespace: namespace, labels: labels) }
        let serviceAccountSubject = Subject(kind: "ServiceAccount", name: name, namespace: namespace)
        let rbacGroup = "rbac.authorization.k8s.io"
        return DeploymentManifests(
            namespace: Namespace(
                metadata: ObjectMeta(
                    name: namespace,
                    labels: Self.sharedLabels.merging([
                        "pod-security.kubernetes.io/enforce": "restricted",
                        "pod-security.kubernetes.io/enforce-version": "latest",
                    ]) { first, _ in first })),
            serviceAccount: ServiceAccount(metadata: meta(name), automountServiceAccountToken: true),
            clusterRole: ClusterRole(metadata: ObjectMeta(name: name, labels: labels), rules: clusterRules),
            clusterRoleBinding: ClusterRoleBinding(
                metadata: ObjectMeta(name: name, labels: labels), subjects: [serviceAccountSubject],
                roleRef: RoleRef(apiGroup: rbacGroup, kind: "ClusterRole", name: name)),
            controlRole: Role(
                metadata: ObjectMeta(name: Self.controlRoleName, namespace: namespace, labels: Self.sharedLabels),
                rules: Self.controlRules),
            controlRoleBinding: RoleBinding(
                metadata: meta(controlRoleBindingName), subjects: [serviceAccountSubject],
                roleRef: RoleRef(apiGroup: rbacGroup, kind: "Role", name: Self.controlRoleName)),
            tokensSecret: secrets.tokens.map { Self.tokensSecret(tokens: $0) },
            apiKeySecret: mode == .agent ? secrets.apiKey.map { Self.apiKeySecret(key: $0) } : nil,
            controlConfigMap: ConfigMap(
                metadata: ObjectMeta(
                    name: ControlConfigMap.defaultName, namespace: namespace, labels: ControlConfigMap.labels)),
            persistentVolumeClaim: persistentVolumeClaim,
            deployment: deployment,
            service: Service(
                metadata: meta(name),
                spec: Service.Spec(
                    type: "ClusterIP", selector: labels,
                    ports: [
                        Service.Port(
                            name: "http", protocol: "TCP", port: OkikInstallation.port, targetPort: .string("http"))
                    ])))
    }

    /// The ``OkikInstallation/tokensSecret`` Secret holding a token file (`ROLE:NAME:TOKEN` lines).
    public static func tokensSecret(tokens: String) -> Secret {
        Secret(
            metadata: ObjectMeta(name: OkikInstallation.tokensSecret, namespace: OkikInstallation.namespace, labels: sharedLabels),
            type: "Opaque", stringData: [OkikInstallation.tokensSecretKey: tokens])
    }

    /// The ``OkikInstallation/apiKeySecret`` Secret holding the provider's key.
    public static func apiKeySecret(key: String) -> Secret {
        Secret(
            metadata: ObjectMeta(
                name: OkikInstallation.apiKeySecret, namespace: OkikInstallation.namespace,
                labels: sharedLabels.merging(["app.kubernetes.io/component": Mode.agent.rawValue]) { first, _ in first }),
            type: "Opaque", stringData: [OkikInstallation.apiKeySecretKey: key])
    }

    /// The store's claim, nil with ephemeral storage.
    var persistentVolumeClaim: PersistentVolumeClaim? {
        guard case .persistentVolumeClaim(let size, let storageClassName) = storage else { return nil }
        return PersistentVolumeClaim(
            metadata: ObjectMeta(name: claimName, namespace: OkikInstallation.namespace, labels: labels),
            spec: PersistentVolumeClaim.Spec(
                accessModes: ["ReadWriteOnce"], resources: ResourceRequirements(requests: ["storage": size]),
                storageClassName: storageClassName))
    }

    /// okik-server's Deployment: one replica, `Recreate` (SQLite on a ReadWriteOnce claim has one writer), the
    /// restricted security settings, probes on `/health`, the Secrets mounted and the key from a `secretKeyRef`.
    var deployment: Deployment {
        let userID = Self.userID
        let seccomp = Container.SeccompProfile(type: "RuntimeDefault")
        let dataVolume: Volume = switch storage {
        case .ephemeral: Volume(name: "data", emptyDir: Volume.EmptyDirSource())
        case .persistentVolumeClaim: Volume(
            name: "data", persistentVolumeClaim: Volume.PersistentVolumeClaimSource(claimName: claimName))
        }
        var environment = [
            Container.EnvVar(name: "HOME", value: Paths.temporaryDirectory),
            Container.EnvVar(name: "TMPDIR", value: Paths.temporaryDirectory),
        ]
        if mode == .agent && hasAPIKeySecret {
            environment.append(
                Container.EnvVar(
                    name: Self.apiKeyVariable,
                    valueFrom: Container.EnvVarSource(
                        secretKeyRef: Container.KeySelector(
                            name: OkikInstallation.apiKeySecret, key: OkikInstallation.apiKeySecretKey))))
        }
        let health = Probe.HTTPGetAction(path: "/health", port: .int(OkikInstallation.port), scheme: "HTTP")
        let container = Container(
            name: "okik-server", image: image, imagePullPolicy: imagePullPolicy, args: serverArguments,
            env: environment,
            ports: [Container.Port(name: "http", containerPort: OkikInstallation.port, protocol: "TCP")],
            resources: resources,
            livenessProbe: Probe(
                httpGet: health, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3),
            readinessProbe: Probe(
                httpGet: health, initialDelaySeconds: 2, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3),
            volumeMounts: [
                Container.VolumeMount(name: "tokens", mountPath: Paths.tokensDirectory, readOnly: true),
                Container.VolumeMount(name: "data", mountPath: Paths.dataDirectory),
                Container.VolumeMount(name: "tmp", mountPath: Paths.temporaryDirectory),
            ],
            securityContext: Container.SecurityContext(
                runAsUser: userID, runAsGroup: userID, runAsNonRoot: true, privileged: false,
                readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
                capabilities: Container.Capabilities(drop: ["ALL"]), seccompProfile: seccomp))
        return Deployment(
            metadata: ObjectMeta(name: name, namespace: OkikInstallation.namespace, labels: labels),
            spec: Deployment.Spec(
                replicas: 1, selector: LabelSelector(matchLabels: labels),
                template: PodTemplateSpec(
                    metadata: ObjectMeta(labels: labels),
                    spec: PodSpec(
                        containers: [container],
                        volumes: [
                            Volume(
                                name: "tokens",
                                secret: Volume.SecretSource(secretName: OkikInstallation.tokensSecret, defaultMode: 0o440)),
                            dataVolume,
                            Volume(name: "tmp", emptyDir: Volume.EmptyDirSource()),
                        ],
                        serviceAccountName: name, automountServiceAccountToken: true,
                        terminationGracePeriodSeconds: 30,
                        securityContext: PodSpec.SecurityContext(
                            runAsUser: userID, runAsGroup: userID, runAsNonRoot: true, fsGroup: userID,
                            seccompProfile: seccomp))),
                strategy: Deployment.Strategy(type: "Recreate"), revisionHistoryLimit: 3))
    }
}
