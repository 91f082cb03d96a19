import Foundation

/// The `autoscaling/v1` Scale object of the `/scale` subresource.
public struct Scale: Codable, Sendable, Hashable {
    /// Desired replicas.
    public struct Spec: Codable, Sendable, Hashable {
        /// Desired number of replicas.
        public var replicas: Int?
        /// Creates a spec.
        public init(replicas: Int? = nil) { self.replicas = replicas }
    }
    /// Observed replicas.
    public struct Status: Codable, Sendable, Hashable {
        /// Observed number of replicas.
        public var replicas: Int?
        /// Label selector of the pods, as a string.
        public var selector: String?
        /// Creates a status.
        public init(replicas: Int? = nil, selector: String? = nil) {
            self.replicas = replicas
            self.selector = selector
        }
    }

    /// Metadata of the scaled object (name, namespace, resourceVersion).
    public var metadata: ObjectMeta
    /// Desired replicas.
    public var spec: Spec?
    /// Observed replicas.
    public var status: Status?

    /// Creates a Scale.
    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension ResourceClient where R: ScalableResource {
    /// Reads the `/scale` subresource.
    /// - Throws: ``KubeError``.
    public func getScale(_ name: String) async throws -> Scale {
        try await client.sendDecoding(
            KubeRequest(method: "GET", path: try objectPath(name, subresource: "scale"), resource: resource, name: name))
    }

    /// Sets the desired replicas through the `/scale` subresource (a merge patch, as `kubectl scale` sends).
    ///
    /// - Parameter resourceVersion: when given, the scale is read and replaced with this version as a precondition,
    ///   so a concurrent change fails with `.conflict`.
    /// - Throws: ``KubeError``; `.invalid` for a negative count.
    @discardableResult
    public func scale(_ name: String, replicas: Int, resourceVersion: String? = nil, dryRun: DryRun = .none) async throws
        -> Scale
    {
        guard replicas >= 0 else {
            throw KubeError(code: .invalidRequest, message: "replicas must be 0 or more, got \(replicas)")
        }
        if let resourceVersion {
            var current = try await getScale(name)
            current.metadata.resourceVersion = resourceVersion
            current.spec = Scale.Spec(replicas: replicas)
            let body: JSONValue = try {
                var value = try JSONValue.encode(current)
                value["apiVersion"] = "autoscaling/v1"
                value["kind"] = "Scale"
                return value
            }()
            return try await client.sendDecoding(
                KubeRequest(
                    method: "PUT", path: try objectPath(name, subresource: "scale"), query: dryRunQuery(dryRun),
                    body: try KubeJSON.encoder.encode(body), isIdempotent: true, resource: resource, name: name))
        }
        return try await client.sendDecoding(
            patchRequest(
                name, .merge(["spec": ["replicas": .int(replicas)]]), subresource: "scale", dryRun: dryRun,
                fieldManager: nil, force: false))
    }
}

extension ResourceClient where R: StatusHavingResource {
    /// Reads an object through its `/status` subresource.
    /// - Throws: ``KubeError``.
    public func getStatus(_ name: String) async throws -> R {
        try await client.sendDecoding(
            KubeRequest(method: "GET", path: try objectPath(name, subresource: "status"), resource: resource, name: name))
    }

    /// Replaces the status of an object (`PUT .../status`); changes outside `.status` are ignored by the server.
    /// - Throws: ``KubeError``.
    public func updateStatus(_ object: R, dryRun: DryRun = .none) async throws -> R {
        let name = object.metadata.name ?? ""
        return try await client.sendDecoding(
            KubeRequest(
                method: "PUT", path: try objectPath(name, namespace: namespace ?? object.metadata.namespace, subresource: "status"),
                query: dryRunQuery(dryRun), body: try KubeJSON.encodeResource(object),
                isIdempotent: object.metadata.resourceVersion != nil, resource: resource, name: name))
    }

    /// Patches the status of an object.
    /// - Throws: ``KubeError``.
    public func patchStatus(
        _ name: String, _ patch: Patch, dryRun: DryRun = .none, fieldManager: String? = nil, force: Bool = false
    ) async throws -> R {
        try await client.sendDecoding(
            patchRequest(name, patch, subresource: "status", dryRun: dryRun, fieldManager: fieldManager, force: force))
    }
}
