import Foundation
import Hummingbird
import OkikKit

/// POST /optimise (operator; admin with `"reconcile": true`): runs the optimizer over the runtime's client and
/// answers with the report; with reconcile, the findings' proposed calls go through the gate as the optimizer (the
/// level decides what runs, what waits for a person and what is refused) and the report carries what became of them.
///
/// The route is mounted for operators; the admin check for reconcile depends on the body, so it is made here, after
/// decoding and before anything runs, with the same 403 as ``RoleMiddleware``.
struct OptimiseController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int

    func optimise(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(OptimiseRequest.self, from: &request, limit: maxBodyBytes)
        let categories = try Self.categories(body)
        let namespace = try Self.namespace(body)
        let reconcile = body.reconcile ?? false
        if reconcile {
            guard let identity = context.identity else { throw ServerError.unauthorized("a token is required") }
            guard identity.role >= .admin else {
                throw ServerError.forbidden(
                    "\"reconcile\": true needs the admin role; \(identity.name) is a \(identity.role)")
            }
        }
        var report: OptimizationReport
        do {
            report = try await Optimizer().run(
                client: runtime.client, namespace: namespace, categories: categories,
                history: runtime.store as? any UsageHistoryStore, clock: runtime.configuration.clock)
        } catch let error as SnapshotError where error.isNamespaceNotFound {
            throw ServerError.notFound(error.description)
        }
        if reconcile {
            report.reconcile = try await Optimizer.reconcile(report, executor: runtime.executor)
        }
        return try JSONBody.response(report)
    }

    /// The category ids asked for (nil: all). - Throws: a 400 naming `category` for an unknown or empty one.
    static func categories(_ body: OptimiseRequest) throws -> Set<String>? {
        do {
            return try CategorySelection.parse(body.category)
        } catch {
            throw ServerError.badRequest(error.message, field: "category")
        }
    }

    /// The namespace to scan (nil: the whole cluster). - Throws: a 400 naming `namespace` when it is blank.
    static func namespace(_ body: OptimiseRequest) throws -> String? {
        guard let namespace = body.namespace else { return nil }
        let trimmed = namespace.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ServerError.badRequest("\"namespace\" must not be blank", field: "namespace") }
        return trimmed
    }
}
