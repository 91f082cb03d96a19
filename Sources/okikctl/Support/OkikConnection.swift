import Foundation
import Logging
import OkikKit
import OkikServer

/// How a command reaches OKIK: okik-server at `--server`, okik-server deployed in the cluster (through the
/// Kubernetes API server's service proxy, with the kubeconfig's credentials), or, where no server is deployed and
/// the command makes sense alone, OKIK in this process with a local state database.
struct OkikConnection {
    /// Where the server was found.
    enum Place: Equatable {
        /// `--server URL`.
        case url(String)
        /// A Service in the cluster, reached through the API server's proxy.
        case service(namespace: String, name: String)

        var description: String {
            switch self {
            case .url(let url): url
            case .service(let namespace, let name): "service \(namespace)/\(name) (through the Kubernetes API proxy)"
            }
        }
    }

    /// The server's client.
    let server: OkikServerClient
    /// Where it is.
    let place: Place
    /// The cluster's client, when the kubeconfig could be loaded (closed by ``close()``).
    let kube: KubeClient?

    /// Shuts the cluster's client down.
    func close() async {
        try? await kube?.shutdown()
    }

    /// No okik-server could be found; `inProcessPossible` commands run OKIK in this process instead.
    struct NotDeployed: Error, CustomStringConvertible {
        var detail: String
        var description: String {
            "no OKIK server found: \(detail). Deploy one (okikctl deploy), or pass --server URL"
        }
    }

    /// Connects to okik-server: `--server`, else the agent's or the watchdog's Service in okik-system.
    /// - Throws: ``NotDeployed`` when neither Service exists; kubeconfig errors when there is no `--server` and the
    ///   kubeconfig cannot be used.
    static func connect(_ options: GlobalOptions, logger: Logger, timeout: Duration = .seconds(60)) async throws -> OkikConnection {
        if let url = options.server {
            let kube = try? KubeClient(
                config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
            let token = options.explicitToken
            let server = OkikServerClient(baseURL: url, token: token, timeout: timeout)
            return OkikConnection(server: server, place: .url(url), kube: kube)
        }
        let kube = try KubeClient(
            config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
        do {
            guard let service = try await findService(kube) else {
                throw NotDeployed(
                    detail: "neither Service \(OkikInstallation.agentService) nor \(OkikInstallation.watchdogService) "
                        + "exists in namespace \(OkikInstallation.namespace)")
            }
            var token = options.explicitToken
            if token == nil { token = try await tokenFromSecret(kube, logger: logger) }
            let server = OkikServerClient(proxyingThrough: kube, service: service, token: token, timeout: timeout)
            return OkikConnection(
                server: server, place: .service(namespace: OkikInstallation.namespace, name: service), kube: kube)
        } catch {
            try? await kube.shutdown()
            throw error
        }
    }

    /// The agent's Service if it exists, else the watchdog's, else nil.
    private static func findService(_ kube: KubeClient) async throws -> String? {
        let services = kube.namespaced(Service.self, in: .named(OkikInstallation.namespace))
        for name in [OkikInstallation.agentService, OkikInstallation.watchdogService] {
            do {
                _ = try await services.get(name)
                return name
            } catch let error as KubeError where error.code == .notFound {
                continue
            }
        }
        return nil
    }

    /// The strongest token in the okik-api-tokens Secret, when the kubeconfig's user may read it; nil otherwise.
    static func tokenFromSecret(_ kube: KubeClient, logger: Logger) async throws -> String? {
        do {
            let secret = try await kube.namespaced(Secret.self, in: .named(OkikInstallation.namespace))
                .get(OkikInstallation.tokensSecret)
            guard let encoded = secret.data?[OkikInstallation.tokensSecretKey],
                let bytes = Data(base64Encoded: encoded), let text = String(data: bytes, encoding: .utf8)
            else { return nil }
            let tokens = try TokenFile.parse(text)
            return tokens.entries.max { $0.role < $1.role }?.token
        } catch let error as KubeError where [.notFound, .forbidden, .unauthorized].contains(error.code) {
            logger.debug("no token from the Secret \(OkikInstallation.tokensSecret): \(error)")
            return nil
        } catch let error as TokenFileError {
            logger.warning("the Secret \(OkikInstallation.tokensSecret) holds no usable token file: \(error)")
            return nil
        }
    }
}
