import Hummingbird
import Logging
import NIOCore
import OkikKit

/// Turns every failure into a JSON ``APIErrorBody``: ``ServerError``s as they are, Hummingbird's `HTTPError`s (404
/// for an unknown route, 405, ...) with their status, approval and chat session refusals with the status that fits,
/// anything else as a 500 whose cause is logged, never answered.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            return try error.response(from: request, context: context)
        } catch let error as ApprovalError {
            return try Self.serverError(for: error).response(from: request, context: context)
        } catch let error as ChatSessionError {
            return try Self.serverError(for: error).response(from: request, context: context)
        } catch let error as HTTPError {
            return try ServerError.http(error.status, message: error.body).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try ServerError.http(.contentTooLarge, message: "the request body is too large")
                .response(from: request, context: context)
        } catch {
            context.logger.error(
                "request failed",
                metadata: ["okik.path": "\(request.uri.path)", "okik.error": "\(String(reflecting: type(of: error)))"])
            return try ServerError.internal.response(from: request, context: context)
        }
    }

    /// The status an approval refusal answers with.
    static func serverError(for error: ApprovalError) -> ServerError {
        switch error.code {
        case .notFound: .notFound(error.message)
        case .notAPerson, .sameRequester: .forbidden(error.message)
        case .rateLimited: .http(.tooManyRequests, message: error.message)
        default: .conflict(error.message)
        }
    }

    /// The status a chat session refusal answers with: an unknown session is a 404, someone else's a 403.
    static func serverError(for error: ChatSessionError) -> ServerError {
        switch error.shortDescription {
        case "unknownSession": .notFound(error.message)
        case "notYourSession", "notAPerson": .forbidden(error.message)
        default: .conflict(error.message)
        }
    }
}
