import OkikKubeClient

extension JSONValue {
    /// Sets (or with nil removes) the value at a path of object keys, creating intermediate objects.
    mutating func set(_ value: JSONValue?, at path: ArraySlice<String>) {
        guard let key = path.first else {
            self = value ?? .null
            return
        }
        var object = objectValue ?? [:]
        if path.count == 1 {
            object[key] = value
        } else {
            var child = object[key] ?? .object([:])
            if child.objectValue == nil { child = .object([:]) }
            child.set(value, at: path.dropFirst())
            object[key] = child
        }
        self = .object(object)
    }

    /// Sets (or with nil removes) the value at a path of object keys.
    mutating func set(_ value: JSONValue?, at path: [String]) { set(value, at: path[...]) }
}

extension Optional where Wrapped == String {
    /// The string as JSON, or JSON null.
    var json: JSONValue { map(JSONValue.string) ?? .null }
}
