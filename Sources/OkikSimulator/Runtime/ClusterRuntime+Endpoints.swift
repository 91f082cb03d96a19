import OkikKubeClient

extension ClusterRuntime {
    /// The store key of Services, whose changes wake the Endpoints controller.
    static let servicesKey = ResourceRegistry.standard.definition(apiVersion: "v1", plural: "services")?.key ?? "/services"

    /// Writes the Endpoints of the Services in namespaces where pods changed: creates them once a matching pod is
    /// ready, updates and deletes only those carrying ``EndpointsController/managedLabel``.
    func reconcileEndpoints() async {
        guard !state.endpointNamespaces.isEmpty,
            let services = store.registry.definition(apiVersion: "v1", plural: "services"),
            let endpoints = store.registry.definition(apiVersion: "v1", plural: "endpoints")
        else { return }
        let namespaces = state.endpointNamespaces.sorted()
        state.endpointNamespaces = []
        for namespace in namespaces {
            let serviceObjects = await store.all(services, namespace: namespace)
            let existing = await store.all(endpoints, namespace: namespace)
            guard !serviceObjects.isEmpty || !existing.isEmpty else { continue }
            var current: [String: JSONValue] = [:]
            for object in existing { current[object.name] = try? object.json() }
            var owned = Set<String>()
            for object in serviceObjects {
                guard let service = try? object.json(),
                    let desired = EndpointsController.desired(for: service, namespace: namespace, in: state)
                else { continue }
                owned.insert(object.name)
                await write(desired, name: object.name, namespace: namespace, current: current[object.name], endpoints)
            }
            for (name, json) in current where !owned.contains(name) && Self.isManaged(json) {
                _ = try? await store.delete(endpoints, namespace: namespace, name: name)
            }
        }
    }

    /// Creates the Endpoints when a matching pod is ready, or updates them when they are the controller's.
    private func write(
        _ desired: EndpointsController.Desired, name: String, namespace: String, current: JSONValue?,
        _ definition: ResourceDefinition
    ) async {
        if let current {
            guard Self.isManaged(current), (current["subsets"]?.arrayValue ?? []) != desired.subsets else { return }
            _ = try? await store.modify(definition, namespace: namespace, name: name) { json in
                // `.none`, not `nil`: a bare nil would be JSON null.
                json["subsets"] = desired.subsets.isEmpty ? .none : .array(desired.subsets)
            }
        } else if desired.hasReady {
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "Endpoints",
                "metadata": [
                    "name": .string(name), "namespace": .string(namespace),
                    "labels": .object([EndpointsController.managedLabel: .string(EndpointsController.manager)]),
                ],
                "subsets": .array(desired.subsets),
            ]
            _ = try? await store.create(definition, namespace: namespace, object: object)
        }
    }

    /// Whether Endpoints carry the controller's label.
    private static func isManaged(_ json: JSONValue) -> Bool {
        json.value(at: ["metadata", "labels", EndpointsController.managedLabel])?.stringValue == EndpointsController.manager
    }
}
