import OkikKubeClient

/// `get_pvcs`: PersistentVolumeClaims with phase, capacity, storage class and volume.
public struct GetPVCsTool: KubeTool {
    /// The input.
    public typealias Input = ListInput
    /// The tool's stable snake_case name.
    public static let name = "get_pvcs"
    /// What the tool does, written for a model.
    public static let description =
        "Lists PersistentVolumeClaims with phase (Bound, Pending, Lost), requested and actual capacity, storage class, access modes and volume."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ListInput.schema("claims")
    /// Creates the tool.
    public init() {}

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] { input.targets("PersistentVolumeClaim") }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let claims = try await context.client.namespaced(PersistentVolumeClaim.self, in: input.selector)
            .list(input.options).items
        let items = claims.map { claim -> JSONValue in
            Compact.object([
                "namespace": claim.namespace.map { .string($0) } ?? .null, "name": .string(claim.name),
                "phase": claim.status?.phase.map { .string($0) } ?? .null,
                "requested": claim.spec?.resources?.requests?["storage"].map { .string($0.description) } ?? .null,
                "capacity": claim.status?.capacity?["storage"].map { .string($0.description) } ?? .null,
                "storageClass": claim.spec?.storageClassName.map { .string($0) } ?? .null,
                "accessModes": claim.spec?.accessModes.map { .array($0.map { .string($0) }) } ?? .null,
                "volume": claim.spec?.volumeName.map { .string($0) } ?? .null,
            ])
        }
        return Compact.output(items, noun: "claims", scope: input.namespace, context: context, limit: input.limit)
    }
}
