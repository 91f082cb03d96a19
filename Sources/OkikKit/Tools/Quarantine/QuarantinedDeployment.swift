import Foundation
import OkikKubeClient

/// A Deployment OKIK has quarantined, read from its `okik.io/` annotations.
public struct QuarantinedDeployment: Codable, Sendable, Hashable {
    /// Its namespace.
    public var namespace: String
    /// Its name.
    public var name: String
    /// Its replicas before the quarantine, as recorded (restored by `unquarantine_deployment`).
    public var originalReplicas: Int?
    /// Why it was quarantined.
    public var reason: String?
    /// When (RFC 3339, as recorded).
    public var at: String?
    /// Who (`kind:name`).
    public var by: String?

    /// Creates an entry.
    public init(namespace: String, name: String, originalReplicas: Int?, reason: String?, at: String?, by: String?) {
        self.namespace = namespace
        self.name = name
        self.originalReplicas = originalReplicas
        self.reason = reason
        self.at = at
        self.by = by
    }

    /// The entry of a quarantined Deployment, or nil when it is not quarantined.
    public init?(_ deployment: Deployment) {
        guard QuarantineAnnotations.isQuarantined(deployment.metadata) else { return nil }
        let annotations = deployment.metadata.annotations ?? [:]
        self.init(
            namespace: deployment.namespace ?? "", name: deployment.name,
            originalReplicas: annotations[QuarantineAnnotations.originalReplicas].flatMap { Int($0) },
            reason: annotations[QuarantineAnnotations.reason], at: annotations[QuarantineAnnotations.quarantinedAt],
            by: annotations[QuarantineAnnotations.quarantinedBy])
    }

    /// Every quarantined Deployment in a namespace (nil: all namespaces), by namespace and name.
    /// - Throws: ``KubeError`` when the Deployments cannot be listed.
    public static func list(client: KubeClient, namespace: String? = nil) async throws -> [QuarantinedDeployment] {
        try await client.namespaced(Deployment.self, in: namespace.map { .named($0) } ?? .allNamespaces)
            .list(ListOptions(labelSelector: "\(QuarantineAnnotations.quarantined)=true")).items
            .compactMap(QuarantinedDeployment.init)
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }
}
