/// The scenarios that ship with OKIK: a healthy baseline and one per problem OKIK must find.
public enum BuiltInScenarios {
    /// Every built-in scenario, the healthy baseline first.
    public static var all: [Scenario] { texts.compactMap { try? Scenario.parse(yaml: $0) } }

    /// The built-in scenario names.
    public static var names: [String] { all.map(\.name) }

    /// The problem scenarios (all but the healthy baseline).
    public static var problems: [Scenario] { all.filter { $0.name != "healthy" } }

    /// A built-in scenario by name.
    public static func named(_ name: String) -> Scenario? { all.first { $0.name == name } }

    /// The YAML of every built-in scenario.
    static var texts: [String] {
        [
            healthy, crashLoop, oomKilled, pending, imagePull, overProvisioned, idle, hpaSaturated, failingJob,
            failingCronJob, daemonSetGap, unboundClaim, nodePressure, nodeNotReady, missingRequests, singleReplica,
            brokenRollout,
        ]
    }
}
