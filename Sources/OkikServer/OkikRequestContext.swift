import Hummingbird

/// The request context of okik-server's routes: Hummingbird's core storage plus the caller's identity, which the
/// ``AuthMiddleware`` sets.
public struct OkikRequestContext: RequestContext {
    /// Hummingbird's storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage
    /// Who the token belongs to; nil until authenticated (and on /health).
    public var identity: Identity?

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        identity = nil
    }
}
