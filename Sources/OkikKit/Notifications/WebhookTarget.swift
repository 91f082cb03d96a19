import Foundation

/// One place notifications go: a named URL, the body format it expects, and optionally the only events it wants.
///
/// The URL is a secret (a Slack incoming-webhook URL is its own credential): it is read from a mounted Secret, never
/// logged and never audited; logs and audit rows name the target by ``name``.
public struct WebhookTarget: Sendable, Hashable, Codable {
    /// The body a target expects.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// OKIK's JSON: `{"kind", "title", "text", "severity", "at", "plan"?, "source"}`.
        case generic
        /// Slack's incoming-webhook JSON: `{"text", "blocks"}`.
        case slack
    }

    /// The name logs and audit rows use.
    public var name: String
    /// Where the POST goes (http or https).
    public var url: URL
    /// The body format.
    public var format: Format
    /// The only events it receives; nil for every event.
    public var events: Set<NotificationEvent.Kind>?

    /// Creates a target.
    public init(name: String, url: URL, format: Format = .generic, events: Set<NotificationEvent.Kind>? = nil) {
        self.name = name
        self.url = url
        self.format = format
        self.events = events
    }

    /// Whether the target wants `kind`.
    public func wants(_ kind: NotificationEvent.Kind) -> Bool { events?.contains(kind) ?? true }
}
