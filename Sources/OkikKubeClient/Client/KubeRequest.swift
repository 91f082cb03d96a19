import Foundation

/// One HTTP request to the API server, before credentials and the base URL are applied.
public struct KubeRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// Absolute API path, such as `/api/v1/namespaces/default/pods`.
    public var path: String
    /// Query parameters, in order.
    public var query: [(String, String)]
    /// Extra headers.
    public var headers: [(String, String)]
    /// Request body.
    public var body: Data?
    /// Whether the request may be retried on 429, 5xx or connection errors.
    public var isIdempotent: Bool
    /// The resource addressed, for error messages.
    public var resource: GroupVersionResource?
    /// The object name addressed, for error messages.
    public var name: String?

    /// Creates a request; GET and HEAD are idempotent by default.
    public init(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: Data? = nil, isIdempotent: Bool? = nil, resource: GroupVersionResource? = nil, name: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.isIdempotent = isIdempotent ?? (method == "GET" || method == "HEAD")
        self.resource = resource
        self.name = name
    }

    /// The path with its percent-encoded query string.
    var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// Checks that an object name can stand as one URL path segment.
    static func validatePathSegment(_ name: String, resource: GroupVersionResource) throws {
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.contains("%") {
            throw KubeError(
                code: .invalidRequest, message: "\"\(name)\" is not a valid name for \(resource.qualifiedResource)")
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A buffered response.
public struct KubeResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Response headers (lower-cased names).
    public var headers: [(String, String)]
    /// Response body.
    public var body: [UInt8]

    /// The first value of a header.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }
}
