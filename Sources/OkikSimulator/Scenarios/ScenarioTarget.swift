/// Where a scenario's objects go.
public enum ScenarioTarget: Sendable, Hashable {
    /// The simulator: nodes are created, and containers carry `sim.okik.io/*` behaviour annotations.
    case simulator
    /// A real cluster (`okikctl load-test`): no nodes, and containers run busybox commands that really crash,
    /// allocate or fail.
    case cluster
}
