import Hummingbird
import NIOCore

/// The OpenAPI 3.1 document of the REST API (`Sources/OkikServer/openapi.json`), compiled into the binary so there is
/// no resource bundle to ship. It is the contract the server is tested against.
public enum OpenAPIDocument {
    /// The document, as UTF-8 JSON.
    public static let json: [UInt8] = PackageResources.openapi_json
}

/// GET /openapi.json.
struct OpenAPIController {
    func document(_ request: Request, context: OkikRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
    }
}
