import OkikKubeClient

/// The JSON Schema of a tool's input, built next to the tool's `Codable` input and used to validate arguments.
///
/// ```swift
/// static let inputSchema = ToolSchema.object([
///     .required("namespace", .dnsLabel("Namespace of the Deployment")),
///     .required("replicas", .integer("Desired replicas", minimum: 0, maximum: 100)),
/// ])
/// ```
public struct ToolSchema: Sendable, Hashable {
    /// The schema as JSON.
    public var json: JSONValue

    /// Wraps a JSON schema.
    public init(json: JSONValue) { self.json = json }

    /// One property of an object schema.
    public struct Property: Sendable, Hashable {
        /// The property name.
        public var name: String
        /// Its schema.
        public var schema: ToolSchema
        /// Whether it must be present.
        public var isRequired: Bool

        /// A required property.
        public static func required(_ name: String, _ schema: ToolSchema) -> Property {
            Property(name: name, schema: schema, isRequired: true)
        }

        /// An optional property.
        public static func optional(_ name: String, _ schema: ToolSchema) -> Property {
            Property(name: name, schema: schema, isRequired: false)
        }
    }

    /// An object with the given properties; unknown properties are refused.
    public static func object(_ properties: [Property], description: String? = nil) -> ToolSchema {
        var members: [String: JSONValue] = [:]
        for property in properties { members[property.name] = property.schema.json }
        var json: JSONValue = [
            "type": "object", "properties": .object(members), "additionalProperties": false,
            "required": .array(properties.filter(\.isRequired).map { .string($0.name) }),
        ]
        if let description { json["description"] = .string(description) }
        return ToolSchema(json: json)
    }

    /// A string, optionally limited to some values.
    public static func string(_ description: String, oneOf values: [String]? = nil, maxLength: Int? = nil) -> ToolSchema {
        var json: JSONValue = ["type": "string", "description": .string(description)]
        if let values { json["enum"] = .array(values.map { .string($0) }) }
        if let maxLength { json["maxLength"] = .int(maxLength) }
        return ToolSchema(json: json)
    }

    /// A DNS-1123 label (namespaces, container names): lowercase alphanumerics and `-`, at most 63 characters.
    public static func dnsLabel(_ description: String) -> ToolSchema {
        ToolSchema(json: [
            "type": "string", "description": .string(description), "pattern": .string(NameRules.labelPattern),
            "maxLength": 63,
        ])
    }

    /// A DNS-1123 subdomain (most object names): labels joined by `.`, at most 253 characters.
    public static func dnsSubdomain(_ description: String) -> ToolSchema {
        ToolSchema(json: [
            "type": "string", "description": .string(description), "pattern": .string(NameRules.subdomainPattern),
            "maxLength": 253,
        ])
    }

    /// An integer within optional bounds.
    public static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> ToolSchema {
        var json: JSONValue = ["type": "integer", "description": .string(description)]
        if let minimum { json["minimum"] = .int(minimum) }
        if let maximum { json["maximum"] = .int(maximum) }
        return ToolSchema(json: json)
    }

    /// A boolean.
    public static func boolean(_ description: String) -> ToolSchema {
        ToolSchema(json: ["type": "boolean", "description": .string(description)])
    }

    /// The names of the properties of an object schema.
    public var propertyNames: [String] { (json["properties"]?.objectValue ?? [:]).keys.sorted() }

    /// The required property names of an object schema.
    public var requiredNames: [String] { (json["required"]?.arrayValue ?? []).compactMap(\.stringValue) }
}

/// Kubernetes name rules (DNS-1123), checked by hand so there is no regular-expression engine in the path.
enum NameRules {
    static let labelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
    static let subdomainPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"

    /// A DNS-1123 label: 1-63 of `[a-z0-9-]`, starting and ending alphanumeric.
    static func isLabel(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        func alnum(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
        guard alnum(bytes[0]), alnum(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 45 }
    }

    /// A DNS-1123 subdomain: at most 253 characters of labels joined by `.`.
    static func isSubdomain(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 253 else { return false }
        return value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }
}
