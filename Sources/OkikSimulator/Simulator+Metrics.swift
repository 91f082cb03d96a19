import Foundation
import OkikKubeClient

extension Simulator {
    /// Sets the usage `kubectl top pods` and the metrics API report for a pod (metrics.k8s.io PodMetrics).
    /// - Throws: ``APIError`` NotFound when the namespace does not exist.
    public func setPodMetrics(
        namespace: String, name: String, containers: [(name: String, cpu: Quantity, memory: Quantity)],
        window: String = "30s", timestamp: Date = Date()
    ) async throws {
        let definition = try metricsDefinition("PodMetrics")
        let usage: [JSONValue] = containers.map { container in
            [
                "name": .string(container.name),
                "usage": ["cpu": .string(container.cpu.description), "memory": .string(container.memory.description)],
            ]
        }
        let object: JSONValue = [
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "timestamp": .string(Timestamp(timestamp).withoutFraction.rfc3339), "window": .string(window),
            "containers": .array(usage),
        ]
        try await store.put(definition, namespace: namespace, object: object)
    }

    /// Sets the usage `kubectl top nodes` and the metrics API report for a node (metrics.k8s.io NodeMetrics).
    /// - Throws: ``APIError`` if the object cannot be stored.
    public func setNodeMetrics(
        name: String, cpu: Quantity, memory: Quantity, window: String = "30s", timestamp: Date = Date()
    ) async throws {
        let definition = try metricsDefinition("NodeMetrics")
        let object: JSONValue = [
            "metadata": ["name": .string(name)],
            "timestamp": .string(Timestamp(timestamp).withoutFraction.rfc3339), "window": .string(window),
            "usage": ["cpu": .string(cpu.description), "memory": .string(memory.description)],
        ]
        try await store.put(definition, namespace: nil, object: object)
    }

    /// Removes a pod's metrics (as when metrics-server has no sample for it); absent metrics are not an error.
    public func removePodMetrics(namespace: String, name: String) async throws {
        let definition = try metricsDefinition("PodMetrics")
        _ = try? await store.delete(definition, namespace: namespace, name: name)
    }

    /// Removes a node's metrics; absent metrics are not an error.
    public func removeNodeMetrics(name: String) async throws {
        let definition = try metricsDefinition("NodeMetrics")
        _ = try? await store.delete(definition, namespace: nil, name: name)
    }

    private func metricsDefinition(_ kind: String) throws -> ResourceDefinition {
        guard let definition = store.registry.definition(apiVersion: "metrics.k8s.io/v1beta1", kind: kind) else {
            throw APIError.internalError("the registry does not serve metrics.k8s.io/v1beta1 \(kind)")
        }
        return definition
    }
}
