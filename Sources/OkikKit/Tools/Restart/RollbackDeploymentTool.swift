import OkikKubeClient

/// `rollback_deployment`: returns a Deployment to an earlier revision exactly as `kubectl rollout undo` does: the
/// pod template of the chosen ReplicaSet (without `pod-template-hash`) replaces the Deployment's, with one JSON patch.
public struct RollbackDeploymentTool: KubeTool {
    /// The Deployment and, optionally, the revision to return to.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var toRevision: Int?
        var fromRevision: Int?
    }

    /// The tool's stable snake_case name.
    public static let name = "rollback_deployment"
    /// What the tool does, written for a model.
    public static let description =
        "Rolls a Deployment back to its previous revision (or toRevision), as kubectl rollout undo does: the earlier ReplicaSet's pod template replaces the current one and the rollout proceeds within maxSurge/maxUnavailable. Use it when a new revision fails while the previous one still serves."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.restart
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
        .optional(
            "toRevision",
            .integer("The revision to return to (deployment.kubernetes.io/revision); omit for the previous one", minimum: 1)),
        .optional(
            "fromRevision",
            .integer("The failing revision this rollback undoes; when the Deployment has been rolled out past it since, nothing changes and the call fails", minimum: 1)),
    ])
    /// Annotations kubectl keeps from the Deployment instead of copying them from the ReplicaSet.
    static let keptAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
    ]
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Deployment", input.namespace, input.name)] }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.rollback(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let ref = "\(input.namespace)/\(input.name)"
        let deployments = context.client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true,
            in: .named(input.namespace))
        let deployment = try await deployments.get(input.name).json
        if deployment.value(at: ["spec", "paused"])?.boolValue == true {
            throw ToolError.precondition(
                "deployment \(ref) is paused; resume it (kubectl rollout resume deployment/\(input.name) -n \(input.namespace)) before rolling back")
        }
        let history = try await RolloutHistory.load(deployment: deployment, namespace: input.namespace, client: context.client)
        let current = history.revisions.last?.revision ?? 0
        // Decided for one revision: a fix-forward since (a newer revision) must not be undone.
        if let from = input.fromRevision, from != current {
            throw ToolError.precondition(
                "deployment \(ref) is at revision \(current), not \(from): it was rolled out since this rollback was decided, so nothing was changed; look at it again")
        }
        let target: RolloutHistory.Revision
        if let wanted = input.toRevision {
            guard let match = history.revisions.first(where: { $0.revision == wanted }) else {
                throw ToolError.precondition("unable to find revision \(wanted) of deployment \(ref); it has \(history.summary)")
            }
            target = match
        } else {
            guard history.revisions.count >= 2 else {
                throw ToolError.precondition("no rollout history found for deployment \(ref): it has \(history.summary)")
            }
            target = history.revisions[history.revisions.count - 2]
        }
        let template = RolloutHistory.withoutHash(target.template)
        if RolloutHistory.withoutHash(deployment.value(at: ["spec", "template"]) ?? .null) == template {
            return ToolOutput(
                summary: "skipped rollback of deployment \(ref): its template already matches revision \(target.revision)",
                data: ["deployment": .string(ref), "revision": .int(target.revision), "changed": false],
                dryRun: context.isDryRun)
        }
        var annotations: [String: JSONValue] = [:]
        for (key, value) in deployment.value(at: ["metadata", "annotations"])?.objectValue ?? [:]
        where Self.keptAnnotations.contains(key) {
            annotations[key] = value
        }
        for (key, value) in target.annotations where !Self.keptAnnotations.contains(key) {
            annotations[key] = .string(value)
        }
        var patch: [JSONPatchOperation] = []
        // The resourceVersion read with the history: the server refuses the patch (409) when the Deployment changed
        // since (a fix-forward between the read and the write), so a rollback never undoes what it did not look at.
        if let version = deployment.value(at: ["metadata", "resourceVersion"])?.stringValue, !version.isEmpty {
            patch.append(JSONPatchOperation(op: "replace", path: "/metadata/resourceVersion", value: .string(version)))
        }
        patch += [
            JSONPatchOperation(op: "replace", path: "/spec/template", value: template),
            // "add" replaces the annotations or creates them when the Deployment has none (RFC 6902).
            JSONPatchOperation(op: "add", path: "/metadata/annotations", value: .object(annotations)),
        ]
        _ = try await deployments.patch(input.name, .json(patch), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would roll back" : "rolled back") deployment \(ref) from revision \(current) to revision \(target.revision) (ReplicaSet \(target.replicaSet))",
            data: [
                "deployment": .string(ref), "fromRevision": .int(current), "toRevision": .int(target.revision),
                "replicaSet": .string(target.replicaSet), "changed": true,
            ],
            dryRun: context.isDryRun)
    }
}
