import Foundation
import NIOCore
import NIOFoundationCompat

/// The fields of a provider's JSON error, whatever shape the server gave it.
///
/// Read on both wires, in error replies and in error events inside streams:
/// - OpenAI `{"error": {"message", "type", "param", "code"}}`, where llama.cpp sends a numeric `code` and LiteLLM
///   sends `"None"` for absent fields;
/// - Anthropic `{"type": "error", "error": {"type", "message"}, "request_id"}`;
/// - `{"error": "text"}` (Ollama), `{"message": "...", "type", "code", "object": "error"}` (vLLM),
///   `{"detail": "text"}` and FastAPI's `{"detail": [{"loc": [...], "msg": "..."}]}`.
struct ErrorBody: Sendable, Hashable {
    /// The error text.
    var message: String?
    /// The error type (`invalid_request_error`, `overloaded_error`, `BadRequestError`).
    var type: String?
    /// The error code, when it is a word (`invalid_api_key`, `insufficient_quota`); numeric codes, which only
    /// repeat the HTTP status, are dropped.
    var code: String?
    /// A numeric `code` (llama.cpp, vLLM): the HTTP status the server meant, useful inside a stream.
    var numericCode: Int?
    /// The request parameter at fault (OpenAI `param`).
    var param: String?
    /// The provider's request id, when the body carries one.
    var requestID: String?

    /// The most specific name of the error: the code when it is a word, else the type.
    var errorType: String? { code ?? type }

    /// Every identifier the body gave, for classification (`code` and `type`).
    var identifiers: [String] { [code, type].compactMap { $0 } }

    /// Reads an error body; `nil` when it is not JSON or holds none of the known fields.
    init?(_ body: ByteBuffer) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        self.init(json: value)
    }

    /// Reads error text; `nil` when it is not JSON or holds none of the known fields.
    init?(text: String) {
        guard let value = try? JSONValue(parsing: text) else { return nil }
        self.init(json: value)
    }

    /// Reads a parsed error; `nil` when it holds none of the known fields.
    init?(json: JSONValue) {
        guard case .object(let top) = json else { return nil }
        requestID = Self.word(top["request_id"])
        switch top["error"] {
        case .object(let inner)?:
            read(inner)
            // Some proxies put the message beside a bare type.
            if message == nil { message = Self.text(top["message"]) ?? Self.detail(top["detail"]) }
        case .string(let text)?:
            message = text
            type = Self.word(top["type"]).flatMap { $0 == "error" ? nil : $0 }
            code = Self.wordCode(top["code"])
            numericCode = Self.number(top["code"])
        default:
            read(top)
            if type == "error" { type = nil }
        }
        if message == nil && type == nil && code == nil { return nil }
    }

    /// Reads `message` (or `detail`, `msg`), `type`, `code` and `param` from one object.
    private mutating func read(_ object: [String: JSONValue]) {
        message = Self.text(object["message"]) ?? Self.detail(object["detail"]) ?? Self.text(object["msg"])
        type = Self.word(object["type"])
        code = Self.wordCode(object["code"])
        numericCode = Self.number(object["code"])
        param = Self.word(object["param"])
    }

    /// A code given as a number, or as a string of digits.
    private static func number(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number)?: return number
        case .string(let text)?: return Int(text.trimmingWhitespace())
        default: return nil
        }
    }

    /// A string value (a number as its digits), with JSON `null` and the `"None"` and `"null"` that Python proxies write treated as absent.
    private static func word(_ value: JSONValue?) -> String? {
        let text: String
        switch value {
        case .string(let string)?: text = string
        case .int(let number)?: text = String(number)
        default: return nil
        }
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty || trimmed == "None" || trimmed == "null" { return nil }
        return trimmed
    }

    /// A code, unless it is only a number (the HTTP status again).
    private static func wordCode(_ value: JSONValue?) -> String? {
        guard let code = word(value) else { return nil }
        return code.allSatisfy(\.isNumber) ? nil : code
    }

    /// Message text: a string, or an object's own message.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text.isEmpty ? nil : text
        case .object(let object)?: return text(object["message"])
        default: return nil
        }
    }

    /// FastAPI's `detail`: a string, an object, or a list of `{"loc": [...], "msg": "..."}`.
    private static func detail(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            return text.isEmpty ? nil : text
        case .object(let object)?:
            return text(object["message"]) ?? text(object["msg"]) ?? value?.jsonString
        case .array(let items)?:
            let parts = items.map { item -> String in
                guard case .object(let object) = item, let message = text(object["msg"]) ?? text(object["message"])
                else { return item.jsonString }
                guard case .array(let location)? = object["loc"], !location.isEmpty else { return message }
                let path = location.map { $0.stringValue ?? $0.jsonString }.joined(separator: ".")
                return "\(path): \(message)"
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        default:
            return nil
        }
    }
}
