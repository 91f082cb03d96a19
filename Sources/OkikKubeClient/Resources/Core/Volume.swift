/// A named volume of a pod; only the common sources are typed.
public struct Volume: Codable, Sendable, Hashable {
    /// Volume name, referenced by volume mounts.
    public var name: String?
    /// A PersistentVolumeClaim in the pod's namespace.
    public var persistentVolumeClaim: PersistentVolumeClaimSource?
    /// Keys of a ConfigMap as files.
    public var configMap: ConfigMapSource?
    /// Keys of a Secret as files.
    public var secret: SecretSource?
    /// A scratch directory that lives as long as the pod.
    public var emptyDir: EmptyDirSource?
    /// A path on the node.
    public var hostPath: HostPathSource?
    /// Several sources projected into one directory (such as the API token).
    public var projected: ProjectedSource?
    /// Pod fields as files.
    public var downwardAPI: DownwardAPISource?

    /// Creates a value; every field is optional.
    public init(
        name: String? = nil,
        persistentVolumeClaim: PersistentVolumeClaimSource? = nil,
        configMap: ConfigMapSource? = nil,
        secret: SecretSource? = nil,
        emptyDir: EmptyDirSource? = nil,
        hostPath: HostPathSource? = nil,
        projected: ProjectedSource? = nil,
        downwardAPI: DownwardAPISource? = nil
    ) {
        self.name = name
        self.persistentVolumeClaim = persistentVolumeClaim
        self.configMap = configMap
        self.secret = secret
        self.emptyDir = emptyDir
        self.hostPath = hostPath
        self.projected = projected
        self.downwardAPI = downwardAPI
    }

    /// A PersistentVolumeClaim volume.
    public struct PersistentVolumeClaimSource: Codable, Sendable, Hashable {
        /// Name of the claim.
        public var claimName: String?
        /// Whether the volume is mounted read-only.
        public var readOnly: Bool?

        /// Creates a value; every field is optional.
        public init(
            claimName: String? = nil,
            readOnly: Bool? = nil
        ) {
            self.claimName = claimName
            self.readOnly = readOnly
        }
    }

    /// A ConfigMap volume.
    public struct ConfigMapSource: Codable, Sendable, Hashable {
        /// ConfigMap name.
        public var name: String?
        /// Keys to project; all keys when empty.
        public var items: [KeyToPath]?
        /// File mode bits.
        public var defaultMode: Int?
        /// Whether the ConfigMap may be missing.
        public var optional: Bool?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            items: [KeyToPath]? = nil,
            defaultMode: Int? = nil,
            optional: Bool? = nil
        ) {
            self.name = name
            self.items = items
            self.defaultMode = defaultMode
            self.optional = optional
        }
    }

    /// A Secret volume.
    public struct SecretSource: Codable, Sendable, Hashable {
        /// Secret name.
        public var secretName: String?
        /// Keys to project; all keys when empty.
        public var items: [KeyToPath]?
        /// File mode bits.
        public var defaultMode: Int?
        /// Whether the Secret may be missing.
        public var optional: Bool?

        /// Creates a value; every field is optional.
        public init(
            secretName: String? = nil,
            items: [KeyToPath]? = nil,
            defaultMode: Int? = nil,
            optional: Bool? = nil
        ) {
            self.secretName = secretName
            self.items = items
            self.defaultMode = defaultMode
            self.optional = optional
        }
    }

    /// A key projected to a relative file path.
    public struct KeyToPath: Codable, Sendable, Hashable {
        /// The key.
        public var key: String?
        /// Relative file path.
        public var path: String?
        /// File mode bits.
        public var mode: Int?

        /// Creates a value; every field is optional.
        public init(
            key: String? = nil,
            path: String? = nil,
            mode: Int? = nil
        ) {
            self.key = key
            self.path = path
            self.mode = mode
        }
    }

    /// An emptyDir volume.
    public struct EmptyDirSource: Codable, Sendable, Hashable {
        /// `""` (node disk) or `Memory`.
        public var medium: String?
        /// Maximum size.
        public var sizeLimit: Quantity?

        /// Creates a value; every field is optional.
        public init(
            medium: String? = nil,
            sizeLimit: Quantity? = nil
        ) {
            self.medium = medium
            self.sizeLimit = sizeLimit
        }
    }

    /// A hostPath volume.
    public struct HostPathSource: Codable, Sendable, Hashable {
        /// Path on the node.
        public var path: String?
        /// Expected type, such as `Directory`.
        public var type: String?

        /// Creates a value; every field is optional.
        public init(
            path: String? = nil,
            type: String? = nil
        ) {
            self.path = path
            self.type = type
        }
    }

    /// A projected volume.
    public struct ProjectedSource: Codable, Sendable, Hashable {
        /// The projected sources.
        public var sources: [Projection]?
        /// File mode bits.
        public var defaultMode: Int?

        /// Creates a value; every field is optional.
        public init(
            sources: [Projection]? = nil,
            defaultMode: Int? = nil
        ) {
            self.sources = sources
            self.defaultMode = defaultMode
        }
    }

    /// One source of a projected volume.
    public struct Projection: Codable, Sendable, Hashable {
        /// A service account token.
        public var serviceAccountToken: ServiceAccountTokenProjection?
        /// Keys of a ConfigMap.
        public var configMap: ConfigMapSource?
        /// Keys of a Secret.
        public var secret: SecretProjection?
        /// Pod fields.
        public var downwardAPI: DownwardAPISource?

        /// Creates a value; every field is optional.
        public init(
            serviceAccountToken: ServiceAccountTokenProjection? = nil,
            configMap: ConfigMapSource? = nil,
            secret: SecretProjection? = nil,
            downwardAPI: DownwardAPISource? = nil
        ) {
            self.serviceAccountToken = serviceAccountToken
            self.configMap = configMap
            self.secret = secret
            self.downwardAPI = downwardAPI
        }
    }

    /// A projected service account token.
    public struct ServiceAccountTokenProjection: Codable, Sendable, Hashable {
        /// Intended audience of the token.
        public var audience: String?
        /// Requested lifetime of the token.
        public var expirationSeconds: Int?
        /// Relative file path.
        public var path: String?

        /// Creates a value; every field is optional.
        public init(
            audience: String? = nil,
            expirationSeconds: Int? = nil,
            path: String? = nil
        ) {
            self.audience = audience
            self.expirationSeconds = expirationSeconds
            self.path = path
        }
    }

    /// Keys of a Secret in a projected volume.
    public struct SecretProjection: Codable, Sendable, Hashable {
        /// Secret name.
        public var name: String?
        /// Keys to project.
        public var items: [KeyToPath]?
        /// Whether the Secret may be missing.
        public var optional: Bool?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            items: [KeyToPath]? = nil,
            optional: Bool? = nil
        ) {
            self.name = name
            self.items = items
            self.optional = optional
        }
    }

    /// Pod fields exposed as files.
    public struct DownwardAPISource: Codable, Sendable, Hashable {
        /// The files.
        public var items: [DownwardAPIFile]?
        /// File mode bits.
        public var defaultMode: Int?

        /// Creates a value; every field is optional.
        public init(
            items: [DownwardAPIFile]? = nil,
            defaultMode: Int? = nil
        ) {
            self.items = items
            self.defaultMode = defaultMode
        }
    }

    /// One downward-API file.
    public struct DownwardAPIFile: Codable, Sendable, Hashable {
        /// Relative file path.
        public var path: String?
        /// A pod field.
        public var fieldRef: Container.FieldSelector?
        /// A container resource.
        public var resourceFieldRef: Container.ResourceFieldSelector?
        /// File mode bits.
        public var mode: Int?

        /// Creates a value; every field is optional.
        public init(
            path: String? = nil,
            fieldRef: Container.FieldSelector? = nil,
            resourceFieldRef: Container.ResourceFieldSelector? = nil,
            mode: Int? = nil
        ) {
            self.path = path
            self.fieldRef = fieldRef
            self.resourceFieldRef = resourceFieldRef
            self.mode = mode
        }
    }
}
