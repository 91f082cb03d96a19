import Foundation
import Logging
import OkikKubeClient
import OkikSimulator

/// A simulator on a virtual clock with the cluster runtime, plus helpers to seed objects and read them back typed.
struct SimulatedCluster {
    let simulator: Simulator

    static func start(
        nodes: Int = 3, cpu: String = "4", memory: String = "16Gi", runtime: RuntimeConfiguration = .standard
    ) async throws -> SimulatedCluster {
        var logger = Logger(label: "okik.test")
        logger.logLevel = .error
        let simulator = try await Simulator.start(
            SimulatorConfiguration(clock: .virtual(), runtime: runtime), logger: logger)
        let cluster = SimulatedCluster(simulator: simulator)
        for index in 1...max(1, nodes) where nodes > 0 {
            try await cluster.create(Self.node("node-\(index)", cpu: cpu, memory: memory))
        }
        await simulator.settle()
        return cluster
    }

    static func node(_ name: String, cpu: String, memory: String, labels: [String: String] = [:]) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": .object(labels.mapValues(JSONValue.string))],
            "status": ["capacity": ["cpu": .string(cpu), "memory": .string(memory), "pods": "110"]],
        ]
    }

    /// A Deployment with one container.
    static func deployment(
        _ name: String, namespace: String = "default", replicas: Int = 3, image: String = "nginx:1.27",
        annotations: [String: String] = [:], requests: [String: String] = ["cpu": "100m", "memory": "128Mi"],
        limits: [String: String] = [:], progressDeadline: Int? = nil
    ) -> JSONValue {
        var resources: [String: JSONValue] = [:]
        if !requests.isEmpty { resources["requests"] = .object(requests.mapValues(JSONValue.string)) }
        if !limits.isEmpty { resources["limits"] = .object(limits.mapValues(JSONValue.string)) }
        var spec: [String: JSONValue] = [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)], "annotations": .object(annotations.mapValues(JSONValue.string))],
                "spec": ["containers": [["name": .string(name), "image": .string(image), "resources": .object(resources)]]],
            ],
        ]
        if let progressDeadline { spec["progressDeadlineSeconds"] = .int(progressDeadline) }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec),
        ]
    }

    func definition(_ apiVersion: String, _ kind: String) -> ResourceDefinition {
        simulator.store.registry.definition(apiVersion: apiVersion, kind: kind)!
    }

    @discardableResult
    func create(_ object: JSONValue) async throws -> StoredObject {
        let definition = definition(object["apiVersion"]?.stringValue ?? "", object["kind"]?.stringValue ?? "")
        return try await simulator.store.create(
            definition, namespace: object.value(at: ["metadata", "namespace"])?.stringValue, object: object)
    }

    func modify(_ apiVersion: String, _ kind: String, _ name: String, namespace: String? = "default",
                _ change: @Sendable (inout JSONValue) -> Void) async throws {
        try await simulator.store.modify(definition(apiVersion, kind), namespace: namespace, name: name, change)
        await simulator.settle()
    }

    func delete(_ apiVersion: String, _ kind: String, _ name: String, namespace: String? = "default") async throws {
        try await simulator.store.delete(definition(apiVersion, kind), namespace: namespace, name: name)
        await simulator.settle()
    }

    func advance(_ seconds: Int) async {
        await simulator.advance(by: .seconds(seconds))
    }

    func list<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil) async throws -> [T] {
        let definition = definition(T.groupVersionKind.apiVersion, T.groupVersionKind.kind)
        return try await simulator.store.all(definition, namespace: namespace)
            .map { try $0.decode(as: T.self) }
            .sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
    }

    func get<T: KubernetesResource>(_ type: T.Type, _ name: String, namespace: String? = "default") async throws -> T {
        let definition = definition(T.groupVersionKind.apiVersion, T.groupVersionKind.kind)
        return try await simulator.store.get(definition, namespace: namespace, name: name).decode(as: T.self)
    }

    func events(reason: String? = nil) async throws -> [Event] {
        try await list(Event.self).filter { reason == nil || $0.reason == reason }
    }

    func stop() async { await simulator.stop() }
}

extension JSONValue {
    /// Sets a value at a path of object keys, creating intermediate objects.
    mutating func put(_ value: JSONValue?, at path: [String]) {
        guard let key = path.first else {
            self = value ?? .null
            return
        }
        var object = objectValue ?? [:]
        if path.count == 1 {
            object[key] = value
        } else {
            var child = object[key] ?? .object([:])
            child.put(value, at: Array(path.dropFirst()))
            object[key] = child
        }
        self = .object(object)
    }
}
