import Foundation

extension QueryParameters {
    /// Splits a raw query string the way Go's `url.ParseQuery` does: `+` is a space, then percent-decoding, so
    /// `labelSelector=tier+in+%28a%2Cb%29` (what kubectl sends) reads `tier in (a,b)`.
    static func items(fromQuery query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
