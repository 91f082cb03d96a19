import Foundation
import NIOHTTP1

/// Reads a provider's requested wait from `retry-after-ms` (milliseconds) or `retry-after` (seconds or an
/// HTTP date), preferring the former.
enum RetryAfter {
    static func parse(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let millis = Double(text.trimmingWhitespace()),
            millis.isFinite, millis >= 0
        {
            return .milliseconds(Int64(millis.rounded(.up)))
        }
        guard let text = headers.first(name: "retry-after")?.trimmingWhitespace(), !text.isEmpty else {
            return nil
        }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: text) {
            let seconds = max(date.timeIntervalSince(now), 0)
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        return nil
    }
}
