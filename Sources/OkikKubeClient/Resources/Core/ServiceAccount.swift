/// A service account (`v1 ServiceAccount`): an identity for pods.
public struct ServiceAccount: NamespacedResource, Hashable {
    /// `v1, Kind=ServiceAccount`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "ServiceAccount")
    /// The plural resource name used in URLs.
    public static let resourceName = "serviceaccounts"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Secrets the account may use.
    public var secrets: [ObjectReference]?
    /// Secrets used to pull images for pods of the account.
    public var imagePullSecrets: [LocalObjectReference]?
    /// Whether pods mount the API token by default.
    public var automountServiceAccountToken: Bool?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        secrets: [ObjectReference]? = nil,
        imagePullSecrets: [LocalObjectReference]? = nil,
        automountServiceAccountToken: Bool? = nil
    ) {
        self.metadata = metadata
        self.secrets = secrets
        self.imagePullSecrets = imagePullSecrets
        self.automountServiceAccountToken = automountServiceAccountToken
    }
}
