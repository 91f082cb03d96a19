/// The JSON body of every 4xx and 5xx answer of okik-server.
///
/// ```json
/// {"error": "bad_request", "message": "\"L9\" is not an autonomy level (L0 ... L4)", "field": "level"}
/// ```
public struct APIErrorBody: Codable, Sendable, Hashable {
    /// A stable snake_case code: `unauthorized`, `forbidden`, `not_found`, `bad_request`, `conflict`,
    /// `payload_too_large`, `method_not_allowed`, `internal`.
    public var error: String
    /// A sentence for a person.
    public var message: String
    /// The request field at fault, when one is.
    public var field: String?

    /// Creates a body.
    public init(error: String, message: String, field: String? = nil) {
        self.error = error
        self.message = message
        self.field = field
    }
}
