import Hummingbird
import NIOCore

/// The per-request context of the simulated API server; it keeps the channel, so faults can reset the connection
/// and authentication can read the client certificate.
public struct SimulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's channel.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are capped by the server's own limit (checked when collected), not by Hummingbird's default.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}
