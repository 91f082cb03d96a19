import Foundation
import Logging
import OkikKit
import OkikLLM

/// A command's way to OKIK: a deployed okik-server, or (where the command makes sense alone and no server is
/// deployed) OKIK in this process. Either way the command talks to okik-server's API through ``server``.
struct OkikSession: Sendable {
    /// Where OKIK is.
    enum Mode: Sendable, Equatable {
        /// A deployed server (`--server`, or a Service through the API server's proxy).
        case server(String)
        /// In this process, with the local state database.
        case inProcess(database: String)

        /// For people: `server service okik-system/okik-agent ...` or `in process (state in ~/.okik/okik.db)`.
        var description: String {
            switch self {
            case .server(let place): "server \(place)"
            case .inProcess(let database): "in process (state in \(database))"
            }
        }

        /// For JSON: `server` or `in-process`.
        var name: String {
            switch self {
            case .server: "server"
            case .inProcess: "in-process"
            }
        }
    }

    /// okik-server's API.
    let server: OkikServerClient
    /// Where it is.
    let mode: Mode
    /// The cluster's client from the kubeconfig, when it could be loaded.
    let kube: KubeClient?

    /// Runs `body` with a session: the deployed server, else (when `inProcess` is true) OKIK in this process, said
    /// on standard error.
    static func with<T: Sendable>(
        _ options: GlobalOptions, inProcess: Bool, model: (any ChatModel)? = nil, logger: Logger,
        _ body: @Sendable (OkikSession) async throws -> T
    ) async throws -> T {
        let connection: OkikConnection
        do {
            connection = try await OkikConnection.connect(options, logger: logger)
        } catch let error as OkikConnection.NotDeployed where inProcess {
            logger.debug("\(error)")
            note("no OKIK server in the cluster; running OKIK in this process (state in \(LocalOkik.databasePath))")
            return try await LocalOkik.with(options, model: model, logger: logger) { server in
                let kube = try? KubeClient(
                    config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context,
                    logger: logger)
                do {
                    let result = try await body(
                        OkikSession(server: server, mode: .inProcess(database: LocalOkik.databasePath), kube: kube))
                    try? await kube?.shutdown()
                    return result
                } catch {
                    try? await kube?.shutdown()
                    throw error
                }
            }
        }
        do {
            let result = try await body(
                OkikSession(server: connection.server, mode: .server(connection.place.description), kube: connection.kube))
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// A line on standard error, sanitised for the terminal (it often quotes the server or the cluster).
func note(_ text: String) {
    FileHandle.standardError.write(Data("okikctl: \(Terminal.sanitise(text))\n".utf8))
}
