extension Secret {
    /// The keys of `data` and `stringData`, sorted and without duplicates; safe to log.
    public var keys: [String] {
        Array(Set((data ?? [:]).keys).union((stringData ?? [:]).keys)).sorted()
    }

    /// A value-free summary: namespace/name, type and keys. Annotations are left out because
    /// `kubectl.kubernetes.io/last-applied-configuration` can hold the data in plain text.
    private var redactedSummary: String {
        let name = [metadata.namespace, metadata.name].compactMap { $0 }.joined(separator: "/")
        return "Secret(name: \(name), type: \(type ?? "Opaque"), keys: [\(keys.joined(separator: ", "))], "
            + "values: <redacted>)"
    }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the secret and its keys, never its values.
    public var description: String { redactedSummary }

    /// Names the secret and its keys, never its values.
    public var debugDescription: String { redactedSummary }

    /// A mirror with the secret's identity and keys only, so `dump` and reflection-based loggers see no values.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": metadata.name as Any,
                "namespace": metadata.namespace as Any,
                "uid": metadata.uid as Any,
                "type": type as Any,
                "keys": keys,
                "immutable": immutable as Any,
            ],
            displayStyle: .struct)
    }
}
