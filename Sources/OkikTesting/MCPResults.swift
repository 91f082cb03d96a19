import Foundation
import MCP

/// Calls and reads through the MCP SDK's client, bounded in time, and what its answers hold: shared by the tests of
/// okik-server's `/mcp` and of `okikctl mcp`.
public enum MCPResults {
    /// Thrown when an MCP answer does not come in time.
    public struct Timeout: Error, CustomStringConvertible {
        /// How long was waited.
        public var limit: Duration
        /// Says so.
        public var description: String { "no MCP answer within \(limit)" }
    }

    /// `body`'s value, or ``Timeout`` after `limit`.
    public static func within<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Timeout(limit: limit) }
            return value
        }
    }

    /// Calls a tool and returns the whole result (text, structured content, isError), waiting at most `limit`.
    public static func call(
        _ client: MCP.Client, _ tool: String, _ arguments: [String: MCP.Value] = [:], limit: Duration = .seconds(60)
    ) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.send(
            CallTool.request(.init(name: tool, arguments: arguments)))
        return try await within(limit) { try await context.value }
    }

    /// The text items of a result, joined.
    public static func text(_ result: CallTool.Result) -> String {
        result.content.compactMap { item -> String? in
            if case .text(let text, _, _) = item { return text }
            return nil
        }.joined(separator: "\n")
    }

    /// Everything a result carries, as one string: its texts and its structured content as JSON.
    public static func everything(_ result: CallTool.Result) throws -> String {
        let structured = try result.structuredContent.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? ""
        return text(result) + "\n" + structured
    }

    /// The text of a resource.
    public static func read(_ client: MCP.Client, _ uri: String) async throws -> String {
        try await client.readResource(uri: uri).compactMap(\.text).joined(separator: "\n")
    }

    /// The plan id a queued call's structured content names.
    public static func planID(_ result: CallTool.Result) -> String? {
        guard case .object(let members)? = result.structuredContent, case .object(let plan)? = members["plan"] else { return nil }
        return plan["id"]?.stringValue
    }
}
