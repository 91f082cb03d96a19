import Foundation
import HTTPTypes
import Hummingbird

/// Authenticates every request it sees: the token comes from `Authorization: Bearer TOKEN` or, because the
/// Kubernetes API server's service proxy deletes `Authorization`, from `X-Okik-Token: TOKEN`. A missing or unknown
/// token is a 401; a known one sets the context's ``OkikRequestContext/identity``.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = OkikRequestContext

    /// The header that survives the service proxy.
    static let tokenHeader = HTTPField.Name("X-Okik-Token")!

    let tokens: TokenFile

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.token(in: request.headers) else {
            throw ServerError.unauthorized("a token is required: send \"Authorization: Bearer TOKEN\" or \"X-Okik-Token: TOKEN\"")
        }
        guard let identity = tokens.identity(for: token) else {
            throw ServerError.unauthorized("the token is not valid")
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }

    /// The presented token: a Bearer `Authorization` first, else `X-Okik-Token`; nil when neither carries one.
    static func token(in headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = parts[1].trimmingCharacters(in: .whitespaces)
                if !token.isEmpty { return token }
            }
        }
        if let token = headers[tokenHeader]?.trimmingCharacters(in: .whitespaces), !token.isEmpty { return token }
        return nil
    }
}

/// Lets a request through only when its identity's role is at least ``minimum``; else a 403 naming both roles.
struct RoleMiddleware: RouterMiddleware {
    typealias Context = OkikRequestContext

    let minimum: AccessRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { throw ServerError.unauthorized("a token is required") }
        guard identity.role >= minimum else {
            throw ServerError.forbidden("this route needs the \(minimum) role; \(identity.name) is a \(identity.role)")
        }
        return try await next(request, context)
    }
}
