import Foundation
import OkikKubeClient

/// Puts an OKIK installation into a cluster and takes it out again: server-side apply of ``DeploymentManifests``
/// with the field manager `okikctl` (running it again updates in place), a wait for the rollout, and the removal of
/// everything OKIK created, found by its label. What `okikctl deploy` and `okikctl remove` run.
///
/// ```swift
/// let installer = OkikInstaller(client: client)
/// try await installer.apply(OkikDeployment(mode: .watchdog).manifests(secrets: secrets)) { print($0) }
/// try await installer.waitForRollout(of: OkikDeployment(mode: .watchdog), timeout: .seconds(300)) { print($0) }
/// ```
public struct OkikInstaller: Sendable {
    /// The field manager of every apply.
    public static let fieldManager = "okikctl"

    /// The cluster.
    public let client: KubeClient

    /// An installer for a cluster.
    public init(client: KubeClient) {
        self.client = client
    }

    /// Applies every object in order (server-side apply; `dryRun` asks the server to validate without saving).
    /// - Returns: one line an object, `ClusterRole okik-agent applied`.
    /// - Throws: ``InstallerError`` naming the object and, for a refusal, the permission you lack.
    @discardableResult
    public func apply(
        _ manifests: DeploymentManifests, dryRun: Bool = false, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> [String] {
        let mode: DryRun = dryRun ? .all : .none
        var lines: [String] = []
        func record(_ kind: String, _ name: String) {
            let line = "\(kind) \(name) \(dryRun ? "valid (dry run)" : "applied")"
            lines.append(line)
            progress?(line)
        }
        try await applyClusterScoped(manifests.namespace, dryRun: mode)
        record("Namespace", manifests.namespace.name)
        try await applyNamespaced(manifests.serviceAccount, dryRun: mode)
        record("ServiceAccount", manifests.serviceAccount.name)
        try await applyClusterScoped(manifests.clusterRole, dryRun: mode)
        record("ClusterRole", manifests.clusterRole.name)
        try await applyClusterScoped(manifests.clusterRoleBinding, dryRun: mode)
        record("ClusterRoleBinding", manifests.clusterRoleBinding.name)
        try await applyNamespaced(manifests.controlRole, dryRun: mode)
        record("Role", manifests.controlRole.name)
        try await applyNamespaced(manifests.controlRoleBinding, dryRun: mode)
        record("RoleBinding", manifests.controlRoleBinding.name)
        for secret in [manifests.tokensSecret, manifests.apiKeySecret].compactMap({ $0 }) {
            try await applyNamespaced(secret, dryRun: mode)
            record("Secret", secret.name)
        }
        // The control ConfigMap carries no data, so applying it again keeps the state OKIK and people wrote.
        try await applyNamespaced(manifests.controlConfigMap, dryRun: mode)
        record("ConfigMap", manifests.controlConfigMap.name)
        if let claim = manifests.persistentVolumeClaim {
            try await applyNamespaced(claim, dryRun: mode)
            record("PersistentVolumeClaim", claim.name)
        }
        try await applyNamespaced(manifests.deployment, dryRun: mode)
        record("Deployment", manifests.deployment.name)
        try await applyNamespaced(manifests.service, dryRun: mode)
        record("Service", manifests.service.name)
        return lines
    }

    /// Checks that the store's claim can bind: with a claim and no class named, the cluster needs a default
    /// StorageClass, or the claim stays Pending and OKIK's pod is never scheduled. Skipped when StorageClasses
    /// cannot be listed.
    /// - Throws: ``InstallerError`` naming the ways out.
    public func checkStorage(for deployment: OkikDeployment) async throws {
        guard case .persistentVolumeClaim(_, let className) = deployment.storage else { return }
        let classes: [StorageClass]
        do {
            classes = try await client.clusterScoped(StorageClass.self).list().items
        } catch let error as KubeError where error.code == .forbidden || error.code == .notFound {
            return
        }
        if let className {
            guard classes.contains(where: { $0.name == className }) else {
                throw InstallerError(
                    message: "the cluster has no StorageClass \(className); it has \(classes.isEmpty ? "none" : classes.map(\.name).sorted().joined(separator: ", "))")
            }
            return
        }
        let isDefault = { (storageClass: StorageClass) in
            storageClass.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true"
        }
        guard classes.contains(where: isDefault) else {
            throw InstallerError(
                message: "the cluster has no default StorageClass, so OKIK's claim would stay Pending and its pod would "
                    + "never start: name one with --storage-class (kubectl get storageclass), or use --ephemeral to keep "
                    + "OKIK's database in the pod (lost when the pod goes)")
        }
    }

    /// Whether the tokens Secret exists already (a redeploy keeps its tokens unless new ones are given).
    public func tokensSecretExists() async throws -> Bool {
        do {
            return try await client.namespaced(Secret.self, in: .named(OkikInstallation.namespace))
                .getIfPresent(OkikInstallation.tokensSecret) != nil
        } catch let error as KubeError where error.code == .forbidden {
            throw InstallerError(
                message: "you may not read Secrets in \(OkikInstallation.namespace) (get on secrets): \(error)")
        }
    }

    /// Waits until the Deployment's rollout is complete: its new pods updated and available.
    /// - Throws: ``InstallerError`` on timeout, with what the Deployment and its pods say.
    public func waitForRollout(
        of deployment: OkikDeployment, timeout: Duration, pollInterval: Duration = .milliseconds(500),
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws {
        let deployments = client.namespaced(Deployment.self, in: .named(OkikInstallation.namespace))
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = ""
        while true {
            let current = try await deployments.get(deployment.name)
            let wanted = current.spec?.replicas ?? 1
            let status = current.status
            let observed = (status?.observedGeneration ?? 0) >= (current.metadata.generation ?? 0)
            let updated = status?.updatedReplicas ?? 0
            let available = status?.availableReplicas ?? 0
            let line = "rollout of \(deployment.name): \(updated)/\(wanted) updated, \(available)/\(wanted) available"
            if line != last {
                progress?(line)
                last = line
            }
            if observed && updated >= wanted && available >= wanted && (status?.replicas ?? 0) <= wanted { return }
            guard clock.now < deadline else {
                throw InstallerError(message: "the rollout of \(deployment.name) did not finish within \(timeout.components.seconds) s: \(line)\(try await podProblems(deployment))")
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// What the installation's pods say when they are not ready (waiting reasons), for a timeout's message.
    private func podProblems(_ deployment: OkikDeployment) async throws -> String {
        let selector = deployment.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let pods = try await client.namespaced(Pod.self, in: .named(OkikInstallation.namespace))
            .list(ListOptions(labelSelector: selector)).items
        let reasons = pods.flatMap { pod -> [String] in
            let unscheduled = (pod.status?.conditions ?? []).filter { $0.type == "PodScheduled" && $0.status == "False" }
                .map { "\(pod.name) is not scheduled: \($0.message ?? $0.reason ?? "")" }
            let waiting = (pod.status?.containerStatuses ?? []).compactMap { status in
                status.state?.waiting.map { "\(pod.name): \($0.reason ?? "waiting") \($0.message ?? "")" }
            }
            return unscheduled + waiting
        }
        return reasons.isEmpty ? "" : "; " + reasons.joined(separator: "; ")
    }

    /// Deletes everything OKIK created (every object labelled ``OkikInstallation/nameLabel``), then waits until
    /// it is gone. With `keepData` the store's claim stays, and with it the namespace. Safe to run twice.
    /// - Returns: one line an object deleted.
    @discardableResult
    public func remove(
        keepData: Bool = false, timeout: Duration = .seconds(120), progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> [String] {
        let (label, value) = OkikInstallation.nameLabel
        let options = ListOptions(labelSelector: "\(label)=\(value)")
        let namespace = OkikInstallation.namespace
        var lines: [String] = []
        func deleted(_ kind: String, _ name: String) {
            lines.append("\(kind) \(name) deleted")
            progress?("\(kind) \(name) deleted")
        }
        func deleteAll<R: NamespacedResource>(_ type: R.Type, _ kind: String) async throws {
            let resources = client.namespaced(R.self, in: .named(namespace))
            for object in try await resources.list(options).items {
                try await ignoringNotFound { try await resources.delete(object.name) }
                deleted(kind, object.name)
            }
        }
        func deleteAllClusterScoped<R: ClusterScopedResource>(_ type: R.Type, _ kind: String) async throws {
            let resources = client.clusterScoped(R.self)
            for object in try await resources.list(options).items {
                try await ignoringNotFound { try await resources.delete(object.name) }
                deleted(kind, object.name)
            }
        }
        do {
            try await deleteAll(Deployment.self, "Deployment")
            try await deleteAll(Service.self, "Service")
            try await deleteAll(Secret.self, "Secret")
            try await deleteAll(ConfigMap.self, "ConfigMap")
            if !keepData { try await deleteAll(PersistentVolumeClaim.self, "PersistentVolumeClaim") }
            try await deleteAll(RoleBinding.self, "RoleBinding")
            try await deleteAll(Role.self, "Role")
            try await deleteAll(ServiceAccount.self, "ServiceAccount")
            try await deleteAllClusterScoped(ClusterRoleBinding.self, "ClusterRoleBinding")
            try await deleteAllClusterScoped(ClusterRole.self, "ClusterRole")
            if !keepData { try await deleteAllClusterScoped(Namespace.self, "Namespace") }
        } catch let error as KubeError where error.code == .forbidden {
            throw InstallerError(message: "the cluster refused a deletion: \(error)")
        }
        try await waitUntilGone(keepData: keepData, timeout: timeout, progress: progress)
        return lines
    }

    /// Waits until no pod of OKIK runs and (without `keepData`) the namespace is gone.
    private func waitUntilGone(keepData: Bool, timeout: Duration, progress: (@Sendable (String) -> Void)?) async throws {
        let (label, value) = OkikInstallation.nameLabel
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let pods = try await client.namespaced(Pod.self, in: .named(OkikInstallation.namespace))
                .list(ListOptions(labelSelector: "\(label)=\(value)")).items.count
            let namespace = keepData ? nil : try await client.clusterScoped(Namespace.self).getIfPresent(OkikInstallation.namespace)
            if pods == 0 && namespace == nil { return }
            guard clock.now < deadline else {
                throw InstallerError(
                    message: "OKIK is not gone after \(timeout.components.seconds) s: \(pods) pod(s) left"
                        + (namespace != nil ? ", namespace \(OkikInstallation.namespace) still \(namespace?.status?.phase ?? "present")" : ""))
            }
            progress?("waiting: \(pods) pod(s) left" + (namespace != nil ? ", namespace terminating" : ""))
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    private func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as KubeError where error.code == .notFound {
            return
        }
    }

    private func applyNamespaced<R: NamespacedResource>(_ object: R, dryRun: DryRun) async throws {
        try await refusalExplained(R.self, object.name) {
            _ = try await client.namespaced(R.self, in: .named(object.namespace ?? OkikInstallation.namespace)).patch(
                object.name, .apply(DeploymentManifests.json(object)), dryRun: dryRun, fieldManager: Self.fieldManager)
        }
    }

    private func applyClusterScoped<R: ClusterScopedResource>(_ object: R, dryRun: DryRun) async throws {
        try await refusalExplained(R.self, object.name) {
            _ = try await client.clusterScoped(R.self).patch(
                object.name, .apply(DeploymentManifests.json(object)), dryRun: dryRun, fieldManager: Self.fieldManager)
        }
    }

    /// Runs an apply; a 403 names the permission it needs.
    private func refusalExplained<R: KubernetesResource>(_ type: R.Type, _ name: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as KubeError where error.code == .forbidden {
            let kind = R.groupVersionKind
            let group = kind.group.isEmpty ? "core" : kind.group
            throw InstallerError(
                message: "the cluster refused \(kind.kind) \(name): installing OKIK needs create and patch on "
                    + "\(R.resourceName) (\(group) API group)\(kind.kind.hasPrefix("Cluster") ? ", which usually takes a cluster admin" : ""): \(error.message)")
        } catch let error as KubeError {
            throw InstallerError(message: "\(R.groupVersionKind.kind) \(name): \(error)")
        }
    }
}

/// Why an installation or removal could not be done.
public struct InstallerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What happened, for a person.
    public var message: String
    /// The message.
    public var description: String { message }
}
