import OkikKubeClient

/// How many secrets were redacted, per ``RedactionKind``.
///
/// A ``Redactor`` fills one in as it replaces values. ``init(markersIn:)`` counts the `[REDACTED:kind]` markers
/// already present in a value instead: that is how the audit counts what a stored row
/// carries, including what a tool redacted itself before cutting a long text to length.
///
/// ```swift
/// var report = RedactionReport()
/// let safe = Redactor.standard.redact("curl -H 'Authorization: Bearer abc123def456'", report: &report)
/// // safe == "curl -H 'Authorization: Bearer [REDACTED:bearer]'", report[.bearer] == 1
/// ```
public struct RedactionReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number of redactions per kind; kinds with none are absent.
    public private(set) var counts: [RedactionKind: Int]

    /// Creates a report, empty by default.
    /// - Parameter counts: redactions per kind; zero and negative counts are dropped.
    public init(counts: [RedactionKind: Int] = [:]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    /// Counts the `[REDACTED:kind]` markers in the strings of a JSON value (markers of unknown kinds are ignored).
    /// - Parameter value: the value to scan, members and elements included (keys are not scanned).
    public init(markersIn value: JSONValue) {
        self.init()
        countMarkers(in: value)
    }

    /// Counts the `[REDACTED:kind]` markers in a text (markers of unknown kinds are ignored).
    /// - Parameter text: the text to scan.
    public init(markersInText text: String) {
        self.init()
        countMarkers(in: text)
    }

    /// The number of redactions of one kind.
    public subscript(kind: RedactionKind) -> Int { counts[kind] ?? 0 }

    /// The number of redactions of every kind.
    public var total: Int { counts.values.reduce(0, +) }

    /// True when nothing was redacted.
    public var isEmpty: Bool { counts.isEmpty }

    /// Records redactions.
    /// - Parameters:
    ///   - kind: what was redacted.
    ///   - count: how many; nothing is recorded for zero or less.
    public mutating func record(_ kind: RedactionKind, count: Int = 1) {
        guard count > 0 else { return }
        counts[kind, default: 0] += count
    }

    /// Adds another report's counts to this one.
    public mutating func merge(_ other: RedactionReport) {
        for (kind, count) in other.counts { record(kind, count: count) }
    }

    /// `bearer: 1, password: 2` (sorted by kind), or `none`.
    public var description: String {
        guard !isEmpty else { return "none" }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ")
    }

    /// The counts as a JSON object with sorted kind names (`{"bearer":1,"password":2}`), as the audit stores them.
    public var json: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, .int($0.value)) }))
    }

    /// Reads counts written by ``json``; unknown kinds and non-integer counts are skipped.
    /// - Parameter json: an object of kind names to counts.
    public init(json: JSONValue) {
        self.init()
        for (name, count) in json.objectValue ?? [:] {
            if let kind = RedactionKind(rawValue: name), let count = count.intValue { record(kind, count: count) }
        }
    }

    private mutating func countMarkers(in value: JSONValue) {
        switch value {
        case .string(let text): countMarkers(in: text)
        case .array(let items): for item in items { countMarkers(in: item) }
        case .object(let members): for member in members.values { countMarkers(in: member) }
        default: break
        }
    }

    private mutating func countMarkers(in text: String) {
        let prefix = Array("[REDACTED:".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count > prefix.count else { return }
        var index = 0
        while index + prefix.count < bytes.count {
            guard bytes[index] == prefix[0], Array(bytes[index..<index + prefix.count]) == prefix else {
                index += 1
                continue
            }
            var end = index + prefix.count
            while end < bytes.count, bytes[end] == UInt8(ascii: "-") || (bytes[end] >= UInt8(ascii: "a") && bytes[end] <= UInt8(ascii: "z")) {
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "]"),
                let kind = RedactionKind(rawValue: String(decoding: bytes[(index + prefix.count)..<end], as: UTF8.self))
            {
                record(kind)
                index = end + 1
            } else {
                index += prefix.count
            }
        }
    }
}
