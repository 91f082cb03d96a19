import Foundation
import OkikKubeClient

/// `quarantine_deployment`: scales a failing Deployment to zero and records how to undo it; idempotent.
///
/// One merge patch sets `spec.replicas: 0` and the `okik.io/` annotations together. An HPA targeting the Deployment
/// is annotated with its original bounds and pinned to 1-1; with the target at zero replicas the HPA controller
/// disables scaling, so the Deployment stays at zero (`minReplicas: 0` would need the alpha HPAScaleToZero gate).
public struct QuarantineDeploymentTool: KubeTool {
    /// The Deployment and why.
    public struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
        var reason: String
    }

    /// The tool's stable snake_case name.
    public static let name = "quarantine_deployment"
    /// What the tool does, written for a model.
    public static let description =
        "Quarantines a failing Deployment: scales it to zero and records the original replicas, reason, time and actor in okik.io/ annotations; an HPA targeting it is held so it stays at zero. Idempotent; undo with unquarantine_deployment."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.quarantine
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
        .required("reason", .string("Why, such as 'CrashLoopBackOff: 14 restarts in 10 minutes'", maxLength: 500)),
    ])
    /// Creates the tool.
    public init() {}

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        if input.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ToolError.invalidValue("reason", "must not be empty")
        }
    }

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [.namespaced("Deployment", input.namespace, input.name), .collection("HorizontalPodAutoscaler", namespace: input.namespace)]
    }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.quarantine(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        let ref = "\(input.namespace)/\(input.name)"
        let annotations = deployment.metadata.annotations ?? [:]
        if QuarantineAnnotations.isQuarantined(deployment.metadata) {
            return ToolOutput(
                summary: "deployment \(ref) is already quarantined (since \(annotations[QuarantineAnnotations.quarantinedAt] ?? "?") by \(annotations[QuarantineAnnotations.quarantinedBy] ?? "?")); nothing changed",
                data: ["deployment": .string(ref), "alreadyQuarantined": true,
                       "originalReplicas": .string(annotations[QuarantineAnnotations.originalReplicas] ?? "?")],
                dryRun: context.isDryRun)
        }
        let original = deployment.spec?.replicas ?? 1
        let now = Timestamp(context.clock.now).rfc3339
        var heldHPAs: [JSONValue] = []
        let hpaClient = context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
        for hpa in try await HPALookup.targeting(input.name, namespace: input.namespace, client: context.client) {
            let patch: JSONValue = [
                "metadata": ["annotations": [
                    QuarantineAnnotations.quarantined: "true", QuarantineAnnotations.heldFor: .string(input.name),
                    QuarantineAnnotations.originalMinReplicas: .string(String(hpa.spec?.minReplicas ?? 1)),
                    QuarantineAnnotations.originalMaxReplicas: .string(String(hpa.spec?.maxReplicas ?? 1)),
                ]],
                "spec": ["minReplicas": 1, "maxReplicas": 1],
            ]
            _ = try await hpaClient.patch(hpa.name, .merge(patch), dryRun: context.dryRun)
            heldHPAs.append(.string(hpa.name))
        }
        let patch: JSONValue = [
            "metadata": [
                "labels": [QuarantineAnnotations.quarantined: "true"],
                "annotations": [
                    QuarantineAnnotations.quarantined: "true",
                    QuarantineAnnotations.originalReplicas: .string(String(original)),
                    QuarantineAnnotations.reason: .string(String(input.reason.prefix(500))),
                    QuarantineAnnotations.quarantinedAt: .string(now),
                    QuarantineAnnotations.quarantinedBy: .string(context.caller.description),
                ],
            ],
            "spec": ["replicas": 0],
        ]
        _ = try await deployments.patch(input.name, .merge(patch), dryRun: context.dryRun)
        return ToolOutput(
            summary: "\(context.isDryRun ? "would quarantine" : "quarantined") deployment \(ref): \(original) -> 0 replicas\(heldHPAs.isEmpty ? "" : ", holding \(heldHPAs.count) HPA")",
            data: ["deployment": .string(ref), "originalReplicas": .int(original), "heldHPAs": .array(heldHPAs),
                   "reason": .string(input.reason)],
            dryRun: context.isDryRun)
    }
}
