import Foundation
import OkikKubeClient

/// The firing alerts the agent keeps between ticks: deduplicated by fingerprint, cleared by their resolution or after
/// ``maxAge`` without a refresh, and bounded in count and text (the oldest received go first when full).
struct AlertInbox: Sendable {
    /// At most this many alerts are kept.
    var capacity = 50
    /// An alert Alertmanager has not sent again for this long is dropped (it re-sends firing alerts every
    /// `repeat_interval`, 4 h by default).
    var maxAge: TimeInterval = 86_400
    private var alerts: [String: ReceivedAlert] = [:]

    /// Takes in one webhook's alerts.
    mutating func receive(_ incoming: [AlertmanagerWebhook.Alert], at now: Date) -> AlertsResponse {
        var accepted = 0
        var resolved = 0
        var ignored = 0
        for alert in incoming {
            guard !alert.labels.isEmpty else {
                ignored += 1
                continue
            }
            let key = Self.fingerprint(of: alert)
            switch alert.status.lowercased() {
            case "firing":
                let startsAt = alert.startsAt.flatMap { Timestamp(rfc3339: $0)?.date }
                let previous = alerts[key]
                // Re-sent unchanged, it is not news; a new start (it resolved and fired again) is.
                let isNew = previous.map { $0.isNew || $0.startsAt != startsAt } ?? true
                alerts[key] = ReceivedAlert(
                    fingerprint: key, name: Self.cut(alert.labels["alertname"] ?? "unnamed", 200),
                    labels: Self.bounded(alert.labels, count: 16, length: 200),
                    annotations: Self.bounded(alert.annotations ?? [:], count: 8, length: 500), startsAt: startsAt,
                    receivedAt: now, isNew: isNew)
                accepted += 1
            case "resolved":
                if alerts.removeValue(forKey: key) != nil { resolved += 1 }
                accepted += 1
            default:
                ignored += 1
            }
        }
        expire(at: now)
        if alerts.count > capacity {
            let oldest = alerts.values.sorted { ($0.receivedAt, $0.fingerprint) < ($1.receivedAt, $1.fingerprint) }
            for alert in oldest.prefix(alerts.count - capacity) {
                alerts[alert.fingerprint] = nil
                ignored += 1
                accepted -= 1
            }
        }
        return AlertsResponse(accepted: max(0, accepted), firing: alerts.count, resolved: resolved, ignored: ignored)
    }

    /// Drops alerts not refreshed within ``maxAge``.
    mutating func expire(at now: Date) {
        alerts = alerts.filter { now.timeIntervalSince($0.value.receivedAt) < maxAge }
    }

    /// The firing alerts, new ones first, then by name.
    var firing: [ReceivedAlert] {
        alerts.values.sorted { ($0.isNew ? 0 : 1, $0.name, $0.fingerprint) < ($1.isNew ? 0 : 1, $1.name, $1.fingerprint) }
    }

    /// How many firing alerts the model has not been told about.
    var newCount: Int { alerts.values.filter(\.isNew).count }

    /// Records that the model was told about `delivered`: each stays new only if it fired again (a new start)
    /// since, and alerts received after `delivered` was read stay new.
    mutating func told(_ delivered: [ReceivedAlert]) {
        for alert in delivered where alerts[alert.fingerprint]?.startsAt == alert.startsAt {
            alerts[alert.fingerprint]?.isNew = false
        }
    }

    /// Alertmanager's fingerprint, or the sorted label set when there is none.
    static func fingerprint(of alert: AlertmanagerWebhook.Alert) -> String {
        if let fingerprint = alert.fingerprint, !fingerprint.isEmpty { return cut(fingerprint, 64) }
        return cut(alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","), 500)
    }

    private static func bounded(_ values: [String: String], count: Int, length: Int) -> [String: String] {
        Dictionary(
            values.sorted { $0.key < $1.key }.prefix(count).map { (cut($0.key, 100), cut($0.value, length)) },
            uniquingKeysWith: { first, _ in first })
    }

    private static func cut(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length)) + "…" : text
    }
}
