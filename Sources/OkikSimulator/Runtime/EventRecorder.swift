import Foundation

/// Records events as the real components emit them, aggregating repeats of the same reason and message on the same
/// object into one Event with a count and first/last timestamps (the client-go event correlator's behaviour).
struct EventRecorder: Sendable {
    private(set) var events: [String: SimEvent] = [:]
    private var byAggregate: [String: String] = [:]
    private var counter: UInt64 = 0

    /// Records one occurrence; returns the key ("namespace/name") of the Event to write.
    mutating func record(
        _ involved: ObjectRef, fieldPath: String? = nil, type: String, reason: String, message: String,
        component: String, host: String? = nil, at time: Date
    ) -> String {
        let aggregate = "\(involved.kind.rawValue)|\(involved.key)|\(fieldPath ?? "")|\(type)|\(reason)|\(message)|\(component)"
        if let key = byAggregate[aggregate], var event = events[key] {
            event.count += 1
            event.last = time
            events[key] = event
            return key
        }
        counter += 1
        let nanos = UInt64(max(0, time.timeIntervalSince1970) * 1_000_000_000) &+ counter
        let namespace = involved.kind == .node || involved.kind == .namespace || involved.kind == .persistentVolume
            ? "default" : involved.namespace
        let event = SimEvent(
            namespace: namespace, name: "\(involved.name).\(String(nanos, radix: 16))", involved: involved,
            fieldPath: fieldPath, type: type, reason: reason, message: message, component: component, host: host,
            count: 1, first: time, last: time)
        events[event.key] = event
        byAggregate[aggregate] = event.key
        return event.key
    }

    /// Marks an event as written.
    mutating func markStored(_ key: String) { events[key]?.inStore = true }

    /// Removes events last seen before `cutoff`; returns the removed ones that were written.
    mutating func expire(before cutoff: Date) -> [String] {
        let old = events.values.filter { $0.last < cutoff }
        for event in old {
            events[event.key] = nil
        }
        byAggregate = byAggregate.filter { events[$0.value] != nil }
        return old.filter(\.inStore).map(\.key).sorted()
    }

    /// Forgets an event deleted by someone else.
    mutating func forget(_ key: String) {
        guard events.removeValue(forKey: key) != nil else { return }
        byAggregate = byAggregate.filter { $0.value != key }
    }
}
