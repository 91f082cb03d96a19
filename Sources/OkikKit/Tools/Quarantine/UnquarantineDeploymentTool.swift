import OkikKubeClient

/// `unquarantine_deployment`: restores exactly what a quarantine recorded (replicas, HPA bounds); idempotent.
public struct UnquarantineDeploymentTool: KubeTool {
    /// The input.
    public typealias Input = ObjectInput
    /// The tool's stable snake_case name.
    public static let name = "unquarantine_deployment"
    /// What the tool does, written for a model.
    public static let description =
        "Lifts a quarantine: restores the Deployment's original replicas and any held HPA's original min/max from the okik.io/ annotations, then removes them. Idempotent: a Deployment that is not quarantined is left alone."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.quarantine
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("namespace", Fields.namespace), .required("name", Fields.deployment),
    ])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [.namespaced("Deployment", input.namespace, input.name), .collection("HorizontalPodAutoscaler", namespace: input.namespace)]
    }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.restore(ResourceRef(kind: "Deployment", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let deployments = context.client.namespaced(Deployment.self, in: .named(input.namespace))
        let deployment = try await deployments.get(input.name)
        let ref = "\(input.namespace)/\(input.name)"
        let hpaClient = context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
        let held = try await hpaClient.list().items.filter {
            $0.metadata.annotations?[QuarantineAnnotations.quarantined] == "true"
                && $0.metadata.annotations?[QuarantineAnnotations.heldFor] == input.name
        }
        guard QuarantineAnnotations.isQuarantined(deployment.metadata) || !held.isEmpty else {
            return ToolOutput(
                summary: "deployment \(ref) is not quarantined; nothing changed",
                data: ["deployment": .string(ref), "quarantined": false], dryRun: context.isDryRun)
        }
        var recordedReplicas: Int?
        if QuarantineAnnotations.isQuarantined(deployment.metadata) {
            let recorded = deployment.metadata.annotations?[QuarantineAnnotations.originalReplicas]
            guard let text = recorded, let replicas = Int(text), replicas >= 0 else {
                throw ToolError.precondition(
                    "deployment \(ref) has no valid \(QuarantineAnnotations.originalReplicas) annotation (\(recorded ?? "missing")); restore it by hand")
            }
            recordedReplicas = replicas
        }
        // The HPAs first, the Deployment last (the mirror of quarantine_deployment): while the Deployment is at zero
        // a restored HPA does not scale it, and a retry after a failure halfway still finds the Deployment's recorded
        // replicas. Restoring the Deployment first would leave a still-pinned HPA free to clamp it to 1.
        var restoredHPAs: [JSONValue] = []
        for hpa in held {
            let annotations = hpa.metadata.annotations ?? [:]
            var spec: [String: JSONValue] = [:]
            if let low = annotations[QuarantineAnnotations.originalMinReplicas].flatMap(Int.init) { spec["minReplicas"] = .int(low) }
            if let high = annotations[QuarantineAnnotations.originalMaxReplicas].flatMap(Int.init) { spec["maxReplicas"] = .int(high) }
            let patch: JSONValue = [
                "metadata": ["annotations": [
                    QuarantineAnnotations.quarantined: nil, QuarantineAnnotations.heldFor: nil,
                    QuarantineAnnotations.originalMinReplicas: nil, QuarantineAnnotations.originalMaxReplicas: nil,
                ]],
                "spec": .object(spec),
            ]
            _ = try await hpaClient.patch(hpa.name, .merge(patch), dryRun: context.dryRun)
            restoredHPAs.append(["name": .string(hpa.name), "minReplicas": spec["minReplicas"] ?? .null,
                                 "maxReplicas": spec["maxReplicas"] ?? .null])
        }
        if let replicas = recordedReplicas {
            let patch: JSONValue = [
                "metadata": [
                    "labels": [QuarantineAnnotations.quarantined: nil],
                    "annotations": [
                        QuarantineAnnotations.quarantined: nil, QuarantineAnnotations.originalReplicas: nil,
                        QuarantineAnnotations.reason: nil, QuarantineAnnotations.quarantinedAt: nil,
                        QuarantineAnnotations.quarantinedBy: nil,
                    ],
                ],
                "spec": ["replicas": .int(replicas)],
            ]
            _ = try await deployments.patch(input.name, .merge(patch), dryRun: context.dryRun)
        }
        return ToolOutput(
            summary: "\(context.isDryRun ? "would unquarantine" : "unquarantined") deployment \(ref)\(recordedReplicas.map { ": back to \($0) replicas" } ?? "")\(restoredHPAs.isEmpty ? "" : ", \(restoredHPAs.count) HPA restored")",
            data: ["deployment": .string(ref), "restoredReplicas": recordedReplicas.map { .int($0) } ?? .null,
                   "restoredHPAs": .array(restoredHPAs)],
            dryRun: context.isDryRun)
    }
}
