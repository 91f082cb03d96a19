import Hummingbird
import Logging
import OkikKit

/// Serves okik-server's routes over a runtime on 127.0.0.1, at a free port, while `body` runs, then stops: how
/// okikctl runs OKIK in process with exactly the server's behaviour (the same routes, roles and answers) when no
/// server is deployed. Only the runtime's routes run; its background services (watchdog, agent) do not.
/// - Parameters:
///   - configuration: Tokens, mode and limits; its host and port are ignored.
///   - body: Gets the bound port.
public func withLoopbackServer<T: Sendable>(
    configuration: ServerConfiguration, runtime: OkikRuntime, logger: Logger,
    _ body: @Sendable (Int) async throws -> T
) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: buildRouter(configuration: configuration, runtime: runtime),
        configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: configuration.serverName),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await app.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw LoopbackServerError()
        }
        do {
            let result = try await body(port)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// The loopback server could not bind a port.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// What happened.
    public var description: String { "okik-server's routes could not listen on 127.0.0.1" }
}
