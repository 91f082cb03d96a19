import OkikKubeClient

/// What the runtime writes to the store for one object.
enum WriteAction: Sendable {
    /// Create the object.
    case create(JSONValue)
    /// Set these fields of the stored object (a nil value removes the field).
    case patch([PatchField])
    /// Replace the whole object if it exists, else create it (metrics).
    case upsert(JSONValue)
    /// Nothing to write.
    case skip
}

/// One field a patch sets.
struct PatchField: Sendable, Hashable {
    var path: [String]
    var value: JSONValue?
}
