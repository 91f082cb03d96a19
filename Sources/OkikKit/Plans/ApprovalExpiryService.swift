import ServiceLifecycle

/// Expires unapproved plans, and fails plans left approved or executing past their bound (interrupted), on a fixed
/// interval until graceful shutdown.
public struct ApprovalExpiryService: ServiceLifecycle.Service, Sendable {
    private let approvals: ApprovalService
    private let interval: Duration

    /// Creates the service.
    public init(approvals: ApprovalService, interval: Duration = .seconds(30)) {
        self.approvals = approvals
        self.interval = interval
    }

    /// Sweeps every `interval` until cancelled or shut down.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await approvals.expireDue()
                _ = try? await approvals.failInterrupted()
                try await Task.sleep(for: interval)
            }
        }
    }
}
