import DequeModule
import Foundation
import OkikKubeClient

/// The simulated cluster's storage: every object of every kind, one global revision counter (like etcd's),
/// a bounded history of changes for watch resumption, and the watchers.
///
/// All writes go through this actor, so each is atomic: a request is applied whole or not at all.
public actor ObjectStore {
    /// Kinds served.
    public nonisolated let registry: ResourceRegistry
    private var revision = 0
    private var collections: [String: [String: StoredObject]] = [:]
    /// The keys of each kind's objects by namespace, so a namespaced list or read touches its namespace only (as
    /// the API server reads one key range) instead of every object of the kind.
    private var namespaceKeys: [String: [String: Set<String>]] = [:]
    private var owners: [String: Set<ObjectAddress>] = [:]
    private var history: Deque<WatchRecord> = []
    private let historyLimit: Int
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcher = 0
    private var snapshots: [String: ListSnapshot] = [:]
    private var snapshotOrder: [String] = []
    private let snapshotLimit = 64
    private var uidCounter = 0
    /// Time source for creation timestamps (the simulator's clock).
    private let now: @Sendable () -> Date
    /// Called with every change, inside the store (the simulated cluster runtime listens here).
    private var observer: (@Sendable (WatchRecord) -> Void)?

    struct ObjectAddress: Hashable, Sendable {
        var resourceKey: String
        var key: String
    }

    private struct Watcher {
        var resourceKey: String
        var namespace: String?
        var labels: LabelSelectorQuery
        var fields: FieldSelectorQuery
        var continuation: AsyncStream<WatchRecord>.Continuation
    }

    private struct ListSnapshot {
        var items: [StoredObject]
        var resourceVersion: Int
        var created: Date
    }

    /// Creates an empty store.
    /// - Parameters:
    ///   - historyLimit: changes kept for watches that resume from a resourceVersion; older ones get 410 Gone.
    ///   - now: the clock for timestamps.
    public init(
        registry: ResourceRegistry = .standard, historyLimit: Int = 10_000, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.registry = registry
        self.historyLimit = historyLimit
        self.now = now
    }

    /// The current global revision.
    public var currentRevision: Int { revision }

    // MARK: - Reads

    /// One object.
    /// - Throws: ``APIError`` NotFound.
    public func get(_ definition: ResourceDefinition, namespace: String?, name: String) throws -> StoredObject {
        guard let object = collections[definition.key]?["\(namespace ?? "")/\(name)"] else {
            throw APIError.notFound(definition, name)
        }
        return object
    }

    /// Objects of a kind, optionally in one namespace and filtered by selectors, sorted by namespace and name.
    func list(
        _ definition: ResourceDefinition, namespace: String?, labels: LabelSelectorQuery = .everything,
        fields: FieldSelectorQuery = .everything
    ) -> (items: [StoredObject], resourceVersion: Int) {
        let all = collections[definition.key] ?? [:]
        var items: [StoredObject]
        if let namespace {
            items = (namespaceKeys[definition.key]?[namespace] ?? []).compactMap { all[$0] }.filter { object in
                Self.matches(object, labels, fields)
            }
        } else {
            items = all.values.filter { object in Self.matches(object, labels, fields) }
        }
        items.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        return (items, revision)
    }

    /// Every object of a kind, unsorted (for controllers).
    public func all(_ definition: ResourceDefinition, namespace: String? = nil) -> [StoredObject] {
        let all = collections[definition.key] ?? [:]
        guard let namespace else { return Array(all.values) }
        return (namespaceKeys[definition.key]?[namespace] ?? []).compactMap { all[$0] }
    }

    /// One page of a list with a consistent snapshot across pages: the first page fixes the item set, and the
    /// continue token refers to it.
    /// - Throws: ``APIError`` Gone when the continue token has expired.
    func listPage(
        _ definition: ResourceDefinition, namespace: String?, labels: LabelSelectorQuery, fields: FieldSelectorQuery,
        limit: Int?, continueToken: String?
    ) throws -> (items: ArraySlice<StoredObject>, resourceVersion: Int, continueToken: String?, remaining: Int?) {
        let snapshot: ListSnapshot
        let offset: Int
        if let continueToken, !continueToken.isEmpty {
            guard let separator = continueToken.firstIndex(of: ":"),
                let position = Int(continueToken[continueToken.index(after: separator)...])
            else { throw APIError.badRequest("invalid continue token \"\(continueToken)\"") }
            let id = String(continueToken[..<separator])
            guard let found = snapshots[id], now().timeIntervalSince(found.created) < 300 else {
                throw APIError.gone(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
            }
            snapshot = found
            offset = position
        } else {
            let (items, version) = list(definition, namespace: namespace, labels: labels, fields: fields)
            snapshot = ListSnapshot(items: items, resourceVersion: version, created: now())
            offset = 0
        }
        guard let limit, limit > 0, offset + limit < snapshot.items.count else {
            return (snapshot.items[min(offset, snapshot.items.count)...], snapshot.resourceVersion, nil, nil)
        }
        let end = offset + limit
        var id = continueToken.flatMap { $0.split(separator: ":").first.map(String.init) } ?? ""
        if id.isEmpty {
            id = "s\(snapshot.resourceVersion)-\(UUID().uuidString.prefix(8))"
            snapshots[id] = snapshot
            snapshotOrder.append(id)
            if snapshotOrder.count > snapshotLimit { snapshots[snapshotOrder.removeFirst()] = nil }
        }
        return (snapshot.items[offset..<end], snapshot.resourceVersion, "\(id):\(end)", snapshot.items.count - end)
    }

    private static func matches(_ object: StoredObject, _ labels: LabelSelectorQuery, _ fields: FieldSelectorQuery) -> Bool {
        if !labels.requirements.isEmpty && !labels.matches(object.labels) { return false }
        if fields.terms.isEmpty { return true }
        return fields.matches { field in
            switch field {
            case "metadata.name": object.name
            case "metadata.namespace": object.namespace
            default: object.fields[field]
            }
        }
    }

    // MARK: - Writes

    /// Creates an object, filling in uid, creationTimestamp, generation, resourceVersion and a generated name.
    /// - Throws: ``APIError`` AlreadyExists, NotFound (namespace), Invalid.
    @discardableResult
    public func create(_ definition: ResourceDefinition, namespace: String?, object: JSONValue, dryRun: Bool = false)
        throws -> StoredObject
    {
        try createAll(definition, [(namespace, object)], dryRun: dryRun)[0].get()
    }

    /// Creates objects of one kind exactly as ``create(_:namespace:object:dryRun:)`` would one after another, in
    /// order, each succeeding or failing on its own. Checking, defaulting and serializing run on all cores; uids,
    /// revisions and the watch history are assigned in order.
    public func createAll(
        _ definition: ResourceDefinition, _ objects: [(namespace: String?, object: JSONValue)], dryRun: Bool = false
    ) -> [Result<StoredObject, any Error>] {
        let namespaces = collections[Self.namespaceKey] ?? [:]
        let registry = self.registry
        let firstSuffix = uidCounter + 1
        let checked = Array(objects.enumerated()).parallelMap { position, item in
            Result {
                try Self.checkCreate(
                    definition, namespace: item.namespace, object: item.object, namespaces: namespaces,
                    registry: registry, generatedSuffix: Self.suffix(firstSuffix + position))
            }
        }
        // Identities in order, as one create after another would assign them.
        var results = checked.map { $0.map { _ in Optional<StoredObject>.none } }
        var admitted: [(position: Int, object: NewObject)] = []
        var keys = Set<String>()
        let timestamp = Timestamp(now()).withoutFraction.rfc3339
        var nextRevision = revision + 1
        for (position, result) in checked.enumerated() {
            guard case .success(var object) = result else { continue }
            if collections[definition.key]?[object.key] != nil || !keys.insert(object.key).inserted {
                results[position] = .failure(APIError.alreadyExists(definition, object.name))
                continue
            }
            uidCounter += 1
            object.uid = Self.uid(uidCounter)
            object.creationTimestamp = timestamp
            object.resourceVersion = nextRevision
            nextRevision += 1
            admitted.append((position, object))
        }
        let stored = admitted.parallelMap { $0.object.stored(definition) }
        if !dryRun {
            for object in stored { insert(definition, object, type: "ADDED", previous: nil) }
        }
        for (index, entry) in admitted.enumerated() { results[entry.position] = .success(stored[index]) }
        // Every item that passed the checks was admitted or failed as AlreadyExists, so no success is left empty.
        return results.map { $0.map { $0! } }
    }

    /// An object to create that passed the checks, waiting for its identity.
    private struct NewObject: Sendable {
        var json: JSONValue
        var key: String
        var name: String
        var uid = ""
        var creationTimestamp = ""
        var resourceVersion = 0

        /// The stored form, with identity and defaults filled in.
        func stored(_ definition: ResourceDefinition) -> StoredObject {
            var json = json
            var metadata = json["metadata"]?.objectValue ?? [:]
            metadata["uid"] = .string(uid)
            metadata["creationTimestamp"] = .string(creationTimestamp)
            metadata["generation"] = 1
            metadata["resourceVersion"] = .string(String(resourceVersion))
            metadata["deletionTimestamp"] = nil
            json["metadata"] = .object(metadata)
            json["apiVersion"] = .string(definition.apiVersion)
            json["kind"] = .string(definition.kind)
            Defaults.apply(to: &json, definition: definition)
            Defaults.normalize(&json, definition: definition)
            return StoredObject.make(json, definition: definition, resourceVersion: resourceVersion)
        }
    }

    /// What create checks before an object gets an identity: the namespace (given, defaulted, existing), the name
    /// (given or generated) and validation.
    private static func checkCreate(
        _ definition: ResourceDefinition, namespace: String?, object: JSONValue, namespaces: [String: StoredObject],
        registry: ResourceRegistry, generatedSuffix: @autoclosure () -> String
    ) throws -> NewObject {
        var json = object
        var metadata = json["metadata"]?.objectValue ?? [:]
        if definition.namespaced {
            let ns = namespace ?? metadata["namespace"]?.stringValue ?? "default"
            if let given = metadata["namespace"]?.stringValue, !given.isEmpty, given != ns {
                throw APIError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            metadata["namespace"] = .string(ns)
            guard namespaces["/\(ns)"] != nil else {
                throw APIError.notFound(Self.namespaceDefinition(registry), ns)
            }
        } else {
            metadata["namespace"] = nil
        }
        if metadata["name"]?.stringValue?.isEmpty ?? true, let prefix = metadata["generateName"]?.stringValue {
            metadata["name"] = .string(prefix + generatedSuffix())
        }
        let name = metadata["name"]?.stringValue ?? ""
        json["metadata"] = .object(metadata)
        try Validation.validate(json, definition: definition, name: name)
        let key = "\(definition.namespaced ? metadata["namespace"]?.stringValue ?? "" : "")/\(name)"
        return NewObject(json: json, key: key, name: name)
    }

    /// Replaces an object (PUT), or only its status when `statusOnly`; checks a given resourceVersion.
    /// - Throws: ``APIError`` NotFound, Conflict, Invalid.
    @discardableResult
    public func update(
        _ definition: ResourceDefinition, namespace: String?, name: String, object: JSONValue, statusOnly: Bool = false,
        dryRun: Bool = false
    ) throws -> StoredObject {
        let current = try get(definition, namespace: namespace, name: name)
        if let given = object.value(at: ["metadata", "resourceVersion"])?.stringValue, !given.isEmpty,
            given != String(current.resourceVersion)
        {
            throw APIError.conflict(definition, name)
        }
        if let givenName = object.value(at: ["metadata", "name"])?.stringValue, givenName != name {
            throw APIError.badRequest("the name of the object (\(givenName)) does not match the name on the URL (\(name))")
        }
        let old = try current.json()
        var json: JSONValue
        if statusOnly {
            json = old
            json["status"] = object["status"]
        } else {
            json = object
            if definition.hasStatus { json["status"] = old["status"] }
            var metadata = json["metadata"]?.objectValue ?? [:]
            let oldMetadata = old["metadata"]?.objectValue ?? [:]
            for field in ["uid", "creationTimestamp", "generation", "namespace", "deletionTimestamp", "name"] {
                metadata[field] = oldMetadata[field]
            }
            json["metadata"] = .object(metadata)
        }
        json["apiVersion"] = .string(definition.apiVersion)
        json["kind"] = .string(definition.kind)
        return try replace(definition, current: current, old: old, new: json, dryRun: dryRun)
    }

    /// Applies a change function to the current JSON of an object atomically (patches, controllers).
    /// - Throws: ``APIError`` NotFound, Invalid, or what `change` throws.
    @discardableResult
    public func modify(
        _ definition: ResourceDefinition, namespace: String?, name: String, statusOnly: Bool = false,
        dryRun: Bool = false, _ change: (inout JSONValue) throws -> Void
    ) throws -> StoredObject {
        let current = try get(definition, namespace: namespace, name: name)
        let old = try current.json()
        var json = old
        try change(&json)
        if let given = json.value(at: ["metadata", "resourceVersion"])?.stringValue, !given.isEmpty,
            given != String(current.resourceVersion)
        {
            throw APIError.conflict(definition, name)
        }
        if statusOnly {
            var merged = old
            merged["status"] = json["status"]
            json = merged
        } else if definition.hasStatus {
            // Writes to the main resource of a kind with a status subresource leave status alone;
            // controllers that write both use `modifyAll`.
            json["status"] = old["status"]
        }
        var metadata = json["metadata"]?.objectValue ?? [:]
        let oldMetadata = old["metadata"]?.objectValue ?? [:]
        for field in ["uid", "creationTimestamp", "namespace", "name"] { metadata[field] = oldMetadata[field] }
        json["metadata"] = .object(metadata)
        return try replace(definition, current: current, old: old, new: json, dryRun: dryRun)
    }

    /// Like ``modify(_:namespace:name:statusOnly:dryRun:_:)`` but lets the change touch spec and status together,
    /// as the simulated controllers do.
    @discardableResult
    public func modifyAll(
        _ definition: ResourceDefinition, namespace: String?, name: String, _ change: (inout JSONValue) throws -> Void
    ) throws -> StoredObject {
        let current = try get(definition, namespace: namespace, name: name)
        let old = try current.json()
        var json = old
        try change(&json)
        return try replace(definition, current: current, old: old, new: json, dryRun: false)
    }

    /// One object's change in ``modifyEach(_:_:)``.
    public struct ObjectChange: Sendable {
        /// The object's namespace (nil for cluster-scoped kinds).
        public var namespace: String?
        /// The object's name.
        public var name: String
        /// The change to its JSON, spec and status alike.
        public var change: @Sendable (inout JSONValue) throws -> Void

        /// A change to one object.
        public init(namespace: String?, name: String, change: @escaping @Sendable (inout JSONValue) throws -> Void) {
            self.namespace = namespace
            self.name = name
            self.change = change
        }
    }

    /// Changes objects of one kind exactly as ``modifyAll(_:namespace:name:_:)`` would one after another, in order,
    /// each succeeding or failing on its own. Parsing, changing, validating and serializing run on all cores;
    /// revisions and the watch history are assigned in order. A batch naming an object twice is applied one by one.
    public func modifyEach(
        _ definition: ResourceDefinition, _ changes: [ObjectChange]
    ) -> [Result<StoredObject, any Error>] {
        let keys = changes.map { "\($0.namespace ?? "")/\($0.name)" }
        guard Set(keys).count == keys.count else {
            return changes.map { item in
                Result { try modifyAll(definition, namespace: item.namespace, name: item.name, item.change) }
            }
        }
        let targets = zip(changes, keys).map { ($0, collections[definition.key]?[$1]) }
        let prepared = targets.parallelMap { item, current in
            Result { () throws -> (current: StoredObject, json: JSONValue?) in
                guard let current else { throw APIError.notFound(definition, item.name) }
                let old = try current.json()
                var json = old
                try item.change(&json)
                return (current, try Self.replacement(definition, current: current, old: old, new: json))
            }
        }
        var results = prepared.map { $0.map(\.current) }
        var changed: [(position: Int, previous: StoredObject, json: JSONValue, revision: Int)] = []
        for (position, result) in prepared.enumerated() {
            guard case .success(let entry) = result, let json = entry.json else { continue }
            changed.append((position, entry.current, json, revision + changed.count + 1))
        }
        let stored = changed.parallelMap { entry in
            StoredObject.make(
                Self.withResourceVersion(entry.json, entry.revision), definition: definition,
                resourceVersion: entry.revision)
        }
        for (entry, object) in zip(changed, stored) {
            insert(definition, object, type: "MODIFIED", previous: entry.previous)
            results[entry.position] = .success(object)
        }
        return results
    }

    /// Writes an object wholesale, creating or replacing it without reading or validating the stored version (the
    /// simulated metrics pipeline publishes PodMetrics and NodeMetrics this way; ``put(_:namespace:object:)`` is the
    /// checked, public form).
    @discardableResult
    func publish(_ definition: ResourceDefinition, namespace: String?, object: JSONValue) throws -> StoredObject {
        let name = object.value(at: ["metadata", "name"])?.stringValue ?? ""
        let previous = collections[definition.key]?["\(definition.namespaced ? namespace ?? "" : "")/\(name)"]
        var json = object
        json["apiVersion"] = .string(definition.apiVersion)
        json["kind"] = .string(definition.kind)
        return try commit(definition, json: json, type: previous == nil ? "ADDED" : "MODIFIED", previous: previous, dryRun: false)
    }

    private func replace(
        _ definition: ResourceDefinition, current: StoredObject, old: JSONValue, new: JSONValue, dryRun: Bool
    ) throws -> StoredObject {
        // No-op writes do not bump the revision.
        guard let json = try Self.replacement(definition, current: current, old: old, new: new) else { return current }
        return try commit(definition, json: json, type: "MODIFIED", previous: current, dryRun: dryRun)
    }

    /// What replacing `old` by `new` stores (without a resourceVersion yet), after validation; nil when nothing
    /// changes.
    private static func replacement(
        _ definition: ResourceDefinition, current: StoredObject, old: JSONValue, new: JSONValue
    ) throws -> JSONValue? {
        var json = new
        var metadata = json["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = nil
        metadata["managedFields"] = json.value(at: ["metadata", "managedFields"]) ?? old.value(at: ["metadata", "managedFields"])
        if metadata["managedFields"] == .null { metadata["managedFields"] = nil }
        let oldGeneration = old.value(at: ["metadata", "generation"])?.intValue ?? 1
        let specChanged = Self.specPart(old) != Self.specPart(json)
        metadata["generation"] = .int(specChanged ? oldGeneration + 1 : oldGeneration)
        json["metadata"] = .object(metadata)
        Defaults.normalize(&json, definition: definition)
        try Validation.validate(json, definition: definition, name: current.name)
        var comparableOld = old
        comparableOld["metadata"]?["resourceVersion"] = nil
        // `.none`, not `nil`: JSONValue is ExpressibleByNilLiteral, so a bare nil here would mean JSON null.
        if comparableOld == json { return .none }
        return json
    }

    private static func specPart(_ json: JSONValue) -> JSONValue? {
        guard var object = json.objectValue else { return nil }
        object["metadata"] = nil
        object["status"] = nil
        return .object(object)
    }

    /// Deletes an object and, unless orphaning, its dependents; deleting a namespace deletes its contents.
    /// - Throws: ``APIError`` NotFound, Conflict (failed preconditions).
    @discardableResult
    public func delete(
        _ definition: ResourceDefinition, namespace: String?, name: String, propagation: String? = nil,
        preconditions: (uid: String?, resourceVersion: String?) = (nil, nil), dryRun: Bool = false
    ) throws -> StoredObject {
        let current = try get(definition, namespace: namespace, name: name)
        if let uid = preconditions.uid, uid != current.uid {
            throw APIError(
                code: 409, reason: "Conflict",
                message:
                    "Operation cannot be fulfilled on \(definition.qualifiedName) \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.uid)")
        }
        if let version = preconditions.resourceVersion, version != String(current.resourceVersion) {
            throw APIError.conflict(definition, name)
        }
        if dryRun { return current }
        remove(definition, current)
        if definition.kind == "Namespace" && definition.group.isEmpty {
            for (resourceKey, objects) in collections {
                guard let member = registry.definitions.first(where: { $0.key == resourceKey }), member.namespaced
                else { continue }
                for object in objects.values where object.namespace == name { remove(member, object) }
            }
        } else if propagation != "Orphan" {
            cascade(from: current)
        } else {
            orphan(current)
        }
        return current
    }

    private func cascade(from owner: StoredObject) {
        guard let dependents = owners[owner.uid] else { return }
        owners[owner.uid] = nil
        for address in dependents {
            guard let object = collections[address.resourceKey]?[address.key],
                let definition = registry.definitions.first(where: { $0.key == address.resourceKey })
            else { continue }
            remove(definition, object)
            cascade(from: object)
        }
    }

    private func orphan(_ owner: StoredObject) {
        guard let dependents = owners[owner.uid] else { return }
        owners[owner.uid] = nil
        for address in dependents {
            guard let definition = registry.definitions.first(where: { $0.key == address.resourceKey }),
                let object = collections[address.resourceKey]?[address.key]
            else { continue }
            _ = try? modifyAll(definition, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name) { json in
                let remaining = json.value(at: ["metadata", "ownerReferences"])?.arrayValue?.filter {
                    $0["uid"]?.stringValue != owner.uid
                }
                json["metadata"]?["ownerReferences"] = remaining.map { $0.isEmpty ? nil : .array($0) } ?? nil
            }
        }
    }

    private func remove(_ definition: ResourceDefinition, _ object: StoredObject) {
        guard collections[definition.key]?.removeValue(forKey: object.key) != nil else { return }
        namespaceKeys[definition.key]?[object.namespace]?.remove(object.key)
        for uid in object.ownerUIDs {
            owners[uid]?.remove(ObjectAddress(resourceKey: definition.key, key: object.key))
        }
        revision += 1
        // The DELETED event carries the last state with the deletion's revision.
        let deleted = (try? object.json()).map {
            StoredObject.make(Self.withResourceVersion($0, revision), definition: definition, resourceVersion: revision)
        } ?? object
        record(WatchRecord(type: "DELETED", object: deleted, previous: nil))
    }

    private func commit(
        _ definition: ResourceDefinition, json: JSONValue, type: String, previous: StoredObject?, dryRun: Bool
    ) throws -> StoredObject {
        let next = revision + 1
        let stored = StoredObject.make(
            Self.withResourceVersion(json, next), definition: definition, resourceVersion: next)
        if dryRun { return stored }
        insert(definition, stored, type: type, previous: previous)
        return stored
    }

    /// Makes a stored object current: the revision moves to its version, indexes follow, watchers are told.
    private func insert(
        _ definition: ResourceDefinition, _ stored: StoredObject, type: String, previous: StoredObject?
    ) {
        revision = stored.resourceVersion
        if collections[definition.key, default: [:]].updateValue(stored, forKey: stored.key) == nil {
            namespaceKeys[definition.key, default: [:]][stored.namespace, default: []].insert(stored.key)
        }
        if let previous {
            for uid in previous.ownerUIDs { owners[uid]?.remove(ObjectAddress(resourceKey: definition.key, key: previous.key)) }
        }
        for uid in stored.ownerUIDs {
            owners[uid, default: []].insert(ObjectAddress(resourceKey: definition.key, key: stored.key))
        }
        record(WatchRecord(type: type, object: stored, previous: previous))
    }

    private static func withResourceVersion(_ json: JSONValue, _ version: Int) -> JSONValue {
        var json = json
        var metadata = json["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = .string(String(version))
        json["metadata"] = .object(metadata)
        return json
    }

    // MARK: - Watch

    /// Sets the function called with every change (one observer; nil removes it). It runs inside the store, so it
    /// must only enqueue.
    func setObserver(_ observer: (@Sendable (WatchRecord) -> Void)?) {
        self.observer = observer
    }

    private func record(_ event: WatchRecord) {
        observer?(event)
        history.append(event)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        for (id, watcher) in watchers where watcher.resourceKey == event.object.resourceKey {
            guard let delivered = Self.translate(event, for: watcher) else { continue }
            if case .dropped = watcher.continuation.yield(delivered) {
                // A watcher that cannot keep up is closed; the client resumes from its last resourceVersion.
                watcher.continuation.finish()
                watchers[id] = nil
            }
        }
    }

    /// What a watcher with selectors sees: ADDED when an object starts matching, DELETED when it stops.
    private static func translate(_ event: WatchRecord, for watcher: Watcher) -> WatchRecord? {
        let object = event.object
        if let namespace = watcher.namespace, object.namespace != namespace { return nil }
        let nowMatches = matches(object, watcher.labels, watcher.fields)
        guard event.type == "MODIFIED", let previous = event.previous else { return nowMatches ? event : nil }
        let wasMatching = matches(previous, watcher.labels, watcher.fields)
        switch (wasMatching, nowMatches) {
        case (true, true): return event
        case (false, true): return WatchRecord(type: "ADDED", object: object, previous: nil)
        case (true, false): return WatchRecord(type: "DELETED", object: object, previous: nil)
        case (false, false): return nil
        }
    }

    /// Starts a watch. With no resourceVersion (or "0") it begins with ADDED events for the current objects;
    /// with one, it replays the retained changes after it.
    /// - Throws: ``APIError`` Gone when the version is older than the retained history.
    func watch(
        _ definition: ResourceDefinition, namespace: String?, labels: LabelSelectorQuery, fields: FieldSelectorQuery,
        resourceVersion: String?, bufferSize: Int = 50_000
    ) throws -> (stream: AsyncStream<WatchRecord>, id: Int) {
        let (stream, continuation) = AsyncStream<WatchRecord>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let watcher = Watcher(
            resourceKey: definition.key, namespace: namespace, labels: labels, fields: fields, continuation: continuation)
        if let resourceVersion, !resourceVersion.isEmpty, resourceVersion != "0" {
            guard let version = Int(resourceVersion) else {
                throw APIError.badRequest("invalid resourceVersion \"\(resourceVersion)\"")
            }
            let oldest = history.first.map { $0.object.resourceVersion - 1 } ?? revision
            if version < oldest {
                throw APIError.gone("too old resource version: \(version) (\(oldest))")
            }
            for event in history where event.object.resourceVersion > version && event.object.resourceKey == definition.key {
                if let delivered = Self.translate(event, for: watcher) { continuation.yield(delivered) }
            }
        } else {
            for object in list(definition, namespace: namespace, labels: labels, fields: fields).items {
                continuation.yield(WatchRecord(type: "ADDED", object: object, previous: nil))
            }
        }
        let id = nextWatcher
        nextWatcher += 1
        watchers[id] = watcher
        continuation.onTermination = { [weak self] _ in
            Task { await self?.stopWatch(id) }
        }
        return (stream, id)
    }

    func stopWatch(_ id: Int) {
        watchers[id]?.continuation.finish()
        watchers[id] = nil
    }

    /// Ends every open watch (server shutdown, or a fault that cuts watches).
    func closeAllWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers = [:]
    }

    // MARK: - Helpers

    static let namespaceKey = "/namespaces"

    static func namespaceDefinition(_ registry: ResourceRegistry) -> ResourceDefinition {
        registry.definition(apiVersion: "v1", kind: "Namespace")!
    }

    /// A deterministic five-character suffix in the alphabet the API server uses for generated names.
    static func suffix(_ seed: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var text = ""
        for _ in 0..<5 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
        }
        return text
    }

    private static func uid(_ counter: Int) -> String {
        let hex = String(counter, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "5a1b0c2d-0000-4000-8000-\(padded)"
    }
}

extension Timestamp {
    /// The same instant truncated to whole seconds (`metav1.Time` precision).
    var withoutFraction: Timestamp { Timestamp(seconds: seconds, nanoseconds: 0) }
}

