import Foundation

/// A standard five-field cron schedule (minute hour day-of-month month day-of-week, in UTC), with ranges, steps,
/// lists and the `@hourly`-style macros, as the CronJob controller reads `spec.schedule`.
public struct CronSchedule: Hashable, Sendable {
    private var minutes: Set<Int>
    private var hours: Set<Int>
    private var days: Set<Int>
    private var months: Set<Int>
    private var weekdays: Set<Int>
    private var daysRestricted: Bool
    private var weekdaysRestricted: Bool

    /// Parses a schedule; nil when it is not valid cron.
    public init?(_ text: String) {
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let expanded = macros[text.trimmingCharacters(in: .whitespaces).lowercased()] ?? text
        let fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5,
            let minutes = Self.field(fields[0], 0...59), let hours = Self.field(fields[1], 0...23),
            let days = Self.field(fields[2], 1...31), let months = Self.field(fields[3], 1...12),
            let weekdays = Self.field(fields[4].replacingOccurrences(of: "7", with: "0"), 0...6)
        else { return nil }
        self.minutes = minutes
        self.hours = hours
        self.days = days
        self.months = months
        self.weekdays = weekdays
        daysRestricted = fields[2] != "*" && fields[2] != "?"
        weekdaysRestricted = fields[4] != "*" && fields[4] != "?"
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>) -> Set<Int>? {
        var values: Set<Int> = []
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "/", maxSplits: 1)
            let step = pieces.count == 2 ? Int(pieces[1]) : 1
            guard let step, step > 0 else { return nil }
            var low = range.lowerBound
            var high = range.upperBound
            let base = String(pieces[0])
            if base != "*" && base != "?" {
                let bounds = base.split(separator: "-", maxSplits: 1).compactMap { Int($0) }
                guard bounds.count == (base.contains("-") ? 2 : 1) else { return nil }
                low = bounds[0]
                high = bounds.count == 2 ? bounds[1] : (pieces.count == 2 ? range.upperBound : bounds[0])
            }
            guard range.contains(low), range.contains(high), low <= high else { return nil }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values.isEmpty ? nil : values
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// The first scheduled time strictly after `date` (within about four years), or nil.
    public func next(after date: Date) -> Date? {
        let start = (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        var time = Date(timeIntervalSince1970: start)
        let limit = date.addingTimeInterval(4 * 366 * 86_400)
        let calendar = Self.calendar
        while time < limit {
            let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: time)
            let month = parts.month ?? 1
            let day = parts.day ?? 1
            let weekday = (parts.weekday ?? 1) - 1
            if !months.contains(month) {
                let startOfMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: time)) ?? time
                time = calendar.date(byAdding: .month, value: 1, to: startOfMonth) ?? limit
                continue
            }
            let dayMatches: Bool
            switch (daysRestricted, weekdaysRestricted) {
            case (true, true): dayMatches = days.contains(day) || weekdays.contains(weekday)
            case (true, false): dayMatches = days.contains(day)
            case (false, true): dayMatches = weekdays.contains(weekday)
            case (false, false): dayMatches = true
            }
            if !dayMatches {
                time = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: time)) ?? limit
                continue
            }
            if !hours.contains(parts.hour ?? 0) {
                time = Date(timeIntervalSince1970: (time.timeIntervalSince1970 / 3600).rounded(.down) * 3600 + 3600)
                continue
            }
            if !minutes.contains(parts.minute ?? 0) {
                time = time.addingTimeInterval(60)
                continue
            }
            return time
        }
        return nil
    }
}
