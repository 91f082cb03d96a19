import Foundation

extension ControlConfigMap {
    /// Reads and parses the ConfigMap.
    /// - Returns: nil when it does not exist.
    /// - Throws: ``KubeError`` when it cannot be read (`.forbidden` without `get` on configmaps).
    public static func read(
        client: KubeClient, namespace: String = defaultNamespace, name: String = defaultName
    ) async throws -> ControlRecord? {
        try await client.namespaced(ConfigMap.self, in: .named(namespace)).getIfPresent(name).map { parse($0.data) }
    }

    /// Engages (`on`) or lifts the emergency stop by writing the ConfigMap, creating it when missing; works while the
    /// server is down or hung (a running server applies it at the next watch event, a starting one at start).
    ///
    /// ```swift
    /// try await ControlConfigMap.setEmergencyStop(true, reason: "bad rollout", by: Caller(.human, "alice"), client: client)
    /// ```
    /// - Returns: the record now stored.
    /// - Throws: ``KubeError`` when the ConfigMap cannot be read or written, or kept changing for 8 attempts.
    @discardableResult
    public static func setEmergencyStop(
        _ on: Bool, reason: String, by caller: Caller, client: KubeClient, namespace: String = defaultNamespace,
        name: String = defaultName, clock: any WallClock = SystemWallClock()
    ) async throws -> ControlRecord {
        let stored = try await update(client: client, namespace: namespace, name: name) { data in
            data[Key.emergencyStop] = String(on)
            data[Key.emergencyStopReason] = on ? reason : nil
            data[Key.changedBy] = caller.description
            data[Key.changedAt] = Timestamp(clock.now).rfc3339
        }
        return parse(stored.data)
    }

    /// Changes the data with compare-and-set on the resourceVersion, retrying on a conflict; creates the ConfigMap
    /// (with ``labels``) when missing. Nothing is written when the data does not change.
    static func update(
        client: KubeClient, namespace: String, name: String, _ change: (inout [String: String]) -> Void
    ) async throws -> ConfigMap {
        let configMaps = client.namespaced(ConfigMap.self, in: .named(namespace))
        var attempt = 0
        while true {
            attempt += 1
            do {
                guard var object = try await configMaps.getIfPresent(name) else {
                    var data: [String: String] = [:]
                    change(&data)
                    return try await configMaps.create(
                        ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), data: data))
                }
                var data = object.data ?? [:]
                change(&data)
                let labelled = (object.metadata.labels ?? [:]).merging(labels) { _, ours in ours }
                if data == object.data ?? [:] && labelled == object.metadata.labels { return object }
                object.data = data
                object.metadata.labels = labelled
                return try await configMaps.update(object)
            } catch let error as KubeError where (error.code == .conflict || error.code == .alreadyExists) && attempt < 8 {
                continue
            }
        }
    }
}
