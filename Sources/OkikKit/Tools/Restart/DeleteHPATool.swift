import OkikKubeClient

/// `delete_hpa`: deletes a HorizontalPodAutoscaler, leaving its Deployment at its current replicas.
public struct DeleteHPATool: KubeTool {
    /// The input.
    public typealias Input = ObjectInput
    /// The tool's stable snake_case name.
    public static let name = "delete_hpa"
    /// What the tool does, written for a model.
    public static let description =
        "Deletes a HorizontalPodAutoscaler; the target keeps its current replica count. Refused while OKIK holds the HPA for a quarantine."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.restart
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([.required("namespace", Fields.namespace), .required("name", Fields.hpa)])
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [.namespaced("HorizontalPodAutoscaler", input.namespace, input.name)]
    }

    /// What the call does to serving capacity, for the remediation guards.
    public func effects(_ input: Input) -> [RemediationEffect] {
        [.removeAutoscaler(ResourceRef(kind: "HorizontalPodAutoscaler", namespace: input.namespace, name: input.name))]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let hpas = context.client.namespaced(HorizontalPodAutoscaler.self, in: .named(input.namespace))
        let hpa = try await hpas.get(input.name)
        if hpa.metadata.annotations?[QuarantineAnnotations.quarantined] == "true" {
            throw ToolError.precondition(
                "HPA \(input.namespace)/\(input.name) is held for a quarantined deployment; unquarantine it first")
        }
        try await hpas.delete(input.name, dryRun: context.dryRun)
        let target = hpa.spec?.scaleTargetRef
        return ToolOutput(
            summary: "\(context.isDryRun ? "would delete" : "deleted") HPA \(input.namespace)/\(input.name) (target \(target?.kind ?? "?")/\(target?.name ?? "?"))",
            data: ["hpa": .string("\(input.namespace)/\(input.name)"), "target": .string("\(target?.kind ?? "?")/\(target?.name ?? "?")")],
            dryRun: context.isDryRun)
    }
}
