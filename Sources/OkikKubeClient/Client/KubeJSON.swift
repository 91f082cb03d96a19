import Foundation

/// The JSON coders the client uses for every request and response.
enum KubeJSON {
    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// Encodes a typed resource with its `apiVersion` and `kind`, which the models do not store.
    static func encodeResource<R: KubernetesResource>(_ resource: R) throws -> Data {
        try encoder.encode(TypedEnvelope(resource: resource))
    }
}

/// Writes `apiVersion` and `kind` next to a resource's own fields.
struct TypedEnvelope<R: KubernetesResource>: Encodable {
    let resource: R

    private enum Keys: String, CodingKey { case apiVersion, kind }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(R.groupVersionKind.apiVersion, forKey: .apiVersion)
        try container.encode(R.groupVersionKind.kind, forKey: .kind)
        try resource.encode(to: encoder)
    }
}
