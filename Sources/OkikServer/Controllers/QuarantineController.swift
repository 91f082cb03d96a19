import Hummingbird
import OkikKit

/// GET /quarantine (`?namespace=`): the Deployments in quarantine, read from the cluster (both modes).
struct QuarantineController {
    let runtime: OkikRuntime

    func list(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let namespace = request.uri.queryParameters.get("namespace").flatMap { $0.isEmpty ? nil : String($0) }
        let deployments = try await QuarantinedDeployment.list(client: runtime.client, namespace: namespace)
        return try JSONBody.response(QuarantineResponse(deployments: deployments))
    }
}
