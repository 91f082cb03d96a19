import Foundation

/// GET /status (also the answer of PUT /autonomy and POST /emergency-stop): the switches in force and what waits.
public struct StatusResponse: Codable, Sendable, Hashable {
    /// `agent` or `watchdog`.
    public var mode: ServerMode
    /// The autonomy level, `L0` ... `L4`.
    public var level: String
    /// The level's short name (advisory, suggest, guarded, conditional, full).
    public var levelTitle: String
    /// False when every write waits for a person.
    public var automation: Bool
    /// True when every write is denied and approvals wait.
    public var emergencyStop: Bool
    /// Why the stop is engaged.
    public var emergencyStopReason: String?
    /// The durable control state's version (raised by one on every change).
    public var controlVersion: Int64
    /// Who made the last change (`human:alice`).
    public var changedBy: String
    /// Plans waiting for approval.
    public var pendingPlans: Int
    /// Entries in the watchdog's feed.
    public var recommendations: Int
    /// The agent's status, when an agent runs.
    public var agent: AgentStatus?
    /// OKIK's version (``OkikInfo/version``).
    public var version: String
    /// Which replica decides: OKIK runs one replica (strategy Recreate) and has no leader election.
    public var leader: String

    /// Creates a body.
    public init(
        mode: ServerMode, level: String, levelTitle: String, automation: Bool, emergencyStop: Bool,
        emergencyStopReason: String?, controlVersion: Int64, changedBy: String, pendingPlans: Int, recommendations: Int,
        agent: AgentStatus?, version: String = OkikInfo.version, leader: String = OkikInfo.leader
    ) {
        self.mode = mode
        self.level = level
        self.levelTitle = levelTitle
        self.automation = automation
        self.emergencyStop = emergencyStop
        self.emergencyStopReason = emergencyStopReason
        self.controlVersion = controlVersion
        self.changedBy = changedBy
        self.pendingPlans = pendingPlans
        self.recommendations = recommendations
        self.agent = agent
        self.version = version
        self.leader = leader
    }
}
