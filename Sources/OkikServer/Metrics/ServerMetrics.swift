import OkikKit
import Prometheus

/// The Prometheus side of GET /metrics: the registry OKIK's instruments go to (the runtime's, when it was started
/// with a `PrometheusMetricsFactory`, as okik-server does) and the instruments the server records into it (HTTP
/// requests, the plans gauge).
struct ServerMetrics: Sendable {
    /// What the exposition renders.
    let registry: PrometheusCollectorRegistry
    /// Instruments over ``registry``.
    let okik: OkikMetrics

    /// Uses the runtime's registry when its metrics factory is Prometheus, else a registry of its own (then only the
    /// HTTP and plan metrics are exposed).
    init(runtime: OkikRuntime) {
        let registry = (runtime.configuration.metrics.factory as? PrometheusMetricsFactory)?.registry
            ?? PrometheusCollectorRegistry()
        self.registry = registry
        self.okik = OkikMetrics(factory: PrometheusMetricsFactory(registry: registry))
    }

    /// The text exposition (format 0.0.4).
    func exposition() -> [UInt8] {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }
}
