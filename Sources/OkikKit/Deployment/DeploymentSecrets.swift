/// The secret values a deployment may carry into its Secrets: the model provider's key and the API token file. They
/// appear only in the two Secrets ``OkikDeployment/manifests(secrets:)`` renders, never in its description, in a
/// ConfigMap, an argument or an environment value; `description` and `dump` show whether each is set, not its text.
public struct DeploymentSecrets: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The provider's API key, for the ``OkikInstallation/apiKeySecret`` Secret; nil renders no such Secret.
    public var apiKey: String?
    /// The token file (`ROLE:NAME:TOKEN` lines), for the ``OkikInstallation/tokensSecret`` Secret; nil renders no
    /// such Secret.
    public var tokens: String?

    /// Creates the values; nil leaves the Secret out (it is created some other way, such as a kustomize generator).
    public init(apiKey: String? = nil, tokens: String? = nil) {
        self.apiKey = apiKey
        self.tokens = tokens
    }

    /// Which values are set, never the values.
    public var description: String {
        "DeploymentSecrets(apiKey: \(apiKey == nil ? "none" : "<redacted>"), tokens: \(tokens == nil ? "none" : "<redacted>"))"
    }

    /// The same as ``description``, for `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
