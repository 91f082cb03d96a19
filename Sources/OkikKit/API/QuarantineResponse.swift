/// GET /quarantine: the Deployments OKIK holds in quarantine.
public struct QuarantineResponse: Codable, Sendable, Hashable {
    /// The quarantined Deployments, by namespace and name.
    public var deployments: [QuarantinedDeployment]

    /// Creates a body.
    public init(deployments: [QuarantinedDeployment]) {
        self.deployments = deployments
    }
}
