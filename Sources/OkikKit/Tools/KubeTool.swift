import OkikKubeClient

/// A tool OKIK (or an embedding program) can run against a cluster, always through the ``GatedToolExecutor``.
///
/// The package is declared by the tool's code and enforced; it never comes from a model.
/// ```swift
/// struct CountPodsTool: KubeTool {
///     struct Input: Decodable, Sendable { var namespace: String }
///     static let name = "count_pods"
///     static let description = "Counts the pods of a namespace."
///     static let package = ToolPackage.observe
///     static let inputSchema = ToolSchema.object([.required("namespace", .dnsLabel("Namespace"))])
///     func targets(_ input: Input) -> [ToolTarget] { [.collection("Pod", namespace: input.namespace)] }
///     func run(_ input: Input, context: ToolContext) async throws -> ToolOutput { ... }
/// }
/// ```
public protocol KubeTool: Sendable {
    /// The typed input, decoded from the call's JSON arguments after schema validation.
    associatedtype Input: Decodable & Sendable

    /// A stable snake_case name; never renamed.
    static var name: String { get }
    /// What the tool does, written for a model.
    static var description: String { get }
    /// The risk package, enforced by the gatekeeper.
    static var package: ToolPackage { get }
    /// The JSON Schema of ``Input``.
    static var inputSchema: ToolSchema { get }
    /// Whether every write of the tool honours ``ToolContext/dryRun`` (approval previews); true by default.
    static var supportsDryRun: Bool { get }

    /// Checks what the schema cannot express; called before ``targets(_:)``.
    /// - Throws: ``ToolError`` naming the field at fault.
    func validate(_ input: Input) throws(ToolError)
    /// The resources the call reads or changes, so guards can see them before it runs.
    func targets(_ input: Input) -> [ToolTarget]
    /// What the call does to serving capacity, so the remediation guards can judge it; none by default.
    func effects(_ input: Input) -> [RemediationEffect]
    /// Runs the call; every write must pass `context.dryRun`.
    /// - Throws: ``ToolError`` for preconditions, ``KubeError`` from the API.
    func run(_ input: Input, context: ToolContext) async throws -> ToolOutput
}

extension KubeTool {
    /// Dry runs are supported unless a tool says otherwise.
    public static var supportsDryRun: Bool { true }
    /// No checks beyond the schema.
    public func validate(_ input: Input) throws(ToolError) {}
    /// No declared effects: the guards judge the call by its targets alone.
    public func effects(_ input: Input) -> [RemediationEffect] { [] }
}

/// A tool call that decoded and validated, with its package and targets known, ready for the gatekeeper.
public struct PreparedToolCall: Sendable {
    /// The call as requested.
    public let invocation: ToolInvocation
    /// The tool's package.
    public let package: ToolPackage
    /// The resources it touches.
    public let targets: [ToolTarget]
    /// Whether its writes can be dry runs.
    public let supportsDryRun: Bool
    /// What it does to serving capacity.
    public let effects: [RemediationEffect]
    let body: @Sendable (ToolContext) async throws -> ToolOutput

    /// Runs the call. Internal: only the executor runs tools.
    func run(context: ToolContext) async throws -> ToolOutput {
        try await body(context)
    }
}

extension KubeTool {
    /// Decodes, validates and binds an invocation of this tool.
    func prepare(_ invocation: ToolInvocation) throws(ToolError) -> PreparedToolCall {
        let input = try ToolArguments.decode(Input.self, from: invocation.arguments, schema: Self.inputSchema)
        try validate(input)
        return PreparedToolCall(
            invocation: invocation, package: Self.package, targets: targets(input),
            supportsDryRun: Self.supportsDryRun, effects: effects(input),
            body: { context in try await self.run(input, context: context) })
    }
}
