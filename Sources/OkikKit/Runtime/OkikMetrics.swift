import CoreMetrics
import Foundation

/// OKIK's own instruments, recorded through swift-metrics into whatever backend the embedding program chose (the
/// server passes a Prometheus factory; by default the process-wide `MetricsSystem`, a no-op until bootstrapped).
///
/// | Metric | Kind | Labels |
/// | --- | --- | --- |
/// | `okik_tool_calls_total` | counter | `tool` (a registered tool's name, or `unknown`), `decision` (execute, requireApproval, deny) |
/// | `okik_model_calls_total` | counter | `source` (agent, chat), `outcome` (ok, error) |
/// | `okik_model_tokens_total` | counter | `source`, `direction` (input, output) |
/// | `okik_model_call_duration_seconds` | histogram | `source` |
/// | `okik_tick_duration_seconds` | histogram | `loop` (agent, watchdog) |
/// | `okik_watchdog_incidents_total` | counter | `rule` |
/// | `okik_plans` | gauge | `state`, set by ``recordPlans(_:)`` when scraped |
/// | `okik_http_requests_total` | counter | `route` (the template), `method`, `status` |
/// | `okik_http_request_duration_seconds` | histogram | `route`, `method` (until the response head) |
public struct OkikMetrics: Sendable {
    /// Where the instruments come from.
    public let factory: any MetricsFactory

    /// Instruments from `factory`, by default the process-wide one.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Counts one gate decision.
    public func recordToolCall(tool: String, decision: GateDecision.Kind) {
        Counter(label: "okik_tool_calls_total", dimensions: [("tool", tool), ("decision", decision.rawValue)], factory: factory)
            .increment()
    }

    /// Counts one model call, its tokens (as the provider reported them) and its duration.
    public func recordModelCall(source: String, succeeded: Bool, inputTokens: Int, outputTokens: Int, duration: Duration) {
        Counter(
            label: "okik_model_calls_total", dimensions: [("source", source), ("outcome", succeeded ? "ok" : "error")],
            factory: factory
        ).increment()
        if inputTokens > 0 {
            Counter(label: "okik_model_tokens_total", dimensions: [("source", source), ("direction", "input")], factory: factory)
                .increment(by: inputTokens)
        }
        if outputTokens > 0 {
            Counter(label: "okik_model_tokens_total", dimensions: [("source", source), ("direction", "output")], factory: factory)
                .increment(by: outputTokens)
        }
        CoreMetrics.Timer(label: "okik_model_call_duration_seconds", dimensions: [("source", source)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Records how long one pass of a loop (`agent`, `watchdog`) took.
    public func recordTick(loop: String, duration: Duration) {
        CoreMetrics.Timer(label: "okik_tick_duration_seconds", dimensions: [("loop", loop)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts one new watchdog incident.
    public func recordWatchdogIncident(rule: String) {
        Counter(label: "okik_watchdog_incidents_total", dimensions: [("rule", rule)], factory: factory).increment()
    }

    /// Counts one answered HTTP request and records its latency.
    public func recordHTTPRequest(route: String, method: String, status: Int, duration: Duration) {
        Counter(
            label: "okik_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        CoreMetrics.Timer(
            label: "okik_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// Sets the plans gauge to the count in each state (every state, so one that emptied reads 0).
    public func recordPlans(_ counts: [ActionPlan.State: Int]) {
        for state in ActionPlan.State.allCases {
            Gauge(label: "okik_plans", dimensions: [("state", state.rawValue)], factory: factory)
                .record(counts[state] ?? 0)
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole + attoseconds / 1_000_000_000
    }
}
