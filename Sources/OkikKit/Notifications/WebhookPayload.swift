import Foundation
import OkikKubeClient

/// The JSON bodies a ``WebhookTarget`` receives, one per ``WebhookTarget/Format``.
public enum WebhookPayload {
    /// The body of `event` in `format`, as bytes.
    public static func body(_ event: NotificationEvent, format: WebhookTarget.Format) -> Data {
        let value: JSONValue = switch format {
        case .generic: generic(event)
        case .slack: slack(event)
        }
        return Data(value.jsonString().utf8)
    }

    /// `{"kind", "title", "text", "severity", "at", "plan"?, "source": "okik"}`.
    public static func generic(_ event: NotificationEvent) -> JSONValue {
        var body: [String: JSONValue] = [
            "kind": .string(event.kind.rawValue), "title": .string(event.title), "text": .string(event.text),
            "severity": .string(event.severity.rawValue), "at": .string(Timestamp(event.at).rfc3339),
            "source": "okik",
        ]
        if let plan = event.plan {
            var summary: [String: JSONValue] = [
                "id": .string(plan.id.uuidString), "state": .string(plan.state), "requester": .string(plan.requester),
                "tools": .array(plan.tools.map { .string($0) }),
            ]
            if let targets = plan.targets { summary["targets"] = .string(targets) }
            if let risk = plan.risk { summary["risk"] = .string(risk) }
            if let expiresAt = plan.expiresAt { summary["expiresAt"] = .string(Timestamp(expiresAt).rfc3339) }
            body["plan"] = .object(summary)
        }
        if let id = event.auditID { body["auditID"] = .int(Int(id)) }
        return .object(body)
    }

    /// Slack's incoming-webhook body: `text` (the notification fallback) and `blocks` (a header and a section).
    /// `&`, `<` and `>` are escaped, so no text can ping a channel (`<!channel>`) or forge a link.
    public static func slack(_ event: NotificationEvent) -> JSONValue {
        let icon = switch event.severity {
        case .critical: ":red_circle:"
        case .warning: ":large_orange_circle:"
        case .info: ":large_blue_circle:"
        }
        let title = escape(event.title)
        var detail = escape(event.text)
        if let plan = event.plan { detail += "\nPlan `\(plan.id.uuidString)` (\(escape(plan.state)))" }
        detail += "\n_\(Timestamp(event.at).rfc3339) · \(event.kind.rawValue)_"
        return [
            "text": .string("\(icon) \(title)"),
            "blocks": [
                ["type": "header", "text": ["type": "plain_text", "text": .string(String(event.title.prefix(150)))]],
                ["type": "section", "text": ["type": "mrkdwn", "text": .string(String(detail.prefix(2_900)))]],
            ],
        ]
    }

    /// Slack's control characters in text, escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
