/// POST /alerts: the body Alertmanager's `webhook_config` receiver sends (payload version 4). Alertmanager adds
/// members over time, so members not listed here are ignored rather than refused; every label and annotation is
/// untrusted text.
public struct AlertmanagerWebhook: Codable, Sendable, Hashable {
    /// One alert of the group.
    public struct Alert: Codable, Sendable, Hashable {
        /// `firing` or `resolved`.
        public var status: String
        /// The alert's labels (`alertname`, `severity`, `namespace`, ...).
        public var labels: [String: String]
        /// Its annotations (`summary`, `description`, `runbook_url`, ...).
        public var annotations: [String: String]?
        /// When it started firing (RFC 3339).
        public var startsAt: String?
        /// When it resolved, or `0001-01-01T00:00:00Z` while firing (RFC 3339).
        public var endsAt: String?
        /// The Prometheus expression browser link of its rule.
        public var generatorURL: String?
        /// Alertmanager's stable identity of the alert (its label set).
        public var fingerprint: String?

        /// Creates an alert.
        public init(
            status: String, labels: [String: String], annotations: [String: String]? = nil, startsAt: String? = nil,
            endsAt: String? = nil, generatorURL: String? = nil, fingerprint: String? = nil
        ) {
            self.status = status
            self.labels = labels
            self.annotations = annotations
            self.startsAt = startsAt
            self.endsAt = endsAt
            self.generatorURL = generatorURL
            self.fingerprint = fingerprint
        }
    }

    /// The payload version (`4`).
    public var version: String?
    /// The group's key.
    public var groupKey: String?
    /// Alerts Alertmanager left out because of the receiver's `max_alerts`.
    public var truncatedAlerts: Int?
    /// `firing` when at least one alert fires, else `resolved`.
    public var status: String?
    /// The receiver's name.
    public var receiver: String?
    /// The labels the group is grouped by.
    public var groupLabels: [String: String]?
    /// The labels every alert of the group shares.
    public var commonLabels: [String: String]?
    /// The annotations every alert of the group shares.
    public var commonAnnotations: [String: String]?
    /// Alertmanager's own URL.
    public var externalURL: String?
    /// The alerts.
    public var alerts: [Alert]

    /// Creates a payload.
    public init(
        alerts: [Alert], version: String? = "4", groupKey: String? = nil, truncatedAlerts: Int? = nil,
        status: String? = nil, receiver: String? = nil, groupLabels: [String: String]? = nil,
        commonLabels: [String: String]? = nil, commonAnnotations: [String: String]? = nil, externalURL: String? = nil
    ) {
        self.alerts = alerts
        self.version = version
        self.groupKey = groupKey
        self.truncatedAlerts = truncatedAlerts
        self.status = status
        self.receiver = receiver
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels
        self.commonAnnotations = commonAnnotations
        self.externalURL = externalURL
    }
}
