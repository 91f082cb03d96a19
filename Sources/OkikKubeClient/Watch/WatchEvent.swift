/// One change seen by a watch.
public enum WatchEvent<R: KubernetesResource>: Sendable {
    /// An object appeared (or was first seen).
    case added(R)
    /// An object changed.
    case modified(R)
    /// An object was removed; carries its last state.
    case deleted(R)
    /// The server reached this resourceVersion; no object changed.
    case bookmark(resourceVersion: String)

    /// The object of an added, modified or deleted event.
    public var object: R? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object
        case .bookmark: nil
        }
    }

    /// The event type as the API names it (`ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`).
    public var type: String {
        switch self {
        case .added: "ADDED"
        case .modified: "MODIFIED"
        case .deleted: "DELETED"
        case .bookmark: "BOOKMARK"
        }
    }
}

/// Options of a watch.
public struct WatchOptions: Sendable {
    /// Label and field selectors (paging fields are ignored).
    public var selectors: ListOptions
    /// Start after this resourceVersion; nil starts with synthetic `ADDED` events for every current object.
    public var resourceVersion: String?
    /// Objects the caller already holds (from a list at `resourceVersion`); used to emit `DELETED` events for
    /// objects that disappear while the watch relists after a 410.
    public var knownObjects: [any KubernetesResource]
    /// Ask the server for bookmarks, so resuming after a drop skips less history.
    public var allowBookmarks: Bool
    /// Server-side duration of one watch request; the watch reconnects after it.
    public var timeoutSeconds: Int
    /// Reconnect when the server ends the stream or the connection drops; when false the sequence ends instead.
    public var reconnect: Bool
    /// On 410 Gone, list again and continue with the differences as events; when false, 410 is thrown.
    public var relistOnGone: Bool
    /// Consecutive failed connection attempts tolerated before the sequence throws.
    public var maxConsecutiveFailures: Int
    /// When true, an object the model cannot decode does not end the watch: it is left out (a known object that
    /// becomes unreadable is reported `DELETED`) and handed to ``onUndecodable``. Informers set this.
    public var skipUndecodable: Bool
    /// Called with each object left out by ``skipUndecodable``.
    public var onUndecodable: (@Sendable (UndecodableItem) -> Void)?
    /// Called with the namespace and name of an object left out by ``skipUndecodable`` when a `DELETED` event
    /// removes it, so a caller that remembers such objects can forget it.
    public var onUndecodableDeleted: (@Sendable (_ namespace: String?, _ name: String?) -> Void)?
    /// Called after a relist (on 410 Gone) with every object the new list left out: the complete set, replacing
    /// whatever was left out before (objects deleted meanwhile are not in it).
    public var onUndecodableRelisted: (@Sendable ([UndecodableItem]) -> Void)?

    /// Creates options.
    public init(
        selectors: ListOptions = ListOptions(), resourceVersion: String? = nil,
        knownObjects: [any KubernetesResource] = [], allowBookmarks: Bool = true, timeoutSeconds: Int = 300,
        reconnect: Bool = true, relistOnGone: Bool = true, maxConsecutiveFailures: Int = 6,
        skipUndecodable: Bool = false, onUndecodable: (@Sendable (UndecodableItem) -> Void)? = nil,
        onUndecodableDeleted: (@Sendable (_ namespace: String?, _ name: String?) -> Void)? = nil,
        onUndecodableRelisted: (@Sendable ([UndecodableItem]) -> Void)? = nil
    ) {
        self.selectors = selectors
        self.resourceVersion = resourceVersion
        self.knownObjects = knownObjects
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
        self.reconnect = reconnect
        self.relistOnGone = relistOnGone
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.skipUndecodable = skipUndecodable
        self.onUndecodable = onUndecodable
        self.onUndecodableDeleted = onUndecodableDeleted
        self.onUndecodableRelisted = onUndecodableRelisted
    }
}
