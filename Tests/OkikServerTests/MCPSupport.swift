import Foundation
import MCP
import OkikKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The MCP SDK's own client against okik-server's `/mcp`, and helpers to read what it answers.
enum MCPSupport {
    /// A client connected (and initialized) over streamable HTTP as the holder of `token`. On Linux the SDK's client
    /// reads only JSON answers, which is what /mcp sends; it opens no event stream.
    static func client(port: Int, token: String, name: String = "okik-tests") async throws -> MCP.Client {
        let transport = HTTPClientTransport(
            endpoint: URL(string: "http://127.0.0.1:\(port)/mcp")!, streaming: false,
            requestModifier: { request in
                var request = request
                request.setValue(token, forHTTPHeaderField: "X-Okik-Token")
                return request
            })
        let client = MCP.Client(name: name, version: "1.0")
        try await client.connect(transport: transport)
        return client
    }

    /// Calls a tool and returns the whole result (text, structured content, isError).
    static func call(_ client: MCP.Client, _ tool: String, _ arguments: [String: MCP.Value] = [:]) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.send(CallTool.request(.init(name: tool, arguments: arguments)))
        return try await context.value
    }

    /// The text items of a result, joined.
    static func text(_ result: CallTool.Result) -> String {
        result.content.compactMap { item -> String? in
            if case .text(let text, _, _) = item { return text }
            return nil
        }.joined(separator: "\n")
    }

    /// Everything a result carries, as one string: its texts and its structured content as JSON.
    static func everything(_ result: CallTool.Result) throws -> String {
        let structured = try result.structuredContent.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? ""
        return text(result) + "\n" + structured
    }

    /// The text of a resource.
    static func read(_ client: MCP.Client, _ uri: String) async throws -> String {
        try await client.readResource(uri: uri).compactMap(\.text).joined(separator: "\n")
    }

    /// The plan id a queued call's structured content names.
    static func planID(_ result: CallTool.Result) -> String? {
        guard case .object(let members)? = result.structuredContent, case .object(let plan)? = members["plan"] else { return nil }
        return plan["id"]?.stringValue
    }

    /// The JSON-RPC `initialize` request a raw HTTP client sends.
    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#
}
