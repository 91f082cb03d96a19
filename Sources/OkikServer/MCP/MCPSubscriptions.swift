import Foundation
import Logging
import MCP

/// One session's resource subscriptions: what each subscribed document looked like when last checked, and the
/// loop that checks them every ``MCPConfiguration/subscriptionInterval`` (and at once after a tool call) and tells
/// the client `notifications/resources/updated` when one changed.
actor MCPSubscriptions {
    private let resources: MCPResources
    private let interval: Duration
    private let limit: Int
    private let logger: Logger
    private var fingerprints: [String: String] = [:]
    private var loop: Task<Void, Never>?
    private let (pokes, poker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    init(resources: MCPResources, interval: Duration, limit: Int, logger: Logger) {
        self.resources = resources
        self.interval = interval
        self.limit = limit
        self.logger = logger
    }

    /// The URIs subscribed to.
    var uris: [String] { fingerprints.keys.sorted() }

    /// Subscribes to a resource; starts checking on the first subscription. `server` is told about changes.
    /// - Throws: `MCPError` -32002 for a resource OKIK does not serve or that does not exist (a namespace that is
    ///   not there); -32000 when the session already holds ``MCPConfiguration/maxSubscriptionsPerSession``.
    func subscribe(_ uri: String, server: MCP.Server) async throws {
        guard resources.isKnown(uri) else { throw MCPError.serverError(code: -32002, message: "Resource not found: \(uri)") }
        guard fingerprints[uri] != nil || fingerprints.count < limit else { throw Self.tooMany(limit) }
        let fingerprint: String
        do {
            fingerprint = try await resources.fingerprint(uri)
        } catch let error as MCPError where error.code == -32002 {
            throw error
        } catch {
            // Exists, but cannot be read now (the cluster is unreachable): the loop tells of it once it can.
            fingerprint = ""
        }
        // Checked again: another subscription may have come in while the fingerprint was read.
        guard fingerprints[uri] != nil || fingerprints.count < limit else { throw Self.tooMany(limit) }
        fingerprints[uri] = fingerprint
        guard loop == nil else { return }
        let pokes = pokes
        let interval = interval
        loop = Task { [weak self, weak server] in
            await withTaskGroup(of: Void.self) { group in
                // A tick every interval, or a poke after a tool call, whichever comes first.
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        await self?.poke()
                    }
                }
                group.addTask {
                    for await _ in pokes {
                        guard let self, let server else { return }
                        await self.check(server)
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    static func tooMany(_ limit: Int) -> MCPError {
        MCPError.serverError(
            code: -32000, message: "Too many subscriptions: a session holds at most \(limit); unsubscribe from one first")
    }

    /// Ends a subscription.
    func unsubscribe(_ uri: String) {
        fingerprints[uri] = nil
    }

    /// Asks for a check now (after a tool call that may have changed plans or the audit).
    func poke() {
        if loop != nil { poker.yield() }
    }

    /// Stops checking.
    func stop() {
        loop?.cancel()
        loop = nil
        poker.finish()
    }

    private func check(_ server: MCP.Server) async {
        for uri in fingerprints.keys.sorted() {
            guard let now = try? await resources.fingerprint(uri), fingerprints[uri] != nil, fingerprints[uri] != now else {
                continue
            }
            fingerprints[uri] = now
            do {
                try await server.notify(ResourceUpdatedNotification.message(.init(uri: uri)))
            } catch {
                logger.debug("cannot notify a subscriber", metadata: ["okik.mcp.uri": "\(uri)", "okik.error": "\(error)"])
            }
        }
    }
}
