import Foundation
import OkikKit

/// Who an MCP session's tool calls are made as, recorded by the gate and the audit as `mcp:NAME`.
public enum MCPIdentity: Sendable, Hashable {
    /// The client's own name, from `clientInfo` in its `initialize` request (stdio: `okikctl mcp`).
    case client
    /// The holder of an okik-server token: its NAME (streamable HTTP at `/mcp`).
    case token(name: String)

    /// The caller for a session whose client said `clientName` at initialize (nil before it did).
    func caller(clientName: String?) -> Caller {
        switch self {
        case .token(let name): Caller(.mcp, name)
        case .client: Caller(.mcp, Self.sanitized(clientName))
        }
    }

    /// A client-chosen name made safe for the audit: printable, no spaces, at most 64 characters.
    static func sanitized(_ name: String?) -> String {
        let cleaned = String(
            (name ?? "").unicodeScalars.map { scalar -> Character in
                scalar.properties.isWhitespace || scalar.properties.generalCategory == .control ? "-" : Character(scalar)
            }
            .prefix(64))
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return cleaned.isEmpty ? "unnamed-client" : cleaned
    }
}
