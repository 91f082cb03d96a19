/// On the wire a target is flat: `{"scope": "namespace", "kind": "Deployment", "namespace": "shop", "name": "web"}`,
/// with `scope` one of `namespace`, `cluster`, `allNamespaces`. Plans stored before this shape (Swift's synthesized
/// `{"scope": {"namespace": {"_0": "shop"}}, ...}`) still decode.
extension ToolTarget: Codable {
    private enum CodingKeys: String, CodingKey {
        case scope, kind, namespace, name
    }

    /// The synthesized form of ``Scope`` that earlier versions stored.
    private enum StoredScope: Decodable {
        case namespace(String)
        case cluster
        case allNamespaces
    }

    /// Decodes the flat form, or the earlier nested one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        if let flat = try? container.decode(String.self, forKey: .scope) {
            switch flat {
            case "namespace": scope = .namespace(try container.decode(String.self, forKey: .namespace))
            case "cluster": scope = .cluster
            case "allNamespaces": scope = .allNamespaces
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .scope, in: container,
                    debugDescription: "\"\(flat)\" is not a scope (namespace, cluster, allNamespaces)")
            }
            return
        }
        switch try container.decode(StoredScope.self, forKey: .scope) {
        case .namespace(let namespace): scope = .namespace(namespace)
        case .cluster: scope = .cluster
        case .allNamespaces: scope = .allNamespaces
        }
    }

    /// Encodes the flat form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(name, forKey: .name)
        switch scope {
        case .namespace(let namespace):
            try container.encode("namespace", forKey: .scope)
            try container.encode(namespace, forKey: .namespace)
        case .cluster:
            try container.encode("cluster", forKey: .scope)
        case .allNamespaces:
            try container.encode("allNamespaces", forKey: .scope)
        }
    }
}
