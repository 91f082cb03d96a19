import Foundation
import NIOCore
import NIOHTTP1

/// Describes an error body that is not the provider's JSON, such as a proxy's HTML page.
enum ErrorBodyText {
    /// A short account of a body that is not provider JSON, or `nil` when it is empty.
    static func describe(_ body: ByteBuffer, headers: HTTPHeaders) -> String? {
        let text = String(buffer: body)
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return nil }
        let contentType = headers.first(name: "content-type") ?? "unknown content type"
        let lower = trimmed.lowercased()
        if contentType.lowercased().contains("html") || lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") {
            var summary = "an HTML page (\(contentType)), not a provider reply"
            if let title = htmlTitle(trimmed) { summary += ": \(title)" }
            return summary + "; is a proxy or the base URL in the way?"
        }
        let preview = trimmed.prefix(200).replacingOccurrences(of: "\n", with: " ")
        if (try? JSONValue(parsing: trimmed)) != nil {
            return "a JSON body in no known error format: \(preview)"
        }
        return "a non-JSON body (\(contentType)): \(preview)"
    }

    private static func htmlTitle(_ html: String) -> String? {
        guard let open = html.range(of: "<title>", options: .caseInsensitive),
            let close = html.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<html.endIndex)
        else { return nil }
        let title = html[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : String(title.prefix(120))
    }
}
