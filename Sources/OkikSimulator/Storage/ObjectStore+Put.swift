import OkikKubeClient

extension ObjectStore {
    /// Creates the object, or replaces its content when it exists (keeping uid and creation time), in one step.
    /// Bypasses the API's read-only rule, so the simulator itself can feed kinds like PodMetrics.
    /// - Throws: ``APIError`` NotFound (namespace), Invalid.
    @discardableResult
    public func put(_ definition: ResourceDefinition, namespace: String?, object: JSONValue) throws -> StoredObject {
        let name = object.value(at: ["metadata", "name"])?.stringValue ?? ""
        guard (try? get(definition, namespace: namespace, name: name)) != nil else {
            return try create(definition, namespace: namespace, object: object)
        }
        return try modifyAll(definition, namespace: namespace, name: name) { json in
            let metadata = json["metadata"]
            json = object
            json["metadata"] = metadata
            json["apiVersion"] = .string(definition.apiVersion)
            json["kind"] = .string(definition.kind)
            for (key, value) in object["metadata"]?.objectValue ?? [:] where key == "labels" || key == "annotations" {
                json["metadata"]?[key] = value
            }
        }
    }
}
