/// POST /alerts: what the agent did with the alerts (202).
public struct AlertsResponse: Codable, Sendable, Hashable {
    /// Alerts taken in (firing ones kept or refreshed, resolved ones that cleared a kept one).
    public var accepted: Int
    /// Firing alerts the agent now keeps for its next look.
    public var firing: Int
    /// Kept alerts removed because they resolved.
    public var resolved: Int
    /// Alerts ignored: an unknown status, no labels, or over the bound (the oldest kept alerts go first).
    public var ignored: Int

    /// Creates a body.
    public init(accepted: Int, firing: Int, resolved: Int, ignored: Int) {
        self.accepted = accepted
        self.firing = firing
        self.resolved = resolved
        self.ignored = ignored
    }
}
