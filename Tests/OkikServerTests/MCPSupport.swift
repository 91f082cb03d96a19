import Foundation
import MCP
import OkikKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The MCP SDK's own client against okik-server's `/mcp` (``MCPResults`` reads what it answers).
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

    /// The JSON-RPC `initialize` request a raw HTTP client sends.
    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#
}
