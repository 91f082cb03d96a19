import Foundation
import Logging
import OkikKit
import OkikLLM
import OkikServer

/// OKIK in this process, for when no server is deployed: the runtime against the kubeconfig's cluster, with its
/// state in a local SQLite database (`~/.okik/okik.db`, or `$OKIK_HOME/okik.db`), served by okik-server's own routes
/// on 127.0.0.1 for the length of one command, under a token made for it. Commands therefore behave the same in
/// both modes. Nothing runs in the background: no watchdog, no agent loop.
enum LocalOkik {
    /// Where the local state lives.
    static var databasePath: String {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["OKIK_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.okik"
        return home + "/okik.db"
    }

    /// The person running okikctl: `$USER`.
    static var person: String {
        ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "okikctl"
    }

    /// Runs `body` with a client of OKIK started in this process.
    /// - Throws: kubeconfig errors, or when the database cannot be created or opened.
    static func with<T: Sendable>(
        _ options: GlobalOptions, model: (any ChatModel)? = nil, logger: Logger,
        _ body: @Sendable (OkikServerClient) async throws -> T
    ) async throws -> T {
        let path = databasePath
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create \(directory) for OKIK's local state: \(error.localizedDescription)")
        }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .kubeconfig(path: options.kubeconfig, context: options.context), audit: .sqlite(path: path),
                model: model),
            logger: logger)
        let token = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        let configuration = ServerConfiguration(
            tokens: TokenFile(entries: [TokenFile.Entry(role: .admin, name: person, token: token)]))
        do {
            // The loopback server's own shutdown (cancelled when the command ends) is not worth a person's attention.
            var serverLogger = logger
            if logger.logLevel > .debug { serverLogger.logLevel = .critical }
            let result = try await withLoopbackServer(configuration: configuration, runtime: runtime, logger: serverLogger) { port in
                try await body(OkikServerClient(baseURL: "http://127.0.0.1:\(port)", token: token))
            }
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
