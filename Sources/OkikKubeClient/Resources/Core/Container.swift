/// A container of a pod (`core/v1 Container`), used for containers and init containers alike.
public struct Container: Codable, Sendable, Hashable {
    /// Container name, unique within the pod.
    public var name: String?
    /// Image reference, such as `nginx:1.27`.
    public var image: String?
    /// `Always`, `IfNotPresent` or `Never`.
    public var imagePullPolicy: String?
    /// Entrypoint override.
    public var command: [String]?
    /// Arguments to the entrypoint.
    public var args: [String]?
    /// Working directory.
    public var workingDir: String?
    /// Environment variables.
    public var env: [EnvVar]?
    /// Sources of whole sets of environment variables.
    public var envFrom: [EnvFromSource]?
    /// Ports the container exposes.
    public var ports: [Port]?
    /// Compute resource requests and limits.
    public var resources: ResourceRequirements?
    /// Probe whose failure restarts the container.
    public var livenessProbe: Probe?
    /// Probe whose failure removes the pod from service endpoints.
    public var readinessProbe: Probe?
    /// Probe that must succeed before the other probes run.
    @Indirect public var startupProbe: Probe?
    /// Volumes mounted into the container.
    public var volumeMounts: [VolumeMount]?
    /// Security options of the container.
    public var securityContext: SecurityContext?
    /// `Always` for a sidecar init container; otherwise unset.
    public var restartPolicy: String?
    /// File the termination message is read from.
    public var terminationMessagePath: String?
    /// `File` or `FallbackToLogsOnError`.
    public var terminationMessagePolicy: String?
    /// Whether the container allocates a stdin buffer.
    public var stdin: Bool?
    /// Whether the container allocates a TTY.
    public var tty: Bool?

    /// Creates a value; every field is optional.
    public init(
        name: String? = nil,
        image: String? = nil,
        imagePullPolicy: String? = nil,
        command: [String]? = nil,
        args: [String]? = nil,
        workingDir: String? = nil,
        env: [EnvVar]? = nil,
        envFrom: [EnvFromSource]? = nil,
        ports: [Port]? = nil,
        resources: ResourceRequirements? = nil,
        livenessProbe: Probe? = nil,
        readinessProbe: Probe? = nil,
        startupProbe: Probe? = nil,
        volumeMounts: [VolumeMount]? = nil,
        securityContext: SecurityContext? = nil,
        restartPolicy: String? = nil,
        terminationMessagePath: String? = nil,
        terminationMessagePolicy: String? = nil,
        stdin: Bool? = nil,
        tty: Bool? = nil
    ) {
        self.name = name
        self.image = image
        self.imagePullPolicy = imagePullPolicy
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.env = env
        self.envFrom = envFrom
        self.ports = ports
        self.resources = resources
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.volumeMounts = volumeMounts
        self.securityContext = securityContext
        self.restartPolicy = restartPolicy
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.stdin = stdin
        self.tty = tty
    }

    /// An environment variable: a literal value or a reference.
    public struct EnvVar: Codable, Sendable, Hashable {
        /// Variable name.
        public var name: String?
        /// Literal value.
        public var value: String?
        /// Where the value comes from, when not literal.
        @Indirect public var valueFrom: EnvVarSource?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            value: String? = nil,
            valueFrom: EnvVarSource? = nil
        ) {
            self.name = name
            self.value = value
            self.valueFrom = valueFrom
        }
    }

    /// The source of an environment variable's value.
    public struct EnvVarSource: Codable, Sendable, Hashable {
        /// A field of the pod, such as `metadata.name`.
        public var fieldRef: FieldSelector?
        /// A resource request or limit of a container.
        public var resourceFieldRef: ResourceFieldSelector?
        /// A key of a ConfigMap.
        public var configMapKeyRef: KeySelector?
        /// A key of a Secret.
        public var secretKeyRef: KeySelector?

        /// Creates a value; every field is optional.
        public init(
            fieldRef: FieldSelector? = nil,
            resourceFieldRef: ResourceFieldSelector? = nil,
            configMapKeyRef: KeySelector? = nil,
            secretKeyRef: KeySelector? = nil
        ) {
            self.fieldRef = fieldRef
            self.resourceFieldRef = resourceFieldRef
            self.configMapKeyRef = configMapKeyRef
            self.secretKeyRef = secretKeyRef
        }
    }

    /// A field of the pod (`ObjectFieldSelector`).
    public struct FieldSelector: Codable, Sendable, Hashable {
        /// Schema version the path is written in.
        public var apiVersion: String?
        /// Path of the field, such as `status.podIP`.
        public var fieldPath: String?

        /// Creates a value; every field is optional.
        public init(
            apiVersion: String? = nil,
            fieldPath: String? = nil
        ) {
            self.apiVersion = apiVersion
            self.fieldPath = fieldPath
        }
    }

    /// A container resource (`ResourceFieldSelector`), such as `limits.memory`.
    public struct ResourceFieldSelector: Codable, Sendable, Hashable {
        /// Container name; required for volumes.
        public var containerName: String?
        /// Resource, such as `limits.cpu`.
        public var resource: String?
        /// Unit the value is expressed in (default 1).
        public var divisor: Quantity?

        /// Creates a value; every field is optional.
        public init(
            containerName: String? = nil,
            resource: String? = nil,
            divisor: Quantity? = nil
        ) {
            self.containerName = containerName
            self.resource = resource
            self.divisor = divisor
        }
    }

    /// A key of a ConfigMap or Secret (`ConfigMapKeySelector`, `SecretKeySelector`).
    public struct KeySelector: Codable, Sendable, Hashable {
        /// Name of the ConfigMap or Secret.
        public var name: String?
        /// The key.
        public var key: String?
        /// Whether the object or key may be missing.
        public var optional: Bool?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            key: String? = nil,
            optional: Bool? = nil
        ) {
            self.name = name
            self.key = key
            self.optional = optional
        }
    }

    /// A ConfigMap or Secret whose keys all become environment variables.
    public struct EnvFromSource: Codable, Sendable, Hashable {
        /// Prefix added to every key.
        public var prefix: String?
        /// The ConfigMap.
        public var configMapRef: SourceReference?
        /// The Secret.
        public var secretRef: SourceReference?

        /// Creates a value; every field is optional.
        public init(
            prefix: String? = nil,
            configMapRef: SourceReference? = nil,
            secretRef: SourceReference? = nil
        ) {
            self.prefix = prefix
            self.configMapRef = configMapRef
            self.secretRef = secretRef
        }
    }

    /// A ConfigMap or Secret by name (`ConfigMapEnvSource`, `SecretEnvSource`).
    public struct SourceReference: Codable, Sendable, Hashable {
        /// Object name.
        public var name: String?
        /// Whether the object may be missing.
        public var optional: Bool?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            optional: Bool? = nil
        ) {
            self.name = name
            self.optional = optional
        }
    }

    /// A port a container exposes (`ContainerPort`).
    public struct Port: Codable, Sendable, Hashable {
        /// Port name, referable by services and probes.
        public var name: String?
        /// Port number in the container.
        public var containerPort: Int?
        /// `TCP` (default), `UDP` or `SCTP`.
        public var `protocol`: String?
        /// Port number on the host, if exposed there.
        public var hostPort: Int?
        /// Host IP to bind the host port to.
        public var hostIP: String?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            containerPort: Int? = nil,
            protocol: String? = nil,
            hostPort: Int? = nil,
            hostIP: String? = nil
        ) {
            self.name = name
            self.containerPort = containerPort
            self.protocol = `protocol`
            self.hostPort = hostPort
            self.hostIP = hostIP
        }
    }

    /// A volume mounted into a container.
    public struct VolumeMount: Codable, Sendable, Hashable {
        /// Name of the pod volume.
        public var name: String?
        /// Path in the container.
        public var mountPath: String?
        /// Sub-path of the volume to mount.
        public var subPath: String?
        /// Whether the mount is read-only.
        public var readOnly: Bool?
        /// Mount propagation mode.
        public var mountPropagation: String?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            mountPath: String? = nil,
            subPath: String? = nil,
            readOnly: Bool? = nil,
            mountPropagation: String? = nil
        ) {
            self.name = name
            self.mountPath = mountPath
            self.subPath = subPath
            self.readOnly = readOnly
            self.mountPropagation = mountPropagation
        }
    }

    /// Security options of a container.
    public struct SecurityContext: Codable, Sendable, Hashable {
        /// User id the process runs as.
        public var runAsUser: Int?
        /// Group id the process runs as.
        public var runAsGroup: Int?
        /// Whether the kubelet refuses to start the container as root.
        public var runAsNonRoot: Bool?
        /// Whether the container runs privileged.
        public var privileged: Bool?
        /// Whether the root filesystem is read-only.
        public var readOnlyRootFilesystem: Bool?
        /// Whether a process may gain more privileges than its parent.
        public var allowPrivilegeEscalation: Bool?
        /// Linux capabilities added and dropped.
        public var capabilities: Capabilities?
        /// The seccomp profile.
        public var seccompProfile: SeccompProfile?

        /// Creates a value; every field is optional.
        public init(
            runAsUser: Int? = nil,
            runAsGroup: Int? = nil,
            runAsNonRoot: Bool? = nil,
            privileged: Bool? = nil,
            readOnlyRootFilesystem: Bool? = nil,
            allowPrivilegeEscalation: Bool? = nil,
            capabilities: Capabilities? = nil,
            seccompProfile: SeccompProfile? = nil
        ) {
            self.runAsUser = runAsUser
            self.runAsGroup = runAsGroup
            self.runAsNonRoot = runAsNonRoot
            self.privileged = privileged
            self.readOnlyRootFilesystem = readOnlyRootFilesystem
            self.allowPrivilegeEscalation = allowPrivilegeEscalation
            self.capabilities = capabilities
            self.seccompProfile = seccompProfile
        }
    }

    /// Linux capabilities added to and dropped from a container.
    public struct Capabilities: Codable, Sendable, Hashable {
        /// Capabilities added.
        public var add: [String]?
        /// Capabilities dropped.
        public var drop: [String]?

        /// Creates a value; every field is optional.
        public init(
            add: [String]? = nil,
            drop: [String]? = nil
        ) {
            self.add = add
            self.drop = drop
        }
    }

    /// A seccomp profile.
    public struct SeccompProfile: Codable, Sendable, Hashable {
        /// `RuntimeDefault`, `Localhost` or `Unconfined`.
        public var type: String?
        /// Path of a `Localhost` profile.
        public var localhostProfile: String?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            localhostProfile: String? = nil
        ) {
            self.type = type
            self.localhostProfile = localhostProfile
        }
    }
}
