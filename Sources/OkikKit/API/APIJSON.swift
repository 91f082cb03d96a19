import Foundation

/// The API's JSON: sorted keys and ISO 8601 dates, the same for the server and ``OkikServerClient``.
public enum APIJSON {
    /// Encodes bodies: sorted keys, slashes unescaped, ISO 8601 dates.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Decodes bodies: ISO 8601 dates.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
