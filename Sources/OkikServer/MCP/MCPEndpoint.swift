import Foundation
import Logging
import MCP
import OkikKit

/// OKIK as an MCP server over a composed runtime: the tool registry's tools behind the gate (every call decided,
/// audited and redacted when it is made), OKIK's state as resources, and prompts. It makes one ``MCPSession`` per
/// client: over standard input and output (`okikctl mcp`) or per streamable HTTP session (okik-server's `/mcp`).
///
/// ```swift
/// let runtime = try await OkikRuntime.start(configuration, logger: logger)
/// try await MCPEndpoint(runtime: runtime, logger: logger).serveStandardIO()
/// ```
public struct MCPEndpoint: Sendable {
    /// The runtime whose gate decides every call.
    public let runtime: OkikRuntime
    /// Subscriptions, scans and HTTP sessions.
    public let configuration: MCPConfiguration
    /// The mode okik://status reports.
    public let mode: ServerMode
    let findings: MCPFindingsCache
    let logger: Logger

    /// Creates an endpoint; nothing runs until a session starts. `mode` is what okik://status reports (by default
    /// agent mode when the runtime has an agent, else watchdog mode).
    public init(
        runtime: OkikRuntime, mode: ServerMode? = nil, configuration: MCPConfiguration = MCPConfiguration(),
        logger: Logger
    ) {
        self.runtime = runtime
        self.mode = mode ?? (runtime.agent == nil ? .watchdog : .agent)
        self.configuration = configuration
        self.logger = logger
        findings = MCPFindingsCache(runtime: runtime, maxAge: configuration.findingsMaxAge)
    }

    /// A new session whose calls are made as `identity`.
    public func session(identity: MCPIdentity) async -> MCPSession {
        await MCPSession(endpoint: self, identity: identity)
    }

    /// Serves one client on standard input and output (newline-delimited JSON-RPC) until it closes standard input.
    /// Nothing else may write to standard output meanwhile: logs go to standard error.
    /// - Throws: when standard input or output cannot be used.
    public func serveStandardIO() async throws {
        let session = await session(identity: .client)
        let transport = MCPDrainingTransport(StdioTransport(logger: logger), logger: logger)
        try await session.start(on: transport)
        await session.waitUntilCompleted()
        // A client may close its input right after its last requests: answer them before stopping.
        await transport.drain(within: .seconds(30))
        await session.stop()
    }
}
