import Foundation
import OkikKubeClient

/// `quarantine_deployment`: scales a failing Deployment to zero and records how to undo it; idempotent.
///
/// One merge patch sets `spec.replicas: 0` and the `okik.io/` annotations together; then an HPA targeting the
/// Deployment is annotated with its original bounds and pinned to 1-1; with the target at zero replicas the HPA
/// controller disables scaling, so the Deployment stays at zero (`minReplicas: 0` would need the alpha HPAScaleToZero
/// gate). A retry after a partial failure finishes the job and never overwrites a recorded original.
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
    ///
    /// Safe to retry after a failure halfway. The Deployment is written first, in one merge patch that records its
    /// replicas and scales it to zero together; then each HPA is annotated and pinned in one patch of its own. If the
    /// Deployment patch fails nothing was written. If an HPA patch fails, the Deployment is already at zero, where
    /// the HPA controller disables scaling, so the HPA's live bounds are still its true ones when the retry records
    /// them. An `okik.io/original-*` annotation already present is never overwritten: the first recorded original
    /// wins until `unquarantine_deployment` clears it. (Pinning the HPA first was unsafe: a failed Deployment patch
    /// left the HPA at 1-1, it scaled the Deployment to 1, and the retry recorded 1 as every original.)
    /// Each patch carries the resourceVersion it was computed from, so a concurrent change fails it instead of being
    /// recorded as an original.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        let ref = "\(input.namespace)/\(input.name)"
        let annotations = deployment.metadata.annotations ?? [:]
        let hpaClient = context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
        let unheld = try await HPALookup.targeting(input.name, namespace: input.namespace, client: context.client)
            .filter { !isHeld($0, for: input.name) }
        let alreadyQuarantined = QuarantineAnnotations.isQuarantined(deployment.metadata)
        let recorded = annotations[QuarantineAnnotations.originalReplicas]
        if alreadyQuarantined, deployment.spec?.replicas == 0, unheld.isEmpty {
            return ToolOutput(
                // The annotations are anyone's with patch rights: shown only as a time OKIK re-renders and a caller
                // of at most 100 plain characters, never echoed as written.
                summary: "deployment \(ref) is already quarantined (since \(annotations[QuarantineAnnotations.quarantinedAt].flatMap { Timestamp(rfc3339: $0)?.rfc3339 } ?? "?") by \(annotations[QuarantineAnnotations.quarantinedBy].flatMap { $0.count <= 100 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ":@._-".contains($0)) } ? $0 : nil } ?? "?")); nothing changed",
                data: ["deployment": .string(ref), "alreadyQuarantined": true, "originalReplicas": .string(recorded ?? "?")],
                dryRun: context.isDryRun)
        }
        let original = recorded.flatMap(Int.init) ?? deployment.spec?.replicas ?? 1
        if !alreadyQuarantined || deployment.spec?.replicas != 0 {
            let written: [String: JSONValue] = [
                QuarantineAnnotations.originalReplicas: .string(String(original)),
                QuarantineAnnotations.reason: .string(String(input.reason.prefix(500))),
                QuarantineAnnotations.quarantinedAt: .string(Timestamp(context.clock.now).rfc3339),
                QuarantineAnnotations.quarantinedBy: .string(context.caller.description),
            ].filter { annotations[$0.key] == nil }
            let patch: JSONValue = [
                "metadata": Self.guarded(deployment.metadata, [
                    "labels": [QuarantineAnnotations.quarantined: "true"],
                    "annotations": .object(written.merging([QuarantineAnnotations.quarantined: "true"]) { $1 }),
                ]),
                "spec": ["replicas": 0],
            ]
            _ = try await deployments.patch(input.name, .merge(patch), dryRun: context.dryRun)
        }
        var heldHPAs: [JSONValue] = []
        // The Deployment is at zero from here: a failure holding its autoscalers says so (a retry finishes the job).
        let scaledToZero = context.isDryRun ? [] : ["set deployment \(ref) to 0 replicas (it had \(original))"]
        for hpa in unheld {
            let existing = hpa.metadata.annotations ?? [:]
            let originals: [String: JSONValue] = [
                QuarantineAnnotations.originalMinReplicas: .string(String(hpa.spec?.minReplicas ?? 1)),
                QuarantineAnnotations.originalMaxReplicas: .string(String(hpa.spec?.maxReplicas ?? 1)),
            ].filter { existing[$0.key] == nil }
            let patch: JSONValue = [
                "metadata": Self.guarded(hpa.metadata, [
                    "annotations": .object(originals.merging([
                        QuarantineAnnotations.quarantined: "true", QuarantineAnnotations.heldFor: .string(input.name),
                    ]) { $1 }),
                ]),
                "spec": ["minReplicas": 1, "maxReplicas": 1],
            ]
            do {
                _ = try await hpaClient.patch(hpa.name, .merge(patch), dryRun: context.dryRun)
            } catch {
                let held = context.isDryRun ? [] : heldHPAs.compactMap(\.stringValue).map { "held HPA \($0) at 1 replica" }
                throw PartlyAppliedError.wrapping(error, applied: scaledToZero + held)
            }
            heldHPAs.append(.string(hpa.name))
        }
        return ToolOutput(
            summary: "\(context.isDryRun ? "would quarantine" : "quarantined") deployment \(ref): \(original) -> 0 replicas\(heldHPAs.isEmpty ? "" : ", holding \(heldHPAs.count) HPA")",
            data: ["deployment": .string(ref), "originalReplicas": .int(original), "heldHPAs": .array(heldHPAs),
                   "reason": .string(input.reason)],
            dryRun: context.isDryRun)
    }

    /// Patch metadata that carries the read object's resourceVersion, so the server refuses it after a concurrent change.
    static func guarded(_ read: ObjectMeta, _ metadata: [String: JSONValue]) -> JSONValue {
        var metadata = metadata
        if let version = read.resourceVersion, !version.isEmpty { metadata["resourceVersion"] = .string(version) }
        return .object(metadata)
    }

    /// Whether an HPA is already held for the Deployment: marked, with both originals recorded, and pinned to 1-1.
    func isHeld(_ hpa: HorizontalPodAutoscaler, for deployment: String) -> Bool {
        let annotations = hpa.metadata.annotations ?? [:]
        return annotations[QuarantineAnnotations.quarantined] == "true" && annotations[QuarantineAnnotations.heldFor] == deployment
            && annotations[QuarantineAnnotations.originalMinReplicas] != nil
            && annotations[QuarantineAnnotations.originalMaxReplicas] != nil
            && hpa.spec?.minReplicas == 1 && hpa.spec?.maxReplicas == 1
    }
}
