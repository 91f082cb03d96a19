/// An event (`v1 Event`): a report of something that happened to an object.
public struct Event: NamespacedResource, Hashable {
    /// `v1, Kind=Event`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Event")
    /// The plural resource name used in URLs.
    public static let resourceName = "events"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The object the event is about.
    public var involvedObject: ObjectReference?
    /// Machine-readable reason, such as `FailedScheduling` or `BackOff`.
    public var reason: String?
    /// Human-readable description.
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    /// How often the event occurred.
    public var count: Int?
    /// When the event was first recorded.
    public var firstTimestamp: Timestamp?
    /// When the event was last recorded.
    public var lastTimestamp: Timestamp?
    /// When the event was first observed, to the microsecond (`MicroTime`).
    public var eventTime: Timestamp?
    /// The component that reported the event (legacy).
    public var source: Source?
    /// The controller that emitted the event, such as `kubelet`.
    public var reportingComponent: String?
    /// The instance of the controller, such as the node name.
    public var reportingInstance: String?
    /// What was done or failed, such as `Scheduling`.
    public var action: String?
    /// Data about a series of repeated events.
    public var series: Series?
    /// A secondary object involved.
    public var related: ObjectReference?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        involvedObject: ObjectReference? = nil,
        reason: String? = nil,
        message: String? = nil,
        type: String? = nil,
        count: Int? = nil,
        firstTimestamp: Timestamp? = nil,
        lastTimestamp: Timestamp? = nil,
        eventTime: Timestamp? = nil,
        source: Source? = nil,
        reportingComponent: String? = nil,
        reportingInstance: String? = nil,
        action: String? = nil,
        series: Series? = nil,
        related: ObjectReference? = nil
    ) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.eventTime = eventTime
        self.source = source
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
        self.action = action
        self.series = series
        self.related = related
    }

    /// The component and host that reported an event.
    public struct Source: Codable, Sendable, Hashable {
        /// Component, such as `kubelet`.
        public var component: String?
        /// Node name.
        public var host: String?

        /// Creates a value; every field is optional.
        public init(
            component: String? = nil,
            host: String? = nil
        ) {
            self.component = component
            self.host = host
        }
    }

    /// A series of repeated events.
    public struct Series: Codable, Sendable, Hashable {
        /// Occurrences in the series.
        public var count: Int?
        /// When the last occurrence was observed.
        public var lastObservedTime: Timestamp?

        /// Creates a value; every field is optional.
        public init(
            count: Int? = nil,
            lastObservedTime: Timestamp? = nil
        ) {
            self.count = count
            self.lastObservedTime = lastObservedTime
        }
    }
}
