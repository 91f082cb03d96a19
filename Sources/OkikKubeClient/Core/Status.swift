/// The API's `Status` object: the body of every error response and of some successful deletes.
public struct Status: Codable, Sendable, Hashable {
    /// `Success` or `Failure`.
    public var status: String?
    /// Human-readable description.
    public var message: String?
    /// Machine-readable reason such as `NotFound`, `Conflict`, `Invalid`.
    public var reason: String?
    /// Extra data about the reason.
    public var details: StatusDetails?
    /// The HTTP status code.
    public var code: Int?

    /// Creates a status.
    public init(
        status: String? = "Failure", message: String? = nil, reason: String? = nil, details: StatusDetails? = nil,
        code: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    private enum CodingKeys: String, CodingKey { case kind, apiVersion, metadata, status, message, reason, details, code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        details = try container.decodeIfPresent(StatusDetails.self, forKey: .details)
        code = try container.decodeIfPresent(Int.self, forKey: .code)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("Status", forKey: .kind)
        try container.encode("v1", forKey: .apiVersion)
        try container.encode([String: String](), forKey: .metadata)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(details, forKey: .details)
        try container.encodeIfPresent(code, forKey: .code)
    }
}

/// Details of a `Status`: which object, which fields, and when to retry.
public struct StatusDetails: Codable, Sendable, Hashable {
    /// Name of the object concerned.
    public var name: String?
    /// API group of the object concerned.
    public var group: String?
    /// Resource (plural) or, for Invalid, the Kind of the object concerned.
    public var kind: String?
    /// UID of the object concerned.
    public var uid: String?
    /// Field-level causes.
    public var causes: [StatusCause]?
    /// Seconds the client should wait before retrying.
    public var retryAfterSeconds: Int?

    /// Creates details.
    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One cause of a `Status` failure, usually tied to a field.
public struct StatusCause: Codable, Sendable, Hashable {
    /// Cause type, such as `FieldValueRequired` or `FieldManagerConflict`.
    public var reason: String?
    /// Human-readable description.
    public var message: String?
    /// The field path, such as `spec.replicas`.
    public var field: String?

    /// Creates a cause.
    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
