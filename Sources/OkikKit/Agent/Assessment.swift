/// The offline reasoner's reading of a cluster: incidents (findings and watchdog recommendations grouped by the
/// object at fault), most severe first, with what was done and what waits.
public struct Assessment: Sendable, Codable {
    /// One object at fault and everything known about it.
    public struct Incident: Sendable, Codable {
        /// The object.
        public var subject: ResourceRef
        /// The worst severity among its findings and recommendations.
        public var severity: Severity
        /// The most severe finding's (or recommendation's) message.
        public var headline: String
        /// The codes of its findings, most severe first.
        public var codes: [FindingCode]
        /// The other findings' messages.
        public var related: [String]
        /// Actions that ran for it (watchdog or reconcile).
        public var done: [String]
        /// Actions that wait for approval.
        public var waiting: [String]
        /// Actions the gatekeeper refused, or that failed.
        public var refused: [String]
        /// The next step for a person.
        public var next: String
    }

    /// Incidents, most severe first.
    public var incidents: [Incident]
    /// One paragraph.
    public var summary: String
}
