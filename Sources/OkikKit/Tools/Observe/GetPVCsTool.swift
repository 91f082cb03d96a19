import OkikKubeClient

/// `get_pvcs`: PersistentVolumeClaims with phase, capacity, storage class and volume.
public struct GetPVCsTool: KubeTool {
    public typealias Input = ListInput
    public static let name = "get_pvcs"
    public static let description =
        "Lists PersistentVolumeClaims with phase (Bound, Pending, Lost), requested and actual capacity, storage class, access modes and volume."
    public static let package = ToolPackage.observe
    public static let inputSchema = ListInput.schema("claims")
    /// Creates the tool.
    public init() {}

    public func targets(_ input: Input) -> [ToolTarget] { input.targets("PersistentVolumeClaim") }

    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let claims = try await context.client.namespaced(PersistentVolumeClaim.self, in: input.selector)
            .list(input.options).items
        let items = claims.map { claim -> OkikKubeClient.JSONValue in
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
